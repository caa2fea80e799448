/*
 * The console shows requests as the networks received them, except for secrets: Aflite's API key
 * travels in every call and must never reach a screen, a screenshot or a log. The journeys read the
 * key at the fake itself (unredacted) through `/qa/api/raw`, which the console never uses.
 */

const SECRET_KEYS = new Set(['apikey', 'api_key', 'auth_key', 'authorization', 'cookie', 'set-cookie']);
export const REDACTED = '•••••• (hidden)';

/** A copy of `value` with every secret-named field (at any depth) replaced. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (depth > 8) return value;
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        SECRET_KEYS.has(key.toLowerCase()) ? REDACTED : redactValue(item, depth + 1),
      ]),
    );
  }
  return value;
}

/** Hides `apikey=…` inside a form body, query string or URL. */
export function redactText(text: string): string {
  return text.replace(/(^|[?&\s])(apikey|api_key|auth_key)=[^&\s#]*/gi, '$1$2=(hidden)');
}
