import { type CaptureOptions, captureTouches } from '../capture';
import { isAcceptableClickId } from '../click-id';
import { isBuiltInNetwork, isNetworkId, type NetworkId } from '../networks';
import type { Touch } from '../touch';

/*
 * NOTE: core compiles against the ES library only (see capture.ts); the little of URL used here.
 */
interface SearchParams {
  get(name: string): string | null;
}
declare const URL: new (
  input: string,
) => { readonly href: string; readonly searchParams: SearchParams; readonly hash: string };
declare const URLSearchParams: new (init: string) => SearchParams;

/**
 * How a landing URL carries a click of a network that is not built in, for the server to capture (the browser
 * script captures only the built-in networks, whose rules are core's `captureTouches`).
 */
export interface LandingRule {
  readonly network: NetworkId;
  /**
   * The click id the landing carries for this network, if any, read through `param`: a parameter's value from the
   * query, else from a query inside the hash (as `captureTouches` reads them), `null` when absent. A value that is
   * no acceptable click id (`isAcceptableClickId`) is no touch; a rule that throws captures nothing.
   */
  clickId(param: (name: string) => string | null): string | null | undefined;
}

/**
 * The parameters of a landing URL as `captureTouches` reads them: the query, else a query inside the hash
 * (`/#/product?avad=…`), the real query winning. `undefined` for a URL that cannot be parsed.
 *
 * @example
 * landingParams('https://shop.example/?ledger_click=L-77')?.('ledger_click'); // 'L-77'
 */
export function landingParams(
  url: string | { readonly href: string },
): ((name: string) => string | null) | undefined {
  let parsed: { readonly searchParams: SearchParams; readonly hash: string };
  try {
    parsed = new URL(typeof url === 'string' ? url : url.href);
  } catch {
    return undefined;
  }
  const query = parsed.searchParams;
  const hashQuery = new URLSearchParams(parsed.hash.replace(/^[^?]*/, ''));
  return (name) => query.get(name) ?? hashQuery.get(name);
}

/**
 * {@link captureTouches} and, for each rule of a network that is not built in, its click: the clicks a landing URL
 * carries for every network. Never throws. The touches share the capture time, landing URL and referrer.
 *
 * @example
 * captureAnyTouches(request.url, [{ network: 'ledger', clickId: (param) => param('ledger_click') }]);
 */
export function captureAnyTouches(
  url: string | { readonly href: string },
  rules: readonly LandingRule[],
  options: CaptureOptions = {},
): Touch[] {
  const now = options.now ?? Date.now();
  const touches = captureTouches(url, { ...options, now });
  const param = rules.length > 0 ? landingParams(url) : undefined;
  if (!param) return touches;
  const landingUrl = new URL(typeof url === 'string' ? url : url.href).href;
  for (const rule of rules) {
    // The built-in networks' rules are core's own; one touch per network.
    if (
      !isNetworkId(rule.network) ||
      isBuiltInNetwork(rule.network) ||
      touches.some((touch) => touch.network === rule.network)
    )
      continue;
    let clickId: string | null | undefined;
    try {
      clickId = rule.clickId(param);
    } catch {
      continue;
    }
    if (!isAcceptableClickId(clickId)) continue;
    touches.push({
      network: rule.network,
      clickId,
      capturedAt: now,
      landingUrl,
      ...(options.referrer ? { referrer: options.referrer } : {}),
    });
  }
  return touches;
}
