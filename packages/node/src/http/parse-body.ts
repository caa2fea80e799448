/**
 * The body parsed as JSON when it looks like JSON (an object or an array), else the text.
 *
 * @example
 * parseBody('{"success":true}'); // { success: true }
 */
export function parseBody(text: string): unknown {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return text;
  try {
    return JSON.parse(trimmed);
  } catch {
    return text;
  }
}
