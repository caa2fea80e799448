#!/usr/bin/env bash
# Installs what the project needs on a fresh machine: the pinned Node (`.node-version`, into `.tools/`),
# pnpm (pinned by package.json), the workspace's packages and, on request, Debian's Chromium (--browser,
# for Playwright) and PostgreSQL (--postgres, for the store tests). Safe to run again: each step is
# skipped when done. Scripts that call it source scripts/node-env.sh themselves to use the same Node.
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0
want_postgres=0
for arg in "$@"; do
  case "$arg" in
    --browser) want_browser=1 ;;
    --postgres) want_postgres=1 ;;
    *) echo "bootstrap: unknown option $arg" >&2; exit 2 ;;
  esac
done

# shellcheck source=node-env.sh
source scripts/node-env.sh
echo "bootstrap: Node $(node --version), pnpm $(pnpm --version)"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

if [ "$want_browser" = 1 ] && [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "bootstrap: installing Debian's chromium"
  apt_install chromium
fi

# The node package's store tests start a throwaway PostgreSQL cluster with Debian's initdb and pg_ctl.
if [ "$want_postgres" = 1 ] && ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
  echo "bootstrap: installing Debian's postgresql"
  apt_install postgresql
fi

export TURBO_TELEMETRY_DISABLED=1
# CI=true lets pnpm purge a stale node_modules without a TTY.
CI="${CI:-true}" pnpm install --frozen-lockfile --reporter=append-only | tail -n 3
