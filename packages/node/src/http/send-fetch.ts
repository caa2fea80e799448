import { TimeoutError } from '@affiliate-relay/core';
import { toNetworkError } from './network-error';
import { parseBody } from './parse-body';
import type { HttpRequestSpec, HttpResult, Transport } from './send';

/**
 * One attempt with the client's `fetch` (the shop's own, or the global one where node:http is not):
 * a `Request` with the attempt's signal and `redirect: 'manual'`. The sockets are then the fetch's
 * own: a cut attempt aborts its signal, and the fetch decides when its socket closes.
 *
 * @example
 * const result = await sendFetch(spec, { timeoutMs: 10_000, fetch }, signal);
 */
export async function sendFetch(
  spec: HttpRequestSpec,
  transport: Transport,
  stop: AbortSignal | undefined,
): Promise<HttpResult> {
  const started = performance.now();
  if (stop?.aborted) throw new TimeoutError(0);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), transport.timeoutMs);
  const onStop = () => controller.abort();
  stop?.addEventListener('abort', onStop);
  // NOTE: the attempt ends when its signal aborts even if a `fetch` ignores the signal (a custom one
  // may): a network, or a fetch, that hangs must never hold a delivery past its time.
  const aborted = new Promise<never>((_resolve, reject) => {
    const fail = () => reject(new DOMException('The attempt was aborted', 'AbortError'));
    if (controller.signal.aborted) fail();
    else controller.signal.addEventListener('abort', fail, { once: true });
  });
  aborted.catch(() => undefined);
  try {
    const fetch = transport.fetch ?? globalThis.fetch;
    const request = new Request(spec.url, {
      method: spec.method,
      headers: spec.headers,
      ...(spec.body === undefined ? {} : { body: spec.body }),
      signal: controller.signal,
      redirect: 'manual',
    });
    const response = await Promise.race([fetch(request), aborted]);
    const text = await Promise.race([response.text(), aborted]);
    return {
      status: response.status,
      headers: response.headers,
      text,
      body: parseBody(text),
      durationMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    if (controller.signal.aborted) {
      throw new TimeoutError(stop?.aborted ? Math.round(performance.now() - started) : transport.timeoutMs);
    }
    throw toNetworkError(error);
  } finally {
    clearTimeout(timer);
    stop?.removeEventListener('abort', onStop);
  }
}
