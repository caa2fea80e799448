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
# node itself, not `pnpm run`: Ctrl+C then stops the demo (it delivers what is pending, exits 0) without pnpm
# reporting the interrupted script as ERR_PNPM_RECURSIVE_RUN_FIRST_FAIL. tsx is loaded as a hook, in-process.
cd apps/demo
exec node --import tsx src/main.ts
