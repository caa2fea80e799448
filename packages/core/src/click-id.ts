import { MAX_CLICK_ID_LENGTH } from './networks';

// C0 and C1 controls and DEL, plus U+FFFD: a replacement character means the landing URL had broken
// percent-encoding, so the decoded value is no longer the token the network issued.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const UNTRUSTED_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\ufffd]/;

/**
 * Whether a value can be stored and sent as a click id: non-empty, at most 512 characters, no
 * control characters. Nothing else is judged: ids are opaque and are never trimmed or re-cased.
 */
export function isAcceptableClickId(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length > 0 &&
    value.length <= MAX_CLICK_ID_LENGTH &&
    !UNTRUSTED_CHARACTERS.test(value)
  );
}
