// Installs the four packages as a shop would before the first release, and type-checks code that uses them.
// Packs each package (`pnpm pack`), installs the tarballs into a new project in the system's temp folder (outside
// the workspace, so nothing resolves through workspace links), then runs tsc on tooling/install-check/use.ts
// under moduleResolution node10, node16 (the file as .cts and as .mts) and bundler, with skipLibCheck as most
// shops have it (which is where an unresolved subpath hides: its types silently become `any`).
// Each run checks use.ts and tooling/install-check/wrong-order.ts together and expects exactly one error: TS2322
// on wrong-order's `subtotal` line. Were the order input `any`, it would compile and this check fails.
// Dependencies come from the pnpm store when present (--prefer-offline), else from the npm registry.
// Exits non-zero on any failure. Pass --keep to keep the temp project for a look.
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const packages = ['core', 'browser', 'node', 'testkit'];
const fixtures = join(root, 'tooling/install-check');

/** The version the workspace itself uses, so the temp project is checked with the same tools. */
function workspaceVersion(name, fromPackage) {
  const require = createRequire(join(root, fromPackage, 'package.json'));
  return JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
}

function run(command, args, cwd) {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

const dir = mkdtempSync(join(tmpdir(), 'affiliate-relay-install-'));
const failures = [];
try {
  const tarballs = join(dir, 'tarballs');
  mkdirSync(tarballs);
  for (const name of packages)
    run('pnpm', ['pack', '--pack-destination', tarballs], join(root, 'packages', name));
  const files = readdirSync(tarballs);
  const tarball = (name) => {
    const file = files.find((f) => f.startsWith(`affiliate-relay-${name}-`) && f.endsWith('.tgz'));
    if (!file) throw new Error(`no tarball for ${name} in ${files.join(', ')}`);
    return `file:./tarballs/${file}`;
  };
  const ours = Object.fromEntries(packages.map((name) => [`@affiliate-relay/${name}`, tarball(name)]));
  const manifest = {
    name: 'affiliate-relay-install-check',
    private: true,
    dependencies: {
      ...ours,
      zod: workspaceVersion('zod', 'packages/core'),
      msw: workspaceVersion('msw', 'packages/testkit'),
      '@types/node': workspaceVersion('@types/node', '.'),
      typescript: workspaceVersion('typescript', '.'),
    },
    // The tarballs depend on each other by version (0.0.0 is not published): point those at the tarballs too.
    pnpm: { overrides: ours },
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  run(
    'pnpm',
    ['install', '--prefer-offline', '--ignore-workspace', '--no-frozen-lockfile', '--reporter=silent'],
    dir,
  );

  mkdirSync(join(dir, 'src'));
  for (const ext of ['ts', 'cts', 'mts']) copyFileSync(join(fixtures, 'use.ts'), join(dir, `src/use.${ext}`));
  copyFileSync(join(fixtures, 'wrong-order.ts'), join(dir, 'src/wrong-order.ts'));
  for (const ext of ['cts', 'mts'])
    copyFileSync(join(fixtures, 'wrong-order.ts'), join(dir, `src/wrong-order.${ext}`));
  const subtotalLine =
    readFileSync(join(fixtures, 'wrong-order.ts'), 'utf8')
      .split('\n')
      .findIndex((line) => line.includes("subtotal: '100.00'")) + 1;

  const tsc = join(dir, 'node_modules/typescript/bin/tsc');
  const common = ['--noEmit', '--strict', '--skipLibCheck', '--target', 'es2022', '--lib', 'es2022,dom'];
  const modes = [
    { name: 'node10', flags: ['--module', 'commonjs', '--moduleResolution', 'node10'], exts: ['ts'] },
    { name: 'node16', flags: ['--module', 'node16', '--moduleResolution', 'node16'], exts: ['cts', 'mts'] },
    { name: 'bundler', flags: ['--module', 'esnext', '--moduleResolution', 'bundler'], exts: ['ts'] },
  ];
  for (const mode of modes) {
    for (const ext of mode.exts) {
      const label = `${mode.name} (.${ext})`;
      let out = '';
      try {
        out = run(
          process.execPath,
          [tsc, ...common, ...mode.flags, '--types', 'node', `src/use.${ext}`, `src/wrong-order.${ext}`],
          dir,
        );
      } catch (error) {
        out = `${error.stdout ?? ''}${error.stderr ?? ''}`;
      }
      const errors = out.split('\n').filter((line) => /error TS\d+/.test(line));
      const expected =
        errors.length === 1 &&
        errors[0].startsWith(`src/wrong-order.${ext}(${subtotalLine},`) &&
        errors[0].includes('TS2322');
      if (expected) console.log(`  ${label}: use.${ext} type-checks; a string subtotal is TS2322`);
      else
        failures.push(`${label}: expected only TS2322 at wrong-order.${ext}:${subtotalLine}, got:\n${out}`);
    }
  }
} catch (error) {
  failures.push(String(error?.stderr || error?.stack || error));
} finally {
  if (process.argv.includes('--keep')) console.log(`  kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}

for (const failure of failures) console.error(`install-check: ${failure}`);
console.log(`install-check: ${failures.length === 0 ? 'passed' : `${failures.length} failed`}`);
process.exit(failures.length === 0 ? 0 : 1);
