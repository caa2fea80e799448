import { TimeoutError } from '@affiliate-relay/core';
import type * as Ky from 'ky';
import { toNetworkError } from './network-error';
import { fetchOn, SPEC_OPTION, textOf } from './node-fetch';
import { parseBody } from './parse-body';
import type { HttpRequestSpec, HttpResult, Transport } from './request-types';

// ky is bundled (see tsup.config.ts) and loaded on the first request: its module body probes
// `Request` and `ReadableStream`, which makes Node load its fetch implementation (undici), about half
// of the package's import time otherwise (BENCHMARKS.md, cold import).
// One ky instance for every request, made once with what never changes: no retries (the policy
// retries), no ky timeout (ours covers the body too), any status resolved, redirects never followed
// (a 301/302 would turn a POST into a GET without its body, and a redirect to another origin would
// carry a GET's API key there). No hooks: per call only the request itself, the signal and `fetch`.
let loadingKy: Promise<{ send: Ky.KyInstance; isNetworkError: typeof Ky.isNetworkError }> | undefined;

/**
 * Loads ky once (later calls get the same promise). `recordConversion` awaits it before it writes a
 * delivery, so that the first load never runs inside a delivery's lock.
 *
 * @example
 * await loadKy();
 */
export const loadKy = () => {
  loadingKy ??= import('ky').then(({ default: ky, isNetworkError }) => ({
    send: ky.create({ retry: 0, timeout: false, throwHttpErrors: false, redirect: 'manual' }),
    isNetworkError,
  }));
  return loadingKy;
};

/**
 * Starts loading ky without waiting (the clients' constructors call it), so the first request does not
 * pay for it; a failure shows when a request is sent.
 *
 * @example
 * preloadKy();
 */
export function preloadKy(): void {
  loadKy().catch(() => undefined);
}

/**
 * Sends one attempt with ky (its one instance, `retry: 0`: retries belong to the policy), through
 * the shop's `fetch` if it gave one, else the client's capped node:http sockets, else the global
 * `fetch` (runtimes without node:http). The time limit covers reading the body too; a cut attempt
 * on node:http destroys its socket at once. Resolves with any HTTP status; rejects with a
 * {@link TimeoutError} or a NetworkError whose `sent` says whether the request may have arrived.
 * Error messages never contain the URL.
 *
 * @example
 * const result = await sendOnce({ method: 'POST', url, headers, body }, { timeoutMs: 10_000 });
 */
export async function sendOnce(
  spec: HttpRequestSpec,
  transport: Transport,
  stop?: AbortSignal,
): Promise<HttpResult> {
  // Loaded before the clock starts: the time limit is the request's, not the module's first load.
  const { send, isNetworkError } = await loadKy();
  const started = performance.now();
  if (stop?.aborted) throw new TimeoutError(0);
  // Our own signal, not ky's `timeout`: it covers reading the body too, not only the headers.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), transport.timeoutMs);
  // The caller's stop (relay.close(), a checkout budget) cuts the attempt as its timeout would.
  const onStop = () => controller.abort();
  stop?.addEventListener('abort', onStop);
  const fetch = transport.fetch ?? (transport.connections && fetchOn(transport.connections));
  // On our own sockets the request travels as `spec` (ky forwards the option to fetch), so ky's
  // Request is made without the body: no stream to make, and none for ky to cancel after.
  const own = !transport.fetch && fetch !== undefined;
  const fetchOptions = own ? { fetch, [SPEC_OPTION]: spec } : fetch ? { fetch } : {};
  // NOTE: the attempt ends when its signal aborts even if a `fetch` ignores the signal (a custom one
  // may): a network, or a fetch, that hangs must never hold a delivery past its time. Our own
  // sockets' fetch ends at the abort itself (it destroys the request), so it needs no race.
  const ended = own ? undefined : endOf(controller.signal);
  try {
    const sent = send(spec.url, {
      method: spec.method,
      headers: spec.headers,
      ...(own ? {} : { body: spec.body }),
      signal: controller.signal,
      ...fetchOptions,
    });
    const response = ended ? await Promise.race([sent, ended]) : await sent;
    const text =
      textOf(response) ?? (ended ? await Promise.race([response.text(), ended]) : await response.text());
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
    // ky 2 wraps fetch's own failure in its NetworkError: judge and name the failure by fetch's error.
    throw toNetworkError(isNetworkError(error) ? error.cause : error);
  } finally {
    clearTimeout(timer);
    stop?.removeEventListener('abort', onStop);
  }
}

/**
 * For a redirect answer (3xx), a note naming where it points (its `Location`, passed through
 * `redact`), for the error's message; `''` for any other status.
 *
 * @example
 * `Aflite data/register/goal answered 301${redirectNote(result, redact)}`; // '… (a redirect to https://…, not followed: check baseUrl)'
 */
export function redirectNote(
  result: Pick<HttpResult, 'status' | 'headers'>,
  redact: (text: string) => string = (text) => text,
): string {
  if (result.status < 300 || result.status > 399) return '';
  const location = result.headers.get('location');
  const target = location ? `a redirect to ${redact(location).slice(0, 300)}` : 'a redirect';
  return ` (${target}, not followed: check baseUrl)`;
}

// A promise that rejects once `signal` aborts (never resolves).
function endOf(signal: AbortSignal): Promise<never> {
  const ended = new Promise<never>((_resolve, reject) => {
    const fail = () => reject(new DOMException('The attempt was aborted', 'AbortError'));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
  ended.catch(() => undefined);
  return ended;
}
