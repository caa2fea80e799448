import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * The few files the pages load, all from this machine: the stylesheets, the console's and the
 * shop's small scripts, the icon, and the script-tag build of @affiliate-relay/browser, exactly as published.
 */

const staticDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'static');
const require = createRequire(import.meta.url);

/** Where the script-tag build lives (the browser package's `script` subpath), or undefined before the build. */
export function browserScriptPath(): string | undefined {
  try {
    return require.resolve('@affiliate-relay/browser/script');
  } catch {
    return undefined;
  }
}

/** A file of an installed package, or undefined when it is missing (a package not built yet). */
function packageFile(specifier: string): string {
  try {
    return require.resolve(specifier);
  } catch {
    return '';
  }
}

const FILES: Record<string, { path: () => string; type: string }> = {
  'base.css': { path: () => join(staticDir, 'base.css'), type: 'text/css; charset=utf-8' },
  'shop.css': { path: () => join(staticDir, 'shop.css'), type: 'text/css; charset=utf-8' },
  'console.css': { path: () => join(staticDir, 'console.css'), type: 'text/css; charset=utf-8' },
  'console-log.css': { path: () => join(staticDir, 'console-log.css'), type: 'text/css; charset=utf-8' },
  'qa.js': { path: () => join(staticDir, 'qa.js'), type: 'text/javascript; charset=utf-8' },
  'qa-dom.js': { path: () => join(staticDir, 'qa-dom.js'), type: 'text/javascript; charset=utf-8' },
  'qa-log.js': { path: () => join(staticDir, 'qa-log.js'), type: 'text/javascript; charset=utf-8' },
  'qa-order.js': { path: () => join(staticDir, 'qa-order.js'), type: 'text/javascript; charset=utf-8' },
  'qa-panels.js': { path: () => join(staticDir, 'qa-panels.js'), type: 'text/javascript; charset=utf-8' },
  'shop.js': { path: () => join(staticDir, 'shop.js'), type: 'text/javascript; charset=utf-8' },
  'cmp.js': { path: () => join(staticDir, 'cmp.js'), type: 'text/javascript; charset=utf-8' },
  // The consent banner, vanilla-cookieconsent, exactly as its npm package ships it (no CDN).
  'cookieconsent.umd.js': {
    path: () => packageFile('vanilla-cookieconsent/dist/cookieconsent.umd.js'),
    type: 'text/javascript; charset=utf-8',
  },
  'cookieconsent.css': {
    path: () => packageFile('vanilla-cookieconsent/dist/cookieconsent.css'),
    type: 'text/css; charset=utf-8',
  },
  'affiliate-relay.consent.global.js': {
    path: () => packageFile('@affiliate-relay/browser/consent-script'),
    type: 'text/javascript; charset=utf-8',
  },
  'favicon.svg': { path: () => join(staticDir, 'favicon.svg'), type: 'image/svg+xml' },
  'affiliate-relay.global.js': {
    path: () => browserScriptPath() ?? '',
    type: 'text/javascript; charset=utf-8',
  },
  // The hand-off entry's script tag (checkouts on another site): on the checkout page only.
  'affiliate-relay.handoff.global.js': {
    path: () => require.resolve('@affiliate-relay/browser/handoff-script'),
    type: 'text/javascript; charset=utf-8',
  },
};

/** A static file by name, or undefined when the demo serves no such file (or it is not built). */
export async function readStatic(name: string): Promise<{ body: Buffer; type: string } | undefined> {
  const file = FILES[name];
  if (!file) return undefined;
  const body = await readFile(file.path()).catch(() => undefined);
  return body ? { body, type: file.type } : undefined;
}
