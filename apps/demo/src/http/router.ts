import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DemoApp } from '../app';
import { parseCookies } from './request';

/** What a route handler gets. */
export interface Exchange {
  app: DemoApp;
  request: IncomingMessage;
  response: ServerResponse;
  url: URL;
  cookies: Record<string, string>;
  /** The route pattern's named groups. */
  params: Record<string, string>;
}

export type Handler = (exchange: Exchange) => Promise<void> | void;

export interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  handler: Handler;
}

/**
 * Finds the route of a request. A path that exists under another method answers 405.
 *
 * @example
 * const match = matchRoute(routes, 'GET', '/products/cloudrest-pad');
 */
export function matchRoute(
  routes: readonly Route[],
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | 'method-not-allowed' | undefined {
  let pathKnown = false;
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    pathKnown = true;
    if (route.method === method || (route.method === 'GET' && method === 'HEAD')) {
      return { route, params: { ...match.groups } };
    }
  }
  return pathKnown ? 'method-not-allowed' : undefined;
}

export function exchangeOf(
  app: DemoApp,
  request: IncomingMessage,
  response: ServerResponse,
  params: Record<string, string>,
): Exchange {
  return {
    app,
    request,
    response,
    url: new URL(request.url ?? '/', app.origin),
    cookies: parseCookies(request.headers.cookie),
    params,
  };
}
