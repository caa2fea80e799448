import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CollectContext } from './collect';
import { type CollectAnswer, errorAnswer } from './collect-response';
import { requestUrl } from './node-body';

/**
 * Where `relay.handleCollect` carries its Node path: `toNodeListener` finds it there and serves the
 * request without building a Web `Request` or `Response` (the same core answers both ways).
 */
export const NODE_COLLECT: unique symbol = Symbol.for('affiliate-relay.node-collect');

/** The Node path of a collect handler (see {@link NODE_COLLECT}). */
export type NodeCollect = (req: IncomingMessage, context: CollectContext) => Promise<CollectAnswer>;

/** A Web-standard handler such as `relay.handleCollect`. */
export type WebHandler = (request: Request, context?: CollectContext) => Promise<Response>;

/**
 * A `node:http` request listener that also works as an Express (4 or 5) handler. `Req` is the request
 * type your framework passes (Express's `Request`, or IncomingMessage plus what your middleware adds).
 */
export type NodeListener<Req extends IncomingMessage = IncomingMessage> = (
  req: Req,
  res: ServerResponse,
  next?: (error?: unknown) => void,
) => Promise<void>;

/** Options of {@link toNodeListener}. */
export interface NodeListenerOptions<Req extends IncomingMessage = IncomingMessage> {
  /**
   * Adds to the handler's context per request. Annotate `req` with what your middleware adds, e.g.
   * `(req: IncomingMessage & { user?: { id: string } }) => ({ userId: req.user?.id })`. Default: none.
   */
  context?: (req: Req) => CollectContext | undefined;
}

/**
 * Adapts a Web handler to `node:http` and Express: the IncomingMessage becomes a `Request` (its
 * socket's address goes in the context as `remoteAddress`), and the `Response` is written back
 * with every `Set-Cookie` kept apart. A body already read by a body parser (`express.json()`,
 * `express.text()`) is used as it was parsed. A method a Web `Request` refuses (`TRACE`) is
 * answered 405 with `Allow: POST` without calling the handler.
 *
 * @example
 * http.createServer(toNodeListener(relay.handleCollect)).listen(3000);
 * app.post('/affiliate-relay/collect', toNodeListener(relay.handleCollect)); // Express
 * // With what your auth middleware put on the request:
 * toNodeListener(relay.handleCollect, { context: (req: express.Request & { user?: User }) => ({ userId: req.user?.id }) });
 */
export function toNodeListener<Req extends IncomingMessage = IncomingMessage>(
  handler: WebHandler,
  options: NodeListenerOptions<Req> = {},
): NodeListener<Req> {
  return async (req, res, next) => {
    try {
      const context: CollectContext = {
        ...(req.socket?.remoteAddress ? { remoteAddress: req.socket.remoteAddress } : {}),
        ...options.context?.(req),
      };
      const method = req.method ?? 'GET';
      // TRACE, TRACK and CONNECT are forbidden to a Web Request: refused here, not a 500.
      if (!isWebMethod(method)) return writeAnswer(res, methodNotAllowed(method));
      const nodePath = (handler as { [NODE_COLLECT]?: NodeCollect })[NODE_COLLECT];
      if (nodePath) return writeAnswer(res, await nodePath(req, context));
      const response = await handler(toWebRequest(req), context);
      await writeResponse(res, response);
    } catch (error) {
      if (next) return next(error);
      if (!res.headersSent) {
        res.statusCode = 500;
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        res.end(JSON.stringify({ error: 'internal_error', reason: 'The request could not be processed' }));
      } else {
        res.destroy();
      }
    }
  };
}

/**
 * An IncomingMessage as a Web `Request`. Its URL is built from the `Host` header and the path
 * (`originalUrl` under an Express router), with `https` when the socket is TLS. With `body: false`
 * the body is left unread (a bodiless GET), for callers that need only the URL and headers.
 *
 * @example
 * const request = toWebRequest(req);
 */
export function toWebRequest(req: IncomingMessage, options: { body?: boolean } = {}): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    // HTTP/2 pseudo-headers (`:path`) are no headers to a Request.
    if (value === undefined || name.startsWith(':')) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const url = requestUrl(req);
  const method = req.method ?? 'GET';
  if (options.body === false) return new Request(url, { method: 'GET', headers });
  if (method === 'GET' || method === 'HEAD') return new Request(url, { method, headers });
  return new Request(url, { method, headers, body: bodyOf(req), duplex: 'half' } as RequestInit);
}

// The methods a Web `Request` refuses: not a token, or forbidden by the Fetch standard.
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

function isWebMethod(method: string): boolean {
  return TOKEN.test(method) && !FORBIDDEN_METHODS.has(method.toUpperCase());
}

function methodNotAllowed(method: string): CollectAnswer {
  return errorAnswer({
    code: 'method_not_allowed',
    reason: `${method.slice(0, 32)} is not allowed here: POST a beacon`,
  });
}

function bodyOf(req: IncomingMessage): string | Uint8Array | ReadableStream<Uint8Array> {
  const parsed = (req as { body?: unknown }).body;
  if (req.readableEnded && parsed !== undefined) {
    if (typeof parsed === 'string' || parsed instanceof Uint8Array) return parsed;
    return JSON.stringify(parsed);
  }
  return streamOf(req);
}

// A stream that can be abandoned: on cancel (a body over the limit) the rest is drained and
// dropped, so that the socket stays usable for the answer.
function streamOf(req: IncomingMessage): ReadableStream<Uint8Array> {
  let cancelled = false;
  let onData: ((chunk: Buffer) => void) | undefined;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const settle = (action: () => void) => {
        if (cancelled) return;
        cancelled = true;
        action();
      };
      onData = (chunk) => {
        if (cancelled) return;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      };
      req.on('data', onData);
      req.once('end', () => settle(() => controller.close()));
      req.once('error', (error) => settle(() => controller.error(error)));
      // A client that goes away mid-body: the stream must end (as an error), never wait forever.
      req.once('close', () => {
        if (!req.complete)
          settle(() => controller.error(new Error('The request was aborted before its end')));
      });
    },
    pull() {
      req.resume();
    },
    cancel() {
      cancelled = true;
      if (onData) req.off('data', onData);
      req.resume();
    },
  });
}

function writeAnswer(res: ServerResponse, answer: CollectAnswer): void {
  res.statusCode = answer.status;
  for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
  if (answer.setCookies.length > 0) res.setHeader('Set-Cookie', answer.setCookies);
  res.end(answer.body);
}

async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  for (const [name, value] of response.headers) {
    if (name !== 'set-cookie') res.setHeader(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader('Set-Cookie', cookies);
  const body = response.body ? new Uint8Array(await response.arrayBuffer()) : undefined;
  res.end(body);
}
