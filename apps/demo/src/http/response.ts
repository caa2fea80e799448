import type { ServerResponse } from 'node:http';

/** Every answer of the demo is about one visitor: nothing may be cached or shared. */
const BASE_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

export function send(
  response: ServerResponse,
  status: number,
  body: string | Buffer,
  contentType: string,
  headers: Record<string, string | string[]> = {},
): void {
  response.writeHead(status, { ...BASE_HEADERS, 'content-type': contentType, ...headers });
  response.end(body);
}

export function sendHtml(
  response: ServerResponse,
  html: string,
  status = 200,
  headers: Record<string, string | string[]> = {},
): void {
  send(response, status, html, 'text/html; charset=utf-8', headers);
}

export function sendJson(
  response: ServerResponse,
  value: unknown,
  status = 200,
  headers: Record<string, string | string[]> = {},
): void {
  send(response, status, JSON.stringify(value), 'application/json; charset=utf-8', headers);
}

/** 303 See Other: the browser follows with a GET, so a refresh never re-posts a form. */
export function redirect(
  response: ServerResponse,
  location: string,
  headers: Record<string, string | string[]> = {},
): void {
  response.writeHead(303, { ...BASE_HEADERS, location, ...headers });
  response.end();
}

/** Pipes a Web `Response` (from the relay's handlers) into a node response. */
export async function sendWebResponse(response: ServerResponse, web: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  web.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = web.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  response.writeHead(web.status, headers);
  response.end(Buffer.from(await web.arrayBuffer()));
}

export interface CookieOptions {
  /** Seconds; 0 deletes the cookie. Default: a session cookie. */
  maxAge?: number;
  /** Default: true. */
  httpOnly?: boolean;
}

/** A `Set-Cookie` value for the demo's own cookies (cart, consent): host-only, Path=/, SameSite=Lax. */
export function cookie(name: string, value: string, options: CookieOptions = {}): string {
  const parts = [`${name}=${value}`, 'Path=/', 'SameSite=Lax'];
  if (options.maxAge !== undefined) parts.push(`Max-Age=${options.maxAge}`);
  if (options.httpOnly !== false) parts.push('HttpOnly');
  return parts.join('; ');
}
