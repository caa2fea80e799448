// Runs the code of the READMEs as a shop would copy it. Every TypeScript or JavaScript block of README.md and
// the packages' READMEs must be marked, on the line just before its fence, either
//   <!-- run: server -->   a whole server: run with tsx, then driven over HTTP (a beacon, two checkouts) and
//                          checked at the testkit's fake AvantLink (tooling/readme-check/driver.mjs), or
//   <!-- run: script -->   a whole program: run with tsx, must exit 0, or
//   <!-- run: service -->  a program that runs until stopped (the fakes): must stay up 3 s, then is stopped, or
//   <!-- fragment -->      a piece of a program (shown in context, not runnable alone): not run.
// An unmarked block fails the check, so a new block is either proven or said to be a fragment.
// The blocks run in a new project in the system's temp folder, outside the workspace, with the four packages
// installed from their packed tarballs (scripts/lib/tarballs.mjs) and the environment variables the README lists,
// and with every connection past loopback refused (tooling/readme-check/guard.mjs).
// Exits non-zero on any failure. Pass --keep to keep the temp project, --list to only list the blocks.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installFromTarballs, packTarballs, root, run, workspaceVersion } from './lib/tarballs.mjs';

const READMES = [
  'README.md',
  'packages/core/README.md',
  'packages/browser/README.md',
  'packages/node/README.md',
  'packages/testkit/README.md',
];
const CODE = new Set(['ts', 'js', 'tsx', 'mjs', 'cjs']);

/** The fenced blocks of a Markdown file, each with its language, first line number and the marker above it. */
export function readBlocks(file) {
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)/.exec(lines[i]);
    if (!open) continue;
    const start = i;
    let end = i + 1;
    while (end < lines.length && !lines[end].startsWith('```')) end++;
    const above = lines[start - 1]?.trim() ?? '';
    const marker = /^<!--\s*(run:\s*(server|script|service)|fragment)\b.*-->$/.exec(above);
    blocks.push({
      file,
      line: start + 1,
      lang: open[1],
      code: lines.slice(start + 1, end).join('\n'),
      mark: marker ? (marker[2] ?? 'fragment') : undefined,
    });
    i = end;
  }
  return blocks;
}

const blocks = READMES.flatMap(readBlocks).filter((block) => CODE.has(block.lang));
const failures = [];
for (const block of blocks.filter((b) => !b.mark))
  failures.push(
    `${block.file}:${block.line}: an unmarked ${block.lang} block: put <!-- run: server -->, <!-- run: script --> or <!-- fragment --> on the line above it`,
  );
const runnable = blocks.filter((b) => b.mark === 'server' || b.mark === 'script' || b.mark === 'service');
console.log(
  `readme-check: ${blocks.length} code blocks: ${runnable.length} to run, ${blocks.filter((b) => b.mark === 'fragment').length} fragments, ${blocks.length - runnable.length - blocks.filter((b) => b.mark === 'fragment').length} unmarked`,
);
if (process.argv.includes('--list')) {
  for (const b of blocks) console.log(`  ${b.file}:${b.line} ${b.lang} ${b.mark ?? 'UNMARKED'}`);
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'affiliate-relay-readme-'));
try {
  if (runnable.length > 0) {
    const ours = packTarballs(join(dir, 'tarballs'));
    // What the README's quick start tells a shop to install, and nothing of the workspace.
    installFromTarballs(
      dir,
      {
        name: 'affiliate-relay-readme-check',
        private: true,
        type: 'module',
        dependencies: {
          ...ours,
          express: workspaceVersion('express', 'examples/express'),
          tsx: workspaceVersion('tsx'),
        },
      },
      ours,
    );
    for (const name of ['guard.mjs', 'driver.mjs'])
      copyFileSync(join(root, 'tooling/readme-check', name), join(dir, name));
    mkdirSync(join(dir, 'blocks'));
    for (const block of runnable) {
      const name = `blocks/${block.file.replaceAll('/', '-').replace(/\.md$/, '')}-${block.line}.${block.lang}`;
      writeFileSync(join(dir, name), `${block.code}\n`);
      const label = `${block.file}:${block.line} (${block.mark})`;
      try {
        run(process.execPath, ['driver.mjs', block.mark, name], dir);
        console.log(`  ${label}: ran as written`);
      } catch (error) {
        failures.push(`${label}: ${error.stdout ?? ''}${error.stderr ?? error}`);
      }
    }
  }
} catch (error) {
  failures.push(String(error?.stderr || error?.stack || error));
} finally {
  if (process.argv.includes('--keep')) console.log(`  kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}

for (const failure of failures) console.error(`readme-check: ${failure}`);
console.log(`readme-check: ${failures.length === 0 ? 'passed' : `${failures.length} failed`}`);
process.exit(failures.length === 0 ? 0 : 1);
