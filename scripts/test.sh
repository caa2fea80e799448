#!/usr/bin/env bash
# Runs every check and every test of the project on this machine, installing what is missing first.
# Ends with one line, `N passed, N failed`, summing every test runner (vitest, Playwright) and check.
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
step typecheck pnpm run typecheck
step package-checks pnpm run check:packages
step unit-tests pnpm run test
step budgets pnpm exec turbo run budget --continue
step e2e pnpm run e2e
# The benchmark in its short mode: checks that it runs, never its numbers (see BENCHMARKS.md).
step bench-smoke node bench/run.mjs --short

node scripts/summarize.mjs
