/*
 * Redaction of secrets before anything is logged or put in an error. Two rules, both always on:
 * values of secret-looking parameters and keys (`apikey=…`, `{ apikey: … }`), and every literal
 * occurrence of a known secret (the Aflite API key, AvantLink's merchant UUID, the cookie secret) wherever
 * it appears, also as a network may echo it: URL-encoded (upper- or lower-case hex, `+` for spaces),
 * upper- or lower-case (a UUID), and base64 (standard and URL-safe, with or without padding).
 */

/** What replaces a secret. */
export const REDACTED = '[REDACTED]';

const SECRET_KEY = /^(api[_-]?key|auth[_-]?key|token|secret|password|authorization)$/i;
const SECRET_PARAM = /([?&;]|^)(api[_-]?key|auth[_-]?key|token|secret|password)=[^&#\s]*/gi;

/** Whether an object key or parameter name holds a secret. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

export interface Redactor {
  /** Redacts a URL, a form body or any other text. */
  text(value: string): string;
  /**
   * Redacts a value of any shape: strings, URLSearchParams, arrays, plain objects and errors,
   * deeply. An error keeps its class and fields (message, stack and cause redacted); a value with
   * nothing to redact in it may come back as the same object.
   */
  value(value: unknown): unknown;
}

/**
 * @example
 * const redact = createRedactor([apiKey]);
 * redact.text('http://aflite.co.uk/data/goals?apikey=abc&mref=1'); // '…?apikey=[REDACTED]&mref=1'
 */
export function createRedactor(secrets: readonly string[]): Redactor {
  const literals = [...new Set(secrets.flatMap((s) => (s ? forms(s) : [])))].sort(
    (a, b) => b.length - a.length,
  );

  function text(value: string): string {
    let out = value.replace(
      SECRET_PARAM,
      (_match, lead: string, name: string) => `${lead}${name}=${REDACTED}`,
    );
    for (const literal of literals) out = out.split(literal).join(REDACTED);
    return out;
  }

  function value(input: unknown, depth = 0): unknown {
    if (typeof input === 'string') return text(input);
    if (depth > 8 || input === null || typeof input !== 'object') return input;
    if (input instanceof URLSearchParams) return text(input.toString());
    if (input instanceof Error) return error(input, depth);
    if (Array.isArray(input)) {
      const out = input.map((item) => value(item, depth + 1));
      return out.some((item, index) => item !== input[index]) ? out : input;
    }
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(input)) {
      out[key] = isSecretKey(key) ? REDACTED : value(item, depth + 1);
      changed ||= out[key] !== item;
    }
    return changed ? out : input;
  }

  // A copy with the same prototype and own fields, so that `instanceof`, `name` and `code` still
  // hold; the original is returned when nothing in it changes (the caller's object is never altered).
  function error(input: Error, depth: number): Error {
    const fields = input as unknown as Record<string, unknown>;
    const changed = new Map<string, unknown>();
    for (const key of ['message', 'stack', 'cause', ...Object.keys(input)]) {
      if (!(key in input) || changed.has(key)) continue;
      const item = isSecretKey(key) ? REDACTED : value(fields[key], depth + 1);
      if (item !== fields[key]) changed.set(key, item);
    }
    if (changed.size === 0) return input;
    const copy = Object.create(Object.getPrototypeOf(input), Object.getOwnPropertyDescriptors(input));
    for (const [key, item] of changed) {
      const enumerable = Object.getOwnPropertyDescriptor(input, key)?.enumerable ?? false;
      Object.defineProperty(copy, key, { value: item, writable: true, configurable: true, enumerable });
    }
    return copy as Error;
  }

  return { text, value: (input) => value(input) };
}

function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}

/** Every spelling of a secret that may come back in a URL, a body or an echo. */
function forms(secret: string): string[] {
  const encoded = [encodeURIComponent(secret), formEncode(secret)];
  const lowerHex = encoded.map((text) => text.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()));
  const base64 = toBase64(secret);
  const base64Url = base64.replace(/\+/g, '-').replace(/\//g, '_');
  return [
    secret,
    secret.toLowerCase(),
    secret.toUpperCase(),
    ...encoded,
    ...lowerHex,
    base64,
    base64Url,
    base64.replace(/=+$/, ''),
    base64Url.replace(/=+$/, ''),
  ];
}

// btoa, not Buffer: the package also runs on edge runtimes. UTF-8 first, as an encoder would send it.
function toBase64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
