import type { Connections } from './connections';

/** One HTTP request, fully formed by a client. */
export interface HttpRequestSpec {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** How requests travel: the time limit of one attempt and the way out. */
export interface Transport {
  timeoutMs: number;
  /** A `fetch` of the shop's own: used instead of `connections`. */
  fetch?: typeof globalThis.fetch;
  /** The client's capped node:http sockets; absent where node:http is not (the global `fetch` then). */
  connections?: Connections | undefined;
}

/** An answer from the network, whatever its status. */
export interface HttpResult {
  status: number;
  headers: Headers;
  /** The body as text. */
  text: string;
  /** The body parsed as JSON when it is JSON, else the text. */
  body: unknown;
  durationMs: number;
}
