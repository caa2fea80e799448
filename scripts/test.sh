#!/usr/bin/env bash
# Runs every check and every test of the project on this machine, installing what is missing first.
# Ends with one line, `N passed, N failed, N skipped`, summing every test runner (vitest, Playwright) and check.
set -uo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1

bash scripts/bootstrap.sh --browser --postgres || { echo "0 passed, 1 failed"; exit 1; }
# shellcheck source=node-env.sh
source scripts/node-env.sh
echo "test: Node $(node --version)"

rm -rf packages/*/reports apps/*/reports reports
mkdir -p reports
: > reports/steps.txt

step() {
  local name=$1
  shift
  echo "::: $name: $*"
  if "$@"; then echo "$name passed" >> reports/steps.txt; else echo "$name failed" >> reports/steps.txt; fi
}

step lint pnpm run lint
step build pnpm run build
step api-reports pnpm run api:check
step typecheck pnpm run typecheck
step package-checks pnpm run check:packages
step install-check pnpm run check:install
step release-dry-run pnpm run release:dry-run
step unit-tests pnpm run test
step budgets pnpm exec turbo run budget --continue
step e2e pnpm run e2e

node scripts/summarize.mjs
