import { MAX_BEACON_BYTES } from '@affiliate-relay/core';

// Core's, the one the browser cuts its beacon to; node's entry re-exports it.
export { MAX_BEACON_BYTES };

/**
 * A body read within its limit, or why not: over the limit, or `aborted` (the stream failed before its
 * end: the client went away mid-upload, which is no error of the server).
 */
export type LimitedBody = { ok: true; bytes: Uint8Array } | { ok: false; reason: 'too-large' | 'aborted' };

/**
 * Reads a request body, stopping as soon as it passes `maxBytes`. `Content-Length` only serves to
 * refuse early: it can lie or be absent (chunked), so the stream itself is counted.
 *
 * @example
 * const body = await readLimitedBody(request, MAX_BEACON_BYTES);
 * if (!body.ok) return errorResponse({ code: 'payload_too_large', … });
 */
export async function readLimitedBody(request: Request, maxBytes: number): Promise<LimitedBody> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    cancel(request.body);
    return { ok: false, reason: 'too-large' };
  }
  if (!request.body) return { ok: true, bytes: new Uint8Array(0) };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let chunk: Awaited<ReturnType<typeof reader.read>>;
    try {
      chunk = await reader.read();
    } catch {
      // A request body fails only when its connection does (a closed tab, a lost network).
      return { ok: false, reason: 'aborted' };
    }
    const { done, value } = chunk;
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      // Stop reading: the rest is not worth receiving. NOTE: never awaited: on a body that a
      // middleware tee'd with `request.clone()`, cancel() waits for the other branch too.
      reader.cancel().catch(() => undefined);
      return { ok: false, reason: 'too-large' };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, bytes };
}

// Not awaited, for the same reason as above.
function cancel(body: ReadableStream<Uint8Array> | null): void {
  if (body && !body.locked) body.cancel().catch(() => undefined);
}
