import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { LimitedBody } from '../incoming/read-body';
import type { CollectInput } from './collect';

/*
 * The collect endpoint's Node view of a request: headers read from `req.headers`, the URL built only
 * if the origin check needs it, the body read from the stream with the same limit as a Web body. No
 * Web `Request` is built (that was most of the adapter's cost, BENCHMARKS.md).
 */

const encoder = new TextEncoder();
const TOO_LARGE: LimitedBody = { ok: false, reason: 'too-large' };

/**
 * An IncomingMessage as the collect endpoint's input.
 *
 * @example
 * const answer = await collectAnswer(relay, nodeCollectInput(req), context);
 */
export function nodeCollectInput(req: IncomingMessage): CollectInput {
  let url: string | undefined;
  return {
    method: req.method ?? 'GET',
    get url() {
      url ??= requestUrl(req);
      return url;
    },
    headers: { get: (name) => headerValue(req.headers, name) },
    readBody: (maxBytes) => readNodeBody(req, maxBytes),
  };
}

/**
 * The request's URL, from the `Host` header and the path (`originalUrl` under an Express router), with
 * `https` when the socket is TLS.
 *
 * @example
 * requestUrl(req); // 'http://shop.example/affiliate-relay/collect'
 */
export function requestUrl(req: IncomingMessage): string {
  const tls = (req.socket as { encrypted?: boolean } | undefined)?.encrypted === true;
  const path = (req as { originalUrl?: string }).originalUrl ?? req.url ?? '/';
  const base = `${tls ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}`;
  try {
    return new URL(path, base).href;
  } catch {
    return new URL(path.startsWith('/') ? path : '/', 'http://localhost').href;
  }
}

// As a Web `Headers` gives it: several values joined with ', ' (Node has already joined most).
function headerValue(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * Reads the body as `readLimitedBody` reads a Web one: refused early by `Content-Length`, counted as it
 * comes, abandoned past `maxBytes` (the rest is drained, so the socket stays usable for the answer). A
 * body that a parser (`express.json()`, `express.text()`) already read is used as it was parsed.
 *
 * @example
 * const body = await readNodeBody(req, MAX_BEACON_BYTES);
 */
export function readNodeBody(req: IncomingMessage, maxBytes: number): Promise<LimitedBody> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume();
    return Promise.resolve(TOO_LARGE);
  }
  if (req.readableEnded) return Promise.resolve(parsedBody(req, maxBytes));
  return new Promise((resolve) => {
    const chunks: Uint8Array[] = [];
    let total = 0;
    const stop = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Uint8Array) => {
      total += chunk.byteLength;
      if (total <= maxBytes) return void chunks.push(chunk);
      stop();
      req.resume();
      resolve(TOO_LARGE);
    };
    const onEnd = () => {
      stop();
      resolve({ ok: true, bytes: concat(chunks, total) });
    };
    // The client went away mid-upload (as readLimitedBody's `aborted`): nobody reads the answer.
    const onError = () => {
      stop();
      resolve({ ok: false, reason: 'aborted' });
    };
    const onClose = onError;
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onError);
    req.once('close', onClose);
    req.resume();
  });
}

function parsedBody(req: IncomingMessage, maxBytes: number): LimitedBody {
  const parsed = (req as { body?: unknown }).body;
  let bytes: Uint8Array;
  if (parsed === undefined) bytes = new Uint8Array(0);
  else if (parsed instanceof Uint8Array) bytes = parsed;
  else bytes = encoder.encode(typeof parsed === 'string' ? parsed : JSON.stringify(parsed));
  return bytes.byteLength > maxBytes ? TOO_LARGE : { ok: true, bytes };
}

function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
