import { ackValue } from '@affiliate-relay/core';
import { vi } from 'vitest';
import { INSTANCE } from '../src/init';

/** One `document.cookie = …` write, split into its parts. */
export interface CookieWrite {
  name: string;
  value: string;
  /** Attribute names in lower case → value (`true` for a flag such as `secure`). */
  attributes: Record<string, string | true>;
  raw: string;
}

export interface FakeBrowserOptions {
  referrer?: string;
  /** Domains the browser refuses a cookie on (public suffixes). Default: none, beyond foreign domains. */
  publicSuffixes?: string[];
  /** What `navigator.sendBeacon` answers. Default: true (queued). */
  sendBeacon?: boolean | 'missing' | 'throws';
  /** Makes reading and writing `document.cookie` throw, as in a sandboxed frame. */
  cookiesThrow?: boolean;
  /** Cookies already held, name → value. */
  cookies?: Record<string, string>;
  /**
   * Whether the collect endpoint answers a beacon as the relay does, with `ar_ack` for its touches. Default: true.
   * False: every beacon is lost on its way (a network blip, a closed tab, a 5xx).
   */
  acknowledge?: boolean;
}

/**
 * A small stand-in for the globals the script touches (document.cookie, location, history, navigator, fetch,
 * addEventListener), so that `init` runs in Node. The cookie jar follows the rules the script relies on: a
 * past `expires` deletes, a refused `domain` drops the write.
 */
export function installFakeBrowser(url: string, options: FakeBrowserOptions = {}) {
  const jar = new Map<string, string>(Object.entries(options.cookies ?? {}));
  const writes: CookieWrite[] = [];
  const beacons: { url: string; body: string }[] = [];
  const fetches: { url: string; init: RequestInit }[] = [];
  const popstate: (() => void)[] = [];
  let current = new URL(url);
  // A new window: no instance of the script is running in it yet.
  const newWindow = () => delete (globalThis as { [INSTANCE]?: unknown })[INSTANCE];
  newWindow();

  const location = {
    get href() {
      return current.href;
    },
    get hostname() {
      return current.hostname;
    },
    get protocol() {
      return current.protocol;
    },
  };
  const document = {
    referrer: options.referrer ?? '',
    get cookie() {
      if (options.cookiesThrow) throw new Error('SecurityError: cookies are disabled');
      return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    },
    set cookie(raw: string) {
      if (options.cookiesThrow) throw new Error('SecurityError: cookies are disabled');
      const [pair = '', ...parts] = raw.split('; ');
      const at = pair.indexOf('=');
      const write: CookieWrite = { name: pair.slice(0, at), value: pair.slice(at + 1), attributes: {}, raw };
      for (const part of parts) {
        const eq = part.indexOf('=');
        if (eq === -1) write.attributes[part.toLowerCase()] = true;
        else write.attributes[part.slice(0, eq).toLowerCase()] = part.slice(eq + 1);
      }
      writes.push(write);
      const domain = write.attributes.domain;
      if (typeof domain === 'string') {
        const host = current.hostname;
        if (options.publicSuffixes?.includes(domain) || !(host === domain || host.endsWith(`.${domain}`)))
          return;
      }
      const expires = write.attributes.expires;
      if (typeof expires === 'string' && Date.parse(expires) <= Date.now()) jar.delete(write.name);
      else jar.set(write.name, write.value);
    },
  };
  const moveTo = (next: string | URL | null | undefined) => {
    if (next != null) current = new URL(String(next), current.href);
  };
  const history = {} as Pick<History, 'pushState' | 'replaceState'>;
  const resetHistory = () => {
    history.pushState = (_state, _title, next) => moveTo(next);
    history.replaceState = (_state, _title, next) => moveTo(next);
    popstate.length = 0;
  };
  resetHistory();
  // The relay's answer to a beacon that arrived: the keys of the touches it signed, readable by the script.
  // A withdrawal of consent gets ar_ack expired instead (the relay expires its cookies).
  const acknowledge = (body: string) => {
    const sent = JSON.parse(body);
    if (sent.withdraw === true) jar.delete('ar_ack');
    else if (options.acknowledge !== false) jar.set('ar_ack', ackValue(sent.touches));
  };
  const sendBeacon = (target: string, body: string) => {
    if (options.sendBeacon === 'throws') throw new TypeError('sendBeacon blocked');
    beacons.push({ url: target, body });
    if (options.sendBeacon ?? true) acknowledge(body);
    return options.sendBeacon ?? true;
  };

  vi.stubGlobal('location', location);
  vi.stubGlobal('document', document);
  vi.stubGlobal('history', history);
  vi.stubGlobal('navigator', options.sendBeacon === 'missing' ? {} : { sendBeacon });
  vi.stubGlobal('fetch', async (target: string, init: RequestInit) => {
    fetches.push({ url: target, init });
    acknowledge(String(init.body));
    return new Response(null, { status: 204 });
  });
  vi.stubGlobal('addEventListener', (type: string, listener: () => void) => {
    if (type === 'popstate') popstate.push(listener);
  });

  return {
    jar,
    writes,
    beacons,
    fetches,
    history,
    /** The bodies that reached the endpoint, by either way, parsed. */
    sent: () =>
      [...beacons.map((b) => b.body), ...fetches.map((f) => String(f.init.body))].map((b) => JSON.parse(b)),
    /** Back/forward to `next`: the URL changes, then popstate fires. */
    pop(next: string) {
      moveTo(next);
      for (const listener of popstate) listener();
    },
    /** A new page load in the same browser: cookies kept, the old page's script and records gone. */
    load(next: string) {
      moveTo(next);
      newWindow();
      resetHistory();
      beacons.length = 0;
      fetches.length = 0;
      writes.length = 0;
    },
  };
}

export type FakeBrowser = ReturnType<typeof installFakeBrowser>;

/** The names of the cookies held, but the server's acknowledgement (`ar_ack`, the fake collect endpoint's answer). */
export function scriptCookies(browser: { jar: Map<string, string> }): string[] {
  return [...browser.jar.keys()].filter((name) => name !== 'ar_ack');
}
