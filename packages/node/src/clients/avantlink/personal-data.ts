import { ValidationError, type ValidationIssue } from '@affiliate-relay/core';
import { looksLikeEmail } from '../hash-identifier';

/*
 * No personal data goes to AvantLink unhashed (DESIGN; AvantLink's page: "Do not send Personal
 * Information (names, emails, phone numbers) in any field"). Emails are what a shop leaks by
 * accident, so they are what is looked for:
 * - ids and the custom tracking code are refused (the caller must hash them);
 * - extra order and line-item fields are refused wherever an email hides in them, with the path;
 * - URLs (`current_url`, `referrer_url`) come from the shopper's browser and must not cost the
 *   conversion, so the query and fragment parameters holding an email are removed instead (and
 *   a path holding one becomes `/`).
 */

// An address inside a text: no spaces, brackets, quotes or separators around it, a dotted domain.
const EMAIL_INSIDE = /[^\s@<>()[\]",;:]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/i;

const ID_MESSAGE = 'looks like an email address: send hashIdentifier(value) instead (no personal data)';
const EXTRA_MESSAGE =
  'holds an email address: AvantLink must get no personal data (send hashIdentifier(value) for an id)';

/**
 * Whether a text holds an email address anywhere, as written or percent-decoded (once or twice,
 * for a URL parameter encoded again by a redirect).
 *
 * @example
 * containsEmail('email=ann%40example.com'); // true
 */
export function containsEmail(text: string): boolean {
  let form = text;
  for (let round = 0; round < 3; round++) {
    if (EMAIL_INSIDE.test(form)) return true;
    const decoded = safeDecode(form);
    if (decoded === form) return false;
    form = decoded;
  }
  return false;
}

/**
 * `url` without the query and fragment parameters that hold an email address (in their value or
 * name); the other parameters are kept byte for byte, and a URL holding no email is returned as
 * it was. A path that holds one becomes `/` (the origin is kept); text that is no URL and holds
 * one becomes `''`.
 *
 * @example
 * withoutEmailParams('https://shop.example/thanks?order=1&email=ann%40example.com'); // 'https://shop.example/thanks?order=1'
 */
export function withoutEmailParams(url: string): string {
  if (!containsEmail(url)) return url;
  const hashAt = url.indexOf('#');
  const beforeHash = hashAt === -1 ? url : url.slice(0, hashAt);
  const queryAt = beforeHash.indexOf('?');
  let base = queryAt === -1 ? beforeHash : beforeHash.slice(0, queryAt);
  if (containsEmail(base)) base = originOf(base);
  const query = keepClean(queryAt === -1 ? '' : beforeHash.slice(queryAt + 1));
  const fragment = keepClean(hashAt === -1 ? '' : url.slice(hashAt + 1));
  return `${base}${query ? `?${query}` : ''}${fragment ? `#${fragment}` : ''}`;
}

/**
 * Throws a ValidationError when an id or the custom tracking code of a body looks like an email,
 * or when an email hides anywhere in the given extra fields (each named by its path).
 *
 * @example
 * checkPersonalData(body, 'AvantLink order', [{ path: 'order.extra', value: order.extra }]);
 */
export function checkPersonalData(
  body: Record<string, unknown>,
  subject: string,
  extras: readonly { path: string; value: unknown }[] = [],
): void {
  const ids = body.tracking_ids as { user_id: string[]; visitor_id: string[] };
  const issues: ValidationIssue[] = [];
  for (const key of ['user_id', 'visitor_id'] as const) {
    ids[key].forEach((id, index) => {
      if (looksLikeEmail(id)) issues.push({ path: `tracking_ids.${key}.${index}`, message: ID_MESSAGE });
    });
  }
  const code = body.custom_tracking_code;
  if (typeof code === 'string' && looksLikeEmail(code))
    issues.push({ path: 'custom_tracking_code', message: ID_MESSAGE });
  for (const extra of extras) collectEmails(extra.value, extra.path, issues, 0);
  if (issues.length > 0) throw new ValidationError(subject, issues);
}

function collectEmails(value: unknown, path: string, issues: ValidationIssue[], depth: number): void {
  if (typeof value === 'string') {
    if (containsEmail(value)) issues.push({ path, message: EXTRA_MESSAGE });
    return;
  }
  if (depth > 16 || typeof value !== 'object' || value === null) return;
  for (const [key, item] of Object.entries(value)) {
    const at = `${path}.${key}`;
    if (containsEmail(key)) issues.push({ path: at, message: EXTRA_MESSAGE });
    else collectEmails(item, at, issues, depth + 1);
  }
}

function keepClean(part: string): string {
  return part
    .split('&')
    .filter((piece) => piece !== '' && !containsEmail(piece))
    .join('&');
}

function originOf(base: string): string {
  try {
    const { origin } = new URL(base);
    return origin === 'null' ? '' : `${origin}/`;
  } catch {
    return '';
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
