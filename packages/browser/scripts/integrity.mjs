// Runs after tsup (`pnpm build`): computes the Subresource Integrity hash (sha384, as browsers check it in a
// `<script integrity>`) of the script-tag build and writes it, with the versioned CDN URLs of this release, to
// dist/affiliate-relay.global.sri.json, exported as `@affiliate-relay/browser/script-integrity.json`. The consent
// script tag (dist/affiliate-relay.consent.global.js) gets the same under the manifest's `consent` key, and the
// hand-off script tag (dist/affiliate-relay.handoff.global.js) under `handoff`.
// `node scripts/integrity.mjs [dist-dir]` works on another folder (test/integrity.test.ts uses this).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = 'affiliate-relay.global.js';
const CONSENT_SCRIPT = 'affiliate-relay.consent.global.js';
const HANDOFF_SCRIPT = 'affiliate-relay.handoff.global.js';
const dist = process.argv[2] ? resolve(process.argv[2]) : fileURLToPath(new URL('../dist', import.meta.url));
const { name, version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const entry = (file) => ({
  file,
  integrity: `sha384-${createHash('sha384')
    .update(readFileSync(join(dist, file)))
    .digest('base64')}`,
  version,
  unpkg: `https://unpkg.com/${name}@${version}/dist/${file}`,
  jsdelivr: `https://cdn.jsdelivr.net/npm/${name}@${version}/dist/${file}`,
});
const manifest = {
  ...entry(SCRIPT),
  consent: entry(CONSENT_SCRIPT),
  // Always in a build (test/script-export.test.ts checks it); a folder of other files may lack it.
  ...(existsSync(join(dist, HANDOFF_SCRIPT)) ? { handoff: entry(HANDOFF_SCRIPT) } : {}),
};
writeFileSync(join(dist, 'affiliate-relay.global.sri.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`integrity: ${SCRIPT} ${manifest.integrity}`);
console.log(`integrity: ${CONSENT_SCRIPT} ${manifest.consent.integrity}`);
if (manifest.handoff) console.log(`integrity: ${HANDOFF_SCRIPT} ${manifest.handoff.integrity}`);
