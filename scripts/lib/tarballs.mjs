// What the copy-out checks share (check-install, check-readme, check-examples): pack the four packages as a
// release would, and install them into a new project outside the workspace, as a shop would before the first
// release (the tarballs depend on each other by version, 0.0.0 is not published: pnpm overrides point those at
// the tarballs too). Dependencies come from the pnpm store when present (--prefer-offline), else the registry.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export const root = new URL('../..', import.meta.url).pathname;
export const PACKAGES = ['core', 'browser', 'node', 'testkit'];

/** The version the workspace itself uses of `name` (as `fromPackage` resolves it), so copies use the same tools. */
export function workspaceVersion(name, fromPackage = '.') {
  const require = createRequire(join(root, fromPackage, 'package.json'));
  return JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
}

export function run(command, args, cwd, env) {
  return execFileSync(command, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(env ? { env: { ...process.env, ...env } } : {}),
  });
}

/**
 * Packs the four packages into `dir` and returns `{ '@affiliate-relay/x': 'file:<dir>/…tgz' }`.
 *
 * @example
 * const ours = packTarballs('/tmp/x/tarballs');
 */
export function packTarballs(dir) {
  mkdirSync(dir, { recursive: true });
  for (const name of PACKAGES) run('pnpm', ['pack', '--pack-destination', dir], join(root, 'packages', name));
  const files = readdirSync(dir);
  return Object.fromEntries(
    PACKAGES.map((name) => {
      const file = files.find((f) => f.startsWith(`affiliate-relay-${name}-`) && f.endsWith('.tgz'));
      if (!file) throw new Error(`no tarball for ${name} in ${files.join(', ')}`);
      return [`@affiliate-relay/${name}`, `file:${join(dir, file)}`];
    }),
  );
}

/**
 * Writes `manifest` into `dir` with our packages pointed at `tarballs` (in dependencies, devDependencies and
 * pnpm.overrides, wherever the manifest names them), then `pnpm install`s it outside any workspace.
 *
 * @example
 * installFromTarballs('/tmp/shop', { name: 'shop', dependencies: { '@affiliate-relay/node': '0.0.0' } }, ours);
 */
export function installFromTarballs(dir, manifest, tarballs) {
  writePinnedManifest(dir, manifest, tarballs);
  run('pnpm', INSTALL_ARGS, dir);
}

/** `pnpm install` outside any workspace, as {@link installFromTarballs} runs it (after {@link writePinnedManifest}). */
export const INSTALL_ARGS = [
  'install',
  '--prefer-offline',
  '--ignore-workspace',
  '--no-frozen-lockfile',
  '--reporter=silent',
];

/**
 * Writes `manifest` into `dir` with our packages pointed at `tarballs` (dependencies, devDependencies and
 * pnpm.overrides), for an install of its own.
 *
 * @example
 * writePinnedManifest('/tmp/shop', manifest, ours);
 */
export function writePinnedManifest(dir, manifest, tarballs) {
  const pinned = structuredClone(manifest);
  for (const field of ['dependencies', 'devDependencies']) {
    for (const name of Object.keys(pinned[field] ?? {}))
      if (tarballs[name]) pinned[field][name] = tarballs[name];
  }
  pinned.pnpm = { ...pinned.pnpm, overrides: { ...pinned.pnpm?.overrides, ...tarballs } };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pinned, null, 2)}\n`);
}
