// Installs the four packages as a shop would before the first release, and type-checks code that uses them.
// Packs each package (`pnpm pack`), installs the tarballs into a new project in the system's temp folder (outside
// the workspace, so nothing resolves through workspace links), then runs tsc on tooling/install-check/use.ts
// under moduleResolution node10, node16 (the file as .cts and as .mts) and bundler, with skipLibCheck as most
// shops have it (which is where an unresolved subpath hides: its types silently become `any`).
// Each run checks use.ts and tooling/install-check/wrong-order.ts together and expects exactly one error: TS2322
// on wrong-order's `subtotal` line. Were the order input `any`, it would compile and this check fails.
// Dependencies come from the pnpm store when present (--prefer-offline), else from the npm registry.
// Exits non-zero on any failure. Pass --keep to keep the temp project for a look.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installFromTarballs, packTarballs, root, run, workspaceVersion } from './lib/tarballs.mjs';

const fixtures = join(root, 'tooling/install-check');

const dir = mkdtempSync(join(tmpdir(), 'affiliate-relay-install-'));
const failures = [];
try {
  const ours = packTarballs(join(dir, 'tarballs'));
  const manifest = {
    name: 'affiliate-relay-install-check',
    private: true,
    dependencies: {
      ...ours,
      zod: workspaceVersion('zod', 'packages/core'),
      msw: workspaceVersion('msw', 'packages/testkit'),
      '@types/node': workspaceVersion('@types/node'),
      typescript: workspaceVersion('typescript'),
    },
  };
  installFromTarballs(dir, manifest, ours);

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
    // TypeScript 6 deprecates node10 (TS5107) unless told, as a shop still on it must tell it too.
    {
      name: 'node10',
      flags: ['--module', 'commonjs', '--moduleResolution', 'node10', '--ignoreDeprecations', '6.0'],
      exts: ['ts'],
    },
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
