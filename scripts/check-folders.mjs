// Fails when a folder of a package's `src/` (packages/*/src, apps/*/src and every folder below them) directly
// holds more than MAX source files. A source file is a `.ts` or `.tsx` file that is not a test: `*.test.ts`
// (unit and `*.integration.test.ts` alike) does not count; fixtures (`*.fixture.ts`) and contract suites do.
// Files in sub-folders count for their own folder only. A folder that outgrows the limit is split into rooms
// named for their concept (see CONTRIBUTING.md, "Where things are").
//
// Usage: node scripts/check-folders.mjs   (run by `pnpm check:cycles` and scripts/test.sh as the step `folders`)
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const MAX = 16;
const root = new URL('..', import.meta.url).pathname;

const isSource = (name) => /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith('.d.ts');

/** Every `src/` folder of the workspace's packages and apps. */
function sourceRoots() {
  const roots = [];
  for (const group of ['packages', 'apps']) {
    for (const entry of readdirSync(join(root, group), { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const src = join(root, group, entry.name, 'src');
      try {
        readdirSync(src);
        roots.push(src);
      } catch {
        // a package without src/ has nothing to count
      }
    }
  }
  return roots;
}

const tooFull = [];
let folders = 0;
function visit(dir) {
  folders += 1;
  const entries = readdirSync(dir, { withFileTypes: true });
  const sources = entries.filter((entry) => entry.isFile() && isSource(entry.name)).length;
  if (sources > MAX) tooFull.push(`${relative(root, dir)}/ holds ${sources} source files (at most ${MAX})`);
  for (const entry of entries) if (entry.isDirectory()) visit(join(dir, entry.name));
}
for (const src of sourceRoots()) visit(src);

if (tooFull.length > 0) {
  console.error(`check-folders: ${tooFull.length} folder(s) too full:\n  ${tooFull.join('\n  ')}`);
  console.error('Split each into rooms named for their concept (CONTRIBUTING.md, "Where things are").');
  process.exit(1);
}
console.log(`check-folders: ${folders} folders under src/, none holds more than ${MAX} source files`);
