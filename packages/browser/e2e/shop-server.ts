import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ackValue, type Touch } from '@affiliate-relay/core';
import { build } from 'esbuild';

/** The two builds every journey runs against. */
export type Build = 'script-tag' | 'npm';

/** Options the next product pages give the script (data-* attributes, or init's options). */
export interface PageOptions {
  consent?: 'granted' | 'pending';
  windowDays?: number;
  /** Script-tag build: load it with `<script type="module">`, where `document.currentScript` is null. */
  module?: boolean;
  /** Script-tag build: load it as `/assets/tracker.js`, a name without "affiliate-relay" in it. */
  renamed?: boolean;
  /** Script-tag build: mark the tag with `data-affiliate-relay`. */
  marker?: boolean;
  /** Loads the script twice (two tags, or init called twice, as React StrictMode and HMR do). */
  twice?: boolean;
  /**
   * Loads the consent sources beside the script: the consent script tag with these data-* attributes (script-tag
   * build), or `connectConsent(these)` (npm build). Either sets window.AffiliateRelayConsent.
   */
  consentSources?: Record<string, string | boolean>;
  /** The consent tag before the main one, or connectConsent before init (it then waits for the script to start). */
  consentFirst?: boolean;
  /** HTML in the head before the script (a CMP, Google's gtag snippet), and after it. */
  before?: string;
  after?: string;
}

/** One request that reached the collect endpoint. */
export interface ReceivedBeacon {
  contentType: string | undefined;
  raw: string;
  body: unknown;
}

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
/**
 * URL prefix → directory of built files the pages load. The npm build is served as published, via an import map
 * that names it alone: it carries core's code and js-cookie inside, so a page that loads it needs nothing else.
 */
const STATIC_ROOTS: Record<string, string> = {
  '/assets/': join(packageDir, 'dist'),
  '/modules/browser/': join(packageDir, 'dist'),
};
const IMPORT_MAP = {
  imports: {
    '@affiliate-relay/browser': '/modules/browser/index.js',
    '@affiliate-relay/browser/consent': '/modules/browser/consent.js',
  },
};
/** Test-only scripts bundled for the page on first request: IAB's CMP API. */
const TEST_ASSETS: Record<string, string> = {
  '/test-assets/tcf-cmp.js': join(packageDir, 'e2e/consent/tcf-cmp.ts'),
};
const bundles = new Map<string, Promise<string>>();
function bundle(entry: string): Promise<string> {
  let code = bundles.get(entry);
  if (!code) {
    code = build({
      entryPoints: [entry],
      bundle: true,
      format: 'iife',
      platform: 'browser',
      write: false,
    }).then((result) => result.outputFiles[0]!.text);
    bundles.set(entry, code);
  }
  return code;
}
const COLLECT_PATH = '/affiliate-relay/collect';
/** The script-tag build under a name a shop may give its own copy (PageOptions.renamed). */
const RENAMED_SCRIPT = '/assets/tracker.js';

/**
 * A tiny shop on 127.0.0.1: any page under /script-tag/ or /npm/ is a product page that loads that build of
 * the script; POST /affiliate-relay/collect records beacons (also readable at GET /__beacons) and answers with
 * the relay's `ar_ack` cookie for their touches.
 */
export async function startShopServer() {
  const beacons: ReceivedBeacon[] = [];
  let pageOptions: PageOptions = {};

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (request.method === 'POST' && url.pathname === COLLECT_PATH) {
      const raw = await readBody(request);
      const body = parseJson(raw) as { touches?: Touch[] } | undefined;
      beacons.push({ contentType: request.headers['content-type'], raw, body });
      // As the relay answers: ar_ack, readable by the script, names the touches the server keeps.
      if (Array.isArray(body?.touches)) {
        response.setHeader('set-cookie', `ar_ack=${ackValue(body.touches)}; Path=/; SameSite=Lax`);
      }
      return send(response, 204, '', 'text/plain');
    }
    const asset = TEST_ASSETS[url.pathname];
    if (asset) return send(response, 200, await bundle(asset), 'text/javascript');
    if (url.pathname === '/__beacons')
      return send(response, 200, JSON.stringify(beacons), 'application/json');
    const path = url.pathname === RENAMED_SCRIPT ? '/assets/affiliate-relay.global.js' : url.pathname;
    for (const [prefix, root] of Object.entries(STATIC_ROOTS)) {
      if (!path.startsWith(prefix)) continue;
      const file = normalize(join(root, path.slice(prefix.length)));
      if (!file.startsWith(root)) return send(response, 403, 'forbidden', 'text/plain');
      const content = await readFile(file).catch(() => undefined);
      if (!content) return send(response, 404, 'not found', 'text/plain');
      return send(response, 200, content, 'text/javascript');
    }
    const build = url.pathname.split('/')[1];
    if (build === 'script-tag' || build === 'npm')
      return send(response, 200, productPage(build, pageOptions), 'text/html');
    return send(response, 404, 'not found', 'text/plain');
  }

  // Long enough for the 100 KB hostile landing URL (Node's default limit is 16 KB).
  const server = createServer({ maxHeaderSize: 512 * 1024 }, (request, response) => {
    handle(request, response).catch(() => send(response, 500, 'error', 'text/plain'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    beacons,
    /** Options for the pages served from now on. */
    setPageOptions(options: PageOptions) {
      pageOptions = options;
    },
    reset() {
      beacons.length = 0;
      pageOptions = {};
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type ShopServer = Awaited<ReturnType<typeof startShopServer>>;

function productPage(build: Build, options: PageOptions): string {
  const { module, renamed, marker, twice, consentSources, consentFirst, before, after, ...initOptions } =
    options;
  const attributes = [
    module && 'type="module"',
    `src="${renamed ? RENAMED_SCRIPT : '/assets/affiliate-relay.global.js'}"`,
    marker && 'data-affiliate-relay',
    `data-endpoint="${COLLECT_PATH}"`,
    options.consent && `data-consent="${options.consent}"`,
    options.windowDays && `data-window-days="${options.windowDays}"`,
  ];
  const start = `init(${JSON.stringify({ endpoint: COLLECT_PATH, ...initOptions })})`;
  const consentAttributes = Object.entries(consentSources ?? {}).map(([name, value]) =>
    value === true ? `data-${kebab(name)}` : `data-${kebab(name)}="${value}"`,
  );
  const consentTag = consentSources
    ? `<script src="/assets/affiliate-relay.consent.global.js" ${consentAttributes.join(' ')}></script>`
    : '';
  // npm build: connectConsent before init (it waits for the instance) or after it, given the instance.
  const connect = (relay: string) =>
    consentSources
      ? `window.AffiliateRelayConsent = connectConsent(${JSON.stringify(consentSources)}${relay});`
      : '';
  const mainTags = `<script ${attributes.filter(Boolean).join(' ')}></script>`.repeat(twice ? 2 : 1);
  const script =
    build === 'script-tag'
      ? consentFirst
        ? consentTag + mainTags
        : mainTags + consentTag
      : `<script type="importmap">${JSON.stringify(IMPORT_MAP)}</script>
    <script type="module">
      import { init } from '@affiliate-relay/browser';
      import { connectConsent } from '@affiliate-relay/browser/consent';
      ${consentFirst ? connect('') : ''}
      ${twice ? `${start};` : ''}
      window.AffiliateRelay = ${start};
      ${consentFirst ? '' : connect(', window.AffiliateRelay')}
    </script>`;
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>Tent: a test shop</title>
    ${before ?? ''}
    ${script}
    ${after ?? ''}
  </head>
  <body><h1>Tent</h1><p>A product page of the test shop.</p></body>
</html>`;
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

function send(response: ServerResponse, status: number, body: string | Buffer, type: string): void {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  response.end(body);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
