import { createServer, type Server } from 'node:http';
import type { DemoApp } from './app';
import { collectRoute, handoffRoute } from './collect';
import { send, sendJson } from './http/response';
import { type Exchange, exchangeOf, matchRoute, type Route } from './http/router';
import { readStatic } from './http/static-files';
import { qaRoutes } from './qa/routes';
import { hostedRoutes } from './shop/hosted';
import { notFound, shopRoutes } from './shop/routes';

async function serveStatic(x: Exchange, name: string): Promise<void> {
  const file = await readStatic(name);
  if (!file) return send(x.response, 404, 'not found', 'text/plain; charset=utf-8');
  send(x.response, 200, file.body, file.type);
}

const staticRoute: Route = {
  method: 'GET',
  pattern: /^\/static\/(?<name>[a-z.-]+)$/,
  handler: (x) => serveStatic(x, x.params.name ?? ''),
};

/** The icon a browser asks for on its own at /favicon.ico (the pages also name it with `<link rel="icon">`). */
const faviconRoute: Route = {
  method: 'GET',
  pattern: /^\/favicon\.ico$/,
  handler: (x) => serveStatic(x, 'favicon.svg'),
};

const ROUTES: readonly Route[] = [
  ...shopRoutes,
  ...hostedRoutes,
  collectRoute,
  handoffRoute,
  ...qaRoutes,
  staticRoute,
  faviconRoute,
];

/**
 * The demo's HTTP server: storefront, collect endpoint, QA console and static files, on plain
 * `node:http` (a shop on any framework mounts the relay the same way).
 *
 * @example
 * const server = createDemoServer(app);
 * server.listen(4310, '127.0.0.1');
 */
export function createDemoServer(app: DemoApp): Server {
  return createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://demo.invalid').pathname;
    const match = matchRoute(ROUTES, request.method ?? 'GET', path);
    const exchange = exchangeOf(
      app,
      request,
      response,
      match && match !== 'method-not-allowed' ? match.params : {},
    );
    const run = async () => {
      if (match === 'method-not-allowed')
        return send(response, 405, 'method not allowed', 'text/plain; charset=utf-8');
      if (!match) return notFound(exchange);
      await match.route.handler(exchange);
    };
    run().catch((error: unknown) => {
      console.error(`demo: ${request.method} ${path} failed:`, error);
      if (!response.headersSent) sendJson(response, { error: 'internal error' }, 500);
      else response.end();
    });
  });
}
