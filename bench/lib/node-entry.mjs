// The node package under test: `@affiliate-relay/node` as a shop resolves it, or another build of it named
// by BENCH_NODE_ENTRY (a path to its dist/index.js), to compare two builds side by side.
import { pathToFileURL } from 'node:url';

const entry = process.env.BENCH_NODE_ENTRY;
export const node = await import(entry ? pathToFileURL(entry).href : '@affiliate-relay/node');
