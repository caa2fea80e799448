import { NetworkError } from '@affiliate-relay/core';

// Errors after which the request provably never left this machine: nothing to reconcile.
const NEVER_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Turns a failure of fetch or node:http into a {@link NetworkError}, telling "never sent" apart by
 * its code (or its cause's).
 *
 * @example
 * throw toNetworkError(error); // sent: false after ECONNREFUSED
 */
export function toNetworkError(error: unknown): NetworkError {
  const code = causeCode(error);
  const sent = !(code && NEVER_SENT_CODES.has(code));
  const detail = code ? ` (${code})` : '';
  const message = sent
    ? `The connection failed and the request may have arrived${detail}`
    : `The request never left: no connection could be made${detail}`;
  // The cause keeps only name and code: a raw error can carry a URL with a secret in it.
  return new NetworkError(message, { sent, cause: { name: nameOf(error), code } });
}

function causeCode(error: unknown, depth = 0): string | undefined {
  if (depth > 4 || typeof error !== 'object' || error === null) return undefined;
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  // Node's happy-eyeballs connect gives an AggregateError: never sent only if every try was refused.
  if (Array.isArray(errors) && errors.length > 0) {
    const codes = errors.map((e) => causeCode(e, depth + 1));
    if (codes.every((c) => c !== undefined && NEVER_SENT_CODES.has(c))) return codes[0];
  }
  if (typeof code === 'string') return code;
  return causeCode(cause, depth + 1);
}

function nameOf(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
