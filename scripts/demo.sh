#!/usr/bin/env bash
# Starts the demo storefront and QA console on embedded defaults (fake networks on loopback, no
# accounts), installing what is missing first. Environment variables are documented in apps/demo/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1
bash scripts/bootstrap.sh
# shellcheck source=node-env.sh
source scripts/node-env.sh
echo "demo: Node $(node --version)"
pnpm exec turbo run build --filter=@affiliate-relay/demo^... --output-logs=errors-only
exec pnpm --filter @affiliate-relay/demo run demo
