import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CollectContext } from './collect';
import { type CollectAnswer, errorAnswer } from './collect-response';
import { requestUrl } from './node-body';

/** The collect endpoint's Node path: an IncomingMessage answered without a Web `Request` or `Response`. */
export type NodeCollect = (req: IncomingMessage, context: CollectContext) => Promise<CollectAnswer>;

/**
 * A `node:http` request listener that also works as an Express (4 or 5) handler. `Req` is the request
 * type your framework passes (Express's `Request`, or IncomingMessage plus what your middleware adds).
 */
export type NodeListener<Req extends IncomingMessage = IncomingMessage> = (
  req: Req,
  res: ServerResponse,
  next?: (error?: unknown) => void,
) => Promise<void>;

/** Options of `relay.collectListener`. */
export interface CollectListenerOptions<Req extends IncomingMessage = IncomingMessage> {
  /**
   * Adds to the endpoint's context per request. Annotate `req` with what your middleware adds, e.g.
   * `(req: IncomingMessage & { user?: { id: string } }) => ({ userId: req.user?.id })`. Default: none.
   */
  context?: (req: Req) => CollectContext | undefined;
}

/**
 * A `node:http` and Express listener over the collect endpoint's Node path (`relay.collectListener`): the
 * socket's address goes in the context as `remoteAddress`, the answer is written with every `Set-Cookie` kept
 * apart, and a method a Web `Request` refuses (`TRACE`) is answered 405 with `Allow: POST`. A request that throws
 * goes to `next` (Express), else gets a 500 that tells nothing.
 *
 * @example
 * const listener = createNodeListener((req, context) => collectAnswer(relay, nodeCollectInput(req), context));
 */
export function createNodeListener<Req extends IncomingMessage = IncomingMessage>(
  serve: NodeCollect,
  options: CollectListenerOptions<Req> = {},
): NodeListener<Req> {
  return async (req, res, next) => {
    try {
      const context: CollectContext = {
        ...(req.socket?.remoteAddress ? { remoteAddress: req.socket.remoteAddress } : {}),
        ...options.context?.(req),
      };
      const method = req.method ?? 'GET';
      // TRACE, TRACK and CONNECT are forbidden to a Web Request: refused here as by the Web handler, not a 500.
      if (!isWebMethod(method)) return writeAnswer(res, methodNotAllowed(method));
      writeAnswer(res, await serve(req, context));
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
 * An IncomingMessage's head as a bodiless Web `GET` request: its URL built from the `Host` header and the path
 * (`originalUrl` under an Express router), with `https` when the socket is TLS, and its headers. For callers
 * that need only the URL and headers (`captureFromRequest`).
 *
 * @example
 * const request = toWebRequest(req);
 */
export function toWebRequest(req: IncomingMessage): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    // HTTP/2 pseudo-headers (`:path`) are no headers to a Request.
    if (value === undefined || name.startsWith(':')) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return new Request(requestUrl(req), { method: 'GET', headers });
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

function writeAnswer(res: ServerResponse, answer: CollectAnswer): void {
  res.statusCode = answer.status;
  for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
  if (answer.setCookies.length > 0) res.setHeader('Set-Cookie', answer.setCookies);
  res.end(answer.body);
}
