import type { Exchange } from '../http/router';

const KEEP_ALIVE_MS = 15_000;

/**
 * Server-Sent Events for the console: a `change` event whenever anything it shows may have moved
 * (a network call, a beacon, an order), so that it refetches its state at once instead of polling.
 */
export function openStream(exchange: Exchange): void {
  const { app, request, response } = exchange;
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  });
  response.write('retry: 2000\n\n');
  let scheduled = false;
  // Many events arrive together (a call and its retries): one notification per tick is enough.
  const unsubscribe = app.activity.onChange(() => {
    if (scheduled) return;
    scheduled = true;
    setTimeout(() => {
      scheduled = false;
      if (!response.writableEnded) response.write('event: change\ndata: {}\n\n');
    }, 50);
  });
  const keepAlive = setInterval(() => response.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
  request.on('close', () => {
    clearInterval(keepAlive);
    unsubscribe();
  });
}
