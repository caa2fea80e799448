import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/*
 * The test's helper: start the shop as its README says (its own start command, configured by environment
 * variables), and drive one sale through it over HTTP (landing → server capture or beacon → order). The caller
 * passes the testkit's fakes, so this file needs no package of its own.
 * Every example carries this same file, so that each folder can be copied out whole; `pnpm check:examples` fails
 * when the four copies differ: change one, copy it to the other three.
 */

export const MERCHANT_ID = '0b1e5f7c-3c4a-4f7e-9a51-2f0d6c7b8e91';
export const AFLITE = { apiKey: 'example-aflite-key', merchantId: 'example-merchant', goalId: '1' };
export const COOKIE_SECRET = 'example-cookie-secret-of-at-least-32-characters';
const BROWSER_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36';

export interface RunningExample {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/** The environment every example reads: where the networks are, and their credentials. */
export function exampleEnv(avantlinkUrl: string, afliteUrl: string): Record<string, string> {
  return {
    AVANTLINK_BASE_URL: avantlinkUrl,
    AVANTLINK_MERCHANT_ID: MERCHANT_ID,
    AFLITE_BASE_URL: afliteUrl,
    AFLITE_API_KEY: AFLITE.apiKey,
    AFLITE_MERCHANT_ID: AFLITE.merchantId,
    AFLITE_GOAL_ID: AFLITE.goalId,
    COOKIE_SECRET,
    // Plain http on 127.0.0.1: a Secure cookie would not come back from a browser.
    COOKIE_INSECURE: '1',
  };
}

/**
 * The `start` script of the example's package.json in `cwd`, as a command (`node` is the Node running the test):
 * the test starts the shop exactly as `npm start` would.
 */
export function startScript(cwd: string): string[] {
  const { scripts } = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  const [program = 'node', ...args] = scripts.start.split(' ');
  return [program === 'node' ? process.execPath : program, ...args];
}

/**
 * Spawns `command` in `cwd` with `env` added, and resolves once it prints `listening on http://…`.
 * Rejects (and kills it) if it exits first or stays silent for `timeoutMs`.
 */
export function startExample(
  command: string[],
  options: {
    cwd: string;
    env: Record<string, string>;
    timeoutMs?: number;
    /** What the output says once it serves. Default: `listening on (URL)`, the URL captured. */
    ready?: RegExp;
    /** The URL, when `ready` captures none (a fixed port). */
    url?: string;
  },
): Promise<RunningExample> {
  const [program = 'node', ...args] = command;
  const child = spawn(program, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const stop = () => stopChild(child);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`the example did not start in ${options.timeoutMs ?? 30_000} ms:\n${output}`));
    }, options.timeoutMs ?? 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = (options.ready ?? /listening on (http:\/\/\S+)/i).exec(output);
      const url = match?.[1] ?? (match ? options.url : undefined);
      if (url) {
        clearTimeout(timer);
        resolve({ url: url.replace(/\/$/, ''), output: () => output, stop });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the example exited with ${code} before listening:\n${output}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {}
    }, 5_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    try {
      // The whole process group: `next dev` and friends start children of their own.
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      resolve();
    }
  });
}

/** Waits until `check` holds (a background call has arrived), or fails after `ms`. */
export async function eventually(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function cookiesOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
}

/**
 * AvantLink: a shopper lands on a product page from an affiliate link; the server captures the click
 * before any JavaScript (the signed cookie comes with the page, the click call goes to AvantLink), then
 * checks out. Returns what the test asserts on.
 */
export async function avantLinkJourney(url: string) {
  const landing = await fetch(`${url}/products/tent?avad=77_f3afbe121`, {
    headers: { 'user-agent': BROWSER_UA, referer: 'https://blog.example/best-tents' },
  });
  const page = await landing.text();
  const cookie = cookiesOf(landing);
  const checkout = await fetch(`${url}/checkout`, {
    method: 'POST',
    headers: { 'user-agent': BROWSER_UA, cookie, 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ sku: 'tent', quantity: 1 }),
  });
  return { landing, page, cookie, checkout, order: (await checkout.json()) as ShopOrder };
}

/**
 * Aflite: the browser script on a landing beacons the click to the collect endpoint (what it sends,
 * sent here without a browser), which answers with the signed cookie; then the shopper checks out.
 */
export async function afliteJourney(url: string) {
  const landingUrl = `${url}/?clickSource=aflite&clickSessionID=abc123`;
  const beacon = await fetch(`${url}/affiliate-relay/collect`, {
    method: 'POST',
    headers: { 'user-agent': BROWSER_UA, 'content-type': 'text/plain;charset=UTF-8', origin: url },
    body: JSON.stringify({
      touches: [{ network: 'aflite', clickId: 'abc123', capturedAt: Date.now() - 1_000, landingUrl }],
      visitorId: 'vis_example01',
      pageUrl: landingUrl,
      referrer: 'https://blog.example/',
    }),
  });
  const cookie = cookiesOf(beacon);
  const checkout = await fetch(`${url}/checkout`, {
    method: 'POST',
    headers: { 'user-agent': BROWSER_UA, cookie, 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ sku: 'tent', quantity: 2 }),
  });
  return { beacon, cookie, checkout, order: (await checkout.json()) as ShopOrder };
}

/** What every example's `POST /checkout` answers. */
export interface ShopOrder {
  orderId: string;
  subtotal: number;
  results: Record<string, { status: string; reason?: string }>;
}
