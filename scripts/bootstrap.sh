#!/usr/bin/env bash
# Installs what the project needs on a fresh machine: pnpm (pinned), the workspace's packages and,
# with --browser, Debian's Chromium for Playwright. Safe to run again: each step is skipped when done.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=10.34.9
want_browser=0
for arg in "$@"; do
  case "$arg" in
    --browser) want_browser=1 ;;
    *) echo "bootstrap: unknown option $arg" >&2; exit 2 ;;
  esac
done

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  echo "bootstrap: installing pnpm $PNPM_VERSION"
  # npm -g reads its own prefix's npmrc; without this it fails on the certificate chain here.
  export NODE_EXTRA_CA_CERTS="${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}"
  as_root npm install -g --no-fund --no-audit "pnpm@$PNPM_VERSION" >/dev/null
fi

if [ "$want_browser" = 1 ] && [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "bootstrap: installing Debian's chromium"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi

# The node package's tests start a throwaway PostgreSQL cluster with Debian's initdb and pg_ctl.
if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
  echo "bootstrap: installing Debian's postgresql"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi

export TURBO_TELEMETRY_DISABLED=1
# CI=true lets pnpm purge a stale node_modules without a TTY.
CI="${CI:-true}" pnpm install --frozen-lockfile --reporter=append-only | tail -n 3
