import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

// The script-tag build, served from the shop's own origin (blockers leave first-party scripts alone).
// NOTE: resolved from the project's package.json: inside Next's server bundle, import.meta.url is no file path.
const require = createRequire(join(process.cwd(), 'package.json'));
const script = readFileSync(require.resolve('@affiliate-relay/browser/script'), 'utf8');

export const GET = () =>
  new Response(script, { headers: { 'Content-Type': 'text/javascript; charset=utf-8' } });
