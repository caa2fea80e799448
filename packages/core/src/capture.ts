import { isAcceptableClickId } from './click-id';
import { AFLITE_CLICK_SOURCE, LANDING_PARAMS } from './networks';
import type { Touch } from './touch';

/*
 * NOTE: core compiles against the ES library only, so that nothing browser- or Node-bound creeps in.
 * URL and URLSearchParams exist in every runtime we support (browsers, Node 18+, workers); these
 * module-local declarations describe the little of them that is used here.
 */
interface SearchParams {
  get(name: string): string | null;
}
interface ParsedUrl {
  readonly href: string;
  readonly searchParams: SearchParams;
  readonly hash: string;
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
 * parsed, or a value that is empty, over 512 bytes percent-encoded or holds control characters, is no touch.
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
  const touches: Touch[] = [];
  let parsed: ParsedUrl;
  try {
    // A string has no `href`: then it is the URL itself (smaller in the script tag than a typeof check).
    parsed = new URL((url as { href?: string }).href ?? (url as string));
  } catch {
    return touches;
  }
  const query = parsed.searchParams;
  // Everything from the hash's first `?` on; URLSearchParams drops that leading `?`. No `?`: no parameters.
  const hashQuery = new URLSearchParams(parsed.hash.replace(/^[^?]*/, ''));
  // A parameter the real query has (even empty) wins over the hash's.
  const param = (name: string) => query.get(name) ?? hashQuery.get(name);
  const base = {
    capturedAt: options.now ?? Date.now(),
    landingUrl: parsed.href,
    ...(options.referrer ? { referrer: options.referrer } : {}),
  };
  const touch = (network: Touch['network'], clickId: string): Touch => ({ network, clickId, ...base });

  const avad = param(LANDING_PARAMS.avad);
  if (isAcceptableClickId(avad)) {
    const avantlink = touch('avantlink', avad);
    const gclid = param(LANDING_PARAMS.gclid);
    if (isAcceptableClickId(gclid)) avantlink.gclid = gclid;
    touches.push(avantlink);
  }

  const session = param(LANDING_PARAMS.clickSessionId);
  if (
    param(LANDING_PARAMS.clickSource)?.toLowerCase() === AFLITE_CLICK_SOURCE &&
    isAcceptableClickId(session)
  ) {
    touches.push(touch('aflite', session));
  }
  return touches;
}
