// The node package under test: `@affiliate-relay/node` as a shop resolves it, or another build of it named
// by BENCH_NODE_ENTRY (a path to its dist/index.js), to compare two builds side by side. One namespace of its
// entries: the root, `./store` and `./clients` (a build from before the subpaths has them all at its root).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const entry = process.env.BENCH_NODE_ENTRY;

async function load(subpath) {
  if (!entry) return import(subpath ? `@affiliate-relay/node/${subpath}` : '@affiliate-relay/node');
  const file = subpath ? fileURLToPath(new URL(`${subpath}.js`, pathToFileURL(entry))) : entry;
  return existsSync(file) ? import(pathToFileURL(file).href) : {};
}

export const node = { ...(await load('')), ...(await load('store')), ...(await load('clients')) };
