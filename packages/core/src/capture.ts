import { isAcceptableClickId } from './click-id';
import { AFLITE_CLICK_SOURCE, LANDING_PARAMS } from './networks';
import type { Touch } from './touch';

/*
 * NOTE: core compiles against the ES library only, so that nothing browser- or Node-bound creeps in.
 * URL and URLSearchParams exist in every runtime we support (browsers, Node 18+, workers); these
 * module-local declarations describe the little of them that is used here.
 */
interface ParsedUrl {
  readonly href: string;
  readonly search: string;
  readonly hash: string;
}
interface SearchParams extends Iterable<[string, string]> {
  get(name: string): string | null;
  has(name: string): boolean;
  append(name: string, value: string): void;
}
declare const URL: new (input: string) => ParsedUrl;
declare const URLSearchParams: new (init: string) => SearchParams;

export interface CaptureOptions {
  /** Capture time in milliseconds since the epoch. Default: `Date.now()`. */
  now?: number;
  /** The referrer to keep on each touch. Default: none. */
  referrer?: string;
}

/**
 * Reads the affiliate clicks that a landing URL carries. Never throws: a URL that cannot be
 * parsed, or a value that is empty, over 512 characters or holds control characters, is no touch.
 *
 * Parameters are read from the query string, and also from a query inside the hash
 * (`/#/product?avad=…`) that hash-routed single-page apps produce; the real query wins.
 *
 * @example
 * captureTouches('https://shop.example/tent?avad=77_f3afbe121', { referrer: document.referrer });
 * // → [{ network: 'avantlink', clickId: '77_f3afbe121', capturedAt: …, landingUrl: '…', referrer: '…' }]
 */
export function captureTouches(
  url: string | { readonly href: string },
  options: CaptureOptions = {},
): Touch[] {
  const parsed = parseUrl(url);
  if (!parsed) return [];
  const params = landingParams(parsed);
  const base = {
    capturedAt: options.now ?? Date.now(),
    landingUrl: parsed.href,
    ...(options.referrer ? { referrer: options.referrer } : {}),
  };
  const touches: Touch[] = [];

  const avad = params.get(LANDING_PARAMS.avad);
  if (isAcceptableClickId(avad)) {
    const gclid = params.get(LANDING_PARAMS.gclid);
    touches.push({
      network: 'avantlink',
      clickId: avad,
      ...base,
      ...(isAcceptableClickId(gclid) ? { gclid } : {}),
    });
  }

  const source = params.get(LANDING_PARAMS.clickSource);
  const session = params.get(LANDING_PARAMS.clickSessionId);
  if (source?.toLowerCase() === AFLITE_CLICK_SOURCE && isAcceptableClickId(session)) {
    touches.push({ network: 'aflite', clickId: session, ...base });
  }
  return touches;
}

function parseUrl(url: string | { readonly href: string }): ParsedUrl | undefined {
  try {
    return new URL(typeof url === 'string' ? url : url.href);
  } catch {
    return undefined;
  }
}

/** Query parameters, with those of a query inside the hash filled in where the query lacks them. */
function landingParams(url: ParsedUrl): SearchParams {
  const params = new URLSearchParams(url.search);
  const hashQuery = url.hash.indexOf('?');
  if (hashQuery === -1) return params;
  for (const [name, value] of new URLSearchParams(url.hash.slice(hashQuery + 1))) {
    if (!params.has(name)) params.append(name, value);
  }
  return params;
}
