import { isAcceptableClickId } from './click-id';
import { mergeTouches } from './merge';
import type { NetworkId } from './networks';
import type { Touch } from './touch';

/*
 * Cookie value, version 1:   1|a:<clickId>:<capturedAt>[:<gclid>]|f:<clickId>:<capturedAt>
 *   a = AvantLink, f = Aflite; ids are encodeURIComponent'd; capturedAt is milliseconds since the epoch, base 36
 *   (milliseconds, so that two clicks in the same second still have an order).
 * Every character is a valid cookie-octet, so the value is written and read raw, with no further
 * encoding by js-cookie or by the server. `|` and `:` never occur inside an encoded field.
 */
const VERSION = '1';
const CODES: Record<NetworkId, string> = { avantlink: 'a', aflite: 'f' };
/** Anything longer than this was not written by us; two touches need about 1 KB at most. */
const MAX_ENCODED_LENGTH = 4096;
/** One touch: network code (of CODES), click id, capture time (1 to 9 base-36 digits of milliseconds), then an optional gclid. */
const ENCODED_TOUCH = /^(a|f):([^:]*):([0-9a-z]{1,9})(?::([^:]*))?$/;

/**
 * Encodes touches into the compact, versioned value of the attribution cookie.
 * Only what attribution needs is kept: network, click id, capture time and gclid.
 *
 * @example
 * document.cookie = `ar_touches=${encodeTouches(touches)}; Path=/`;
 */
export function encodeTouches(touches: readonly Touch[]): string {
  let value = VERSION;
  for (const touch of touches) {
    value += `|${CODES[touch.network]}:${encodeURIComponent(touch.clickId)}:${Math.floor(touch.capturedAt).toString(36)}`;
    if (touch.gclid) value += `:${encodeURIComponent(touch.gclid)}`;
  }
  return value;
}

/**
 * Decodes an attribution cookie value. Never throws: garbage, an unknown version, or a field that
 * fails validation yields only the touches that can be trusted (possibly none). At most one touch
 * per network is returned, the newest, in the order of `NETWORKS`.
 *
 * @example
 * const touches = decodeTouches(cookies.ar_touches);
 */
export function decodeTouches(value: unknown): Touch[] {
  if (typeof value !== 'string' || value.length > MAX_ENCODED_LENGTH) return [];
  const [version, ...parts] = value.split('|');
  if (version !== VERSION) return [];
  const touches: Touch[] = [];
  for (const part of parts) {
    try {
      const touch = decodeTouch(part);
      if (touch) touches.push(touch);
    } catch {
      // Broken percent-encoding (URIError): not a value we wrote.
    }
  }
  // mergeTouches keeps the newest touch of each network.
  return mergeTouches(touches, []).touches;
}

/** One touch, or undefined when a field fails validation. Throws a URIError on broken percent-encoding. */
function decodeTouch(part: string): Touch | undefined {
  const [, code, rawId = '', time = '', rawGclid] = ENCODED_TOUCH.exec(part) ?? [];
  if (!code) return undefined;
  const network: NetworkId = code === CODES.avantlink ? 'avantlink' : 'aflite';
  const touch: Touch = {
    network,
    clickId: decodeURIComponent(rawId),
    capturedAt: Number.parseInt(time, 36),
  };
  // A gclid belongs to AvantLink only.
  if (rawGclid !== undefined) touch.gclid = decodeURIComponent(rawGclid);
  const valid =
    isAcceptableClickId(touch.clickId) &&
    Number.isSafeInteger(touch.capturedAt) &&
    touch.capturedAt > 0 &&
    (rawGclid === undefined || (network === 'avantlink' && isAcceptableClickId(touch.gclid)));
  return valid ? touch : undefined;
}
