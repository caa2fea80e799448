#!/usr/bin/env bash
# Runs every check and every test of the project on this machine, installing what is missing first.
# Runs on the project's Node 24 (.node-version); the node and testkit suites run again on Node 22.
# Ends with one line, `N passed, N failed, N skipped`, summing every test runner (vitest on both Node lines,
# Playwright) and check.
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
: > reports/step-times.txt

step() {
  local name=$1
  shift
  local started=$SECONDS
  echo "::: $name: $*"
  if "$@"; then echo "$name passed" >> reports/steps.txt; else echo "$name failed" >> reports/steps.txt; fi
  # How long each step took, for keeping CI under its 15 minutes (read by nothing but people).
  echo "$name $((SECONDS - started)) s" >> reports/step-times.txt
}

# The packages' `test:node22` suites (node, testkit: the clients, relay, stores and the node:http adapter) again
# on the lowest supported Node line (engines >=22.13), each writing reports/vitest-node22.json.
node22_tests() (
  use_node "$AR_NODE22_VERSION" || exit 1
  local version
  version="$(node --version)"
  echo "test: Node $version for the test:node22 suites"
  case "$version" in v22.*) ;; *) echo "test: expected Node 22, got $version"; exit 1 ;; esac
  pnpm --recursive --workspace-concurrency=1 --no-bail run test:node22
)

step lint pnpm run lint
# No import cycle in any package (type-only imports included), no src/ folder over 16 source files.
step cycles pnpm run check:cycles
step majors node scripts/check-majors.mjs
step build pnpm run build
step api-reports pnpm run api:check
step typecheck pnpm run typecheck
step package-checks pnpm run check:packages
step install-check pnpm run check:install
step readme-check pnpm run check:readme
# Each example copied out of the repository, installed from the tarballs, its own typecheck and test run there.
step examples-check pnpm run check:examples
step release-dry-run pnpm run release:dry-run
step unit-tests pnpm run test
# The outbox under a hung AvantLink, 10 s of load (pnpm bench runs the full 30 s).
step outbox-load pnpm --filter @affiliate-relay/node run load:hung --seconds 10
step node22-tests node22_tests
step budgets pnpm exec turbo run budget --continue
step e2e pnpm run e2e
# The benchmark in its short mode: checks that it runs, never its numbers (see BENCHMARKS.md).
step bench-smoke node bench/run.mjs --short

sed "s/^/  time /" reports/step-times.txt
node scripts/summarize.mjs
