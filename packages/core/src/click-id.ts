import { MAX_CLICK_ID_BYTES } from './networks';

// C0 and C1 controls and DEL, plus U+FFFD: a replacement character means the landing URL had broken
// percent-encoding, so the decoded value is no longer the token the network issued. Also lone surrogates
// (`\p{Cs}`; with the `u` flag a well-formed pair is one code point, so emoji pass): `encodeURIComponent`
// throws on them, so they could be neither stored in the cookie nor accepted by the server. Their absence
// is checked over the whole value (`^…+$`), which also refuses the empty string.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const TRUSTED_CHARACTERS = /^[^\u0000-\u001f\u007f-\u009f\ufffd\p{Cs}]+$/u;

/**
 * Whether a value can be stored and sent as a click id: non-empty, at most 512 bytes once percent-encoded
 * (`encodeURIComponent`, the form both cookies store: 512 ASCII letters, 170 `%`, 56 × "中"), no control
 * characters, no lone surrogates. The size is what a cookie holds, not the number of characters, so every
 * id accepted here fits the browser cookie and the server cookie beside another network's. Nothing else is
 * judged: ids are opaque and are never trimmed or re-cased.
 *
 * @example
 * isAcceptableClickId(new URLSearchParams(location.search).get('avad')); // '77_f3afbe121' → true
 */
export function isAcceptableClickId(value: unknown): value is string {
  // Checked in this order: encodeURIComponent throws on a lone surrogate, which the pattern refuses first.
  return (
    typeof value === 'string' &&
    value.length <= MAX_CLICK_ID_BYTES &&
    TRUSTED_CHARACTERS.test(value) &&
    encodeURIComponent(value).length <= MAX_CLICK_ID_BYTES
  );
}
