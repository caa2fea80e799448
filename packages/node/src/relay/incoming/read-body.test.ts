import { describe, expect, it } from 'vitest';
import { MAX_BEACON_BYTES, readLimitedBody } from './read-body';

function streamOf(chunks: Uint8Array[], onCancel?: () => void): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream({
    pull(controller) {
      const chunk = chunks[index++];
      if (chunk) controller.enqueue(chunk);
      else controller.close();
    },
    cancel: onCancel,
  });
}

function request(body: string | ReadableStream<Uint8Array> | null, headers: Record<string, string> = {}) {
  return new Request('http://shop.test/c', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);
}

describe('readLimitedBody', () => {
  it('reads a body up to exactly the limit', async () => {
    const body = 'x'.repeat(MAX_BEACON_BYTES);
    const result = await readLimitedBody(request(body), MAX_BEACON_BYTES);
    expect(result.ok && result.bytes.byteLength).toBe(MAX_BEACON_BYTES);
  });

  it('reads an empty body as no bytes', async () => {
    const result = await readLimitedBody(request(null), MAX_BEACON_BYTES);
    expect(result).toEqual({ ok: true, bytes: new Uint8Array(0) });
  });

  it('refuses a declared Content-Length over the limit without reading', async () => {
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(10));
      },
    });
    const result = await readLimitedBody(request(stream, { 'content-length': '9000' }), MAX_BEACON_BYTES);
    expect(result).toEqual({ ok: false, reason: 'too-large' });
    expect(pulled).toBeLessThanOrEqual(1);
  });

  it('counts the stream when there is no Content-Length (chunked) and stops past the limit', async () => {
    let cancelled = false;
    const chunks = Array.from({ length: 100 }, () => new Uint8Array(1024));
    const result = await readLimitedBody(
      request(
        streamOf(chunks, () => {
          cancelled = true;
        }),
      ),
      MAX_BEACON_BYTES,
    );
    expect(result).toEqual({ ok: false, reason: 'too-large' });
    expect(cancelled).toBe(true);
  });

  it('does not trust a Content-Length that understates the body', async () => {
    const chunks = Array.from({ length: 10 }, () => new Uint8Array(1024));
    const lying = request(streamOf(chunks), { 'content-length': '10' });
    expect(await readLimitedBody(lying, MAX_BEACON_BYTES)).toEqual({ ok: false, reason: 'too-large' });
  });

  it('joins chunks in order', async () => {
    const encoder = new TextEncoder();
    const result = await readLimitedBody(
      request(streamOf([encoder.encode('{"a":'), encoder.encode('1}')])),
      MAX_BEACON_BYTES,
    );
    expect(result.ok && new TextDecoder().decode(result.bytes)).toBe('{"a":1}');
  });

  it('answers an oversized body that a middleware cloned (a tee) without waiting for the other branch', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(4096));
    const original = request(streamOf([chunk, chunk, chunk, chunk]));
    // The clone is never read, as when a middleware keeps it for later: cancel() on the tee'd
    // original would wait for it forever.
    const kept = original.clone();
    const verdict = await Promise.race([
      readLimitedBody(original, MAX_BEACON_BYTES),
      new Promise((resolve) => setTimeout(() => resolve('still waiting'), 2_000)),
    ]);
    expect(verdict).toEqual({ ok: false, reason: 'too-large' });
    const declared = request('x'.repeat(9000), { 'content-length': '9000' });
    const keptToo = declared.clone();
    expect(
      await Promise.race([
        readLimitedBody(declared, MAX_BEACON_BYTES),
        new Promise((resolve) => setTimeout(() => resolve('still waiting'), 2_000)),
      ]),
    ).toEqual({ ok: false, reason: 'too-large' });
    expect(kept.bodyUsed || keptToo.bodyUsed).toBe(false);
  });
});
