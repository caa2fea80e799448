// Runs after tsup (`pnpm build`): computes the Subresource Integrity hash (sha384, as browsers check it in a
// `<script integrity>`) of the script-tag build and writes it, with the versioned CDN URLs of this release, to
// dist/affiliate-relay.global.sri.json, exported as `@affiliate-relay/browser/script-integrity.json`.
// `node scripts/integrity.mjs [dist-dir]` works on another folder (test/integrity.test.ts uses this).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = 'affiliate-relay.global.js';
const dist = process.argv[2] ? resolve(process.argv[2]) : fileURLToPath(new URL('../dist', import.meta.url));
const { name, version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const integrity = `sha384-${createHash('sha384')
  .update(readFileSync(join(dist, SCRIPT)))
  .digest('base64')}`;
const manifest = {
  file: SCRIPT,
  integrity,
  version,
  unpkg: `https://unpkg.com/${name}@${version}/dist/${SCRIPT}`,
  jsdelivr: `https://cdn.jsdelivr.net/npm/${name}@${version}/dist/${SCRIPT}`,
};
writeFileSync(join(dist, 'affiliate-relay.global.sri.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`integrity: ${SCRIPT} ${integrity}`);
