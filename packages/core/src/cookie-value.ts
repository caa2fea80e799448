import { isAcceptableClickId } from './click-id';
import type { NetworkId } from './networks';
import type { Touch } from './touch';

/*
 * Cookie value, version 1:   1|a:<clickId>:<capturedAt>[:<gclid>]|f:<clickId>:<capturedAt>
 *   a = AvantLink, f = Aflite; ids are encodeURIComponent'd; capturedAt is whole seconds, base 36.
 * Every character is a valid cookie-octet, so the value is written and read raw, with no further
 * encoding by js-cookie or by the server. `|` and `:` never occur inside an encoded field.
 */
const VERSION = '1';
const TOUCH_SEPARATOR = '|';
const FIELD_SEPARATOR = ':';
const CODES: Record<NetworkId, string> = { avantlink: 'a', aflite: 'f' };
const NETWORK_BY_CODE: Record<string, NetworkId> = { a: 'avantlink', f: 'aflite' };
/** Anything longer than this was not written by us; two touches need about 1 KB at most. */
const MAX_ENCODED_LENGTH = 4096;
const SECONDS = /^[0-9a-z]{1,9}$/;

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
    const fields = [
      CODES[touch.network],
      encodeURIComponent(touch.clickId),
      Math.floor(touch.capturedAt / 1000).toString(36),
    ];
    if (touch.gclid) fields.push(encodeURIComponent(touch.gclid));
    value += TOUCH_SEPARATOR + fields.join(FIELD_SEPARATOR);
  }
  return value;
}

/**
 * Decodes an attribution cookie value. Never throws: garbage, an unknown version, or a field that
 * fails validation yields only the touches that can be trusted (possibly none). At most one touch
 * per network is returned, the newest.
 *
 * @example
 * const touches = decodeTouches(cookies.ar_touches);
 */
export function decodeTouches(value: unknown): Touch[] {
  if (typeof value !== 'string' || value.length > MAX_ENCODED_LENGTH) return [];
  const [version, ...parts] = value.split(TOUCH_SEPARATOR);
  if (version !== VERSION) return [];
  const byNetwork = new Map<NetworkId, Touch>();
  for (const part of parts) {
    const touch = decodeTouch(part);
    const seen = touch && byNetwork.get(touch.network);
    if (touch && (!seen || touch.capturedAt > seen.capturedAt)) byNetwork.set(touch.network, touch);
  }
  return [...byNetwork.values()];
}

function decodeTouch(part: string): Touch | undefined {
  const [code, rawId, rawSeconds, rawGclid, ...rest] = part.split(FIELD_SEPARATOR);
  const network = code === undefined ? undefined : NETWORK_BY_CODE[code];
  if (!network || rest.length > 0 || rawSeconds === undefined || !SECONDS.test(rawSeconds)) return undefined;
  const clickId = safeDecode(rawId);
  if (!isAcceptableClickId(clickId)) return undefined;
  const capturedAt = Number.parseInt(rawSeconds, 36) * 1000;
  if (!Number.isSafeInteger(capturedAt) || capturedAt <= 0) return undefined;
  const touch: Touch = { network, clickId, capturedAt };
  if (rawGclid !== undefined) {
    const gclid = safeDecode(rawGclid);
    if (network !== 'avantlink' || !isAcceptableClickId(gclid)) return undefined;
    touch.gclid = gclid;
  }
  return touch;
}

function safeDecode(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}
