import type * as Http from 'node:http';
import type * as Https from 'node:https';
import { loadBuiltin } from '../runtime';

// An idle kept-alive socket is closed after this long: below the 5 s that Node servers (and most
// others) keep an idle connection, so that a reused socket is rarely one the server is closing.
const IDLE_MS = 4_000;

/** A place among the client's requests under way: `ready` once it is one of them. */
export interface Slot {
  ready: Promise<void>;
  /** Gives the place up (or leaves the queue). Safe to call twice. */
  release(): void;
}

/**
 * The sockets of one client (one network), on node:http: at most `maxSockets` requests under way
 * at once, each on its own socket, kept alive for reuse; the rest wait in line here. A request cut
 * before its turn never reaches the agent, so no socket is opened for it.
 */
export interface Connections {
  /** The cap on sockets open at once (Infinity: none). */
  readonly maxSockets: number;
  /** Waits for a place under the cap. Release it once the request has closed (its socket freed or destroyed). */
  slot(): Slot;
  /** Starts a request on a kept-alive socket (call it with a slot). */
  request(url: URL, options: Http.RequestOptions): Http.ClientRequest;
  /** Destroys every socket, idle or not. A later request opens new ones. */
  close(): void;
}

/**
 * The sockets of one client on node:http, or `undefined` where the runtime has no node:http
 * (Workers, edge runtimes: the client then sends with the global `fetch`).
 *
 * @example
 * const connections = createConnections(4); // at most 4 sockets open at once
 */
export function createConnections(maxSockets: number = Number.POSITIVE_INFINITY): Connections | undefined {
  const http = loadBuiltin<typeof Http>('node:http');
  const https = loadBuiltin<typeof Https>('node:https');
  if (!http?.Agent || !https?.Agent) return undefined;
  const agents = new Map<string, Http.Agent>();
  const waiting: (() => void)[] = [];
  let active = 0;

  return {
    maxSockets,
    slot() {
      let state: 'waiting' | 'active' | 'released' = 'waiting';
      let wake: () => void = () => undefined;
      const ready = new Promise<void>((resolve) => {
        wake = () => {
          state = 'active';
          active += 1;
          resolve();
        };
      });
      if (active < maxSockets) wake();
      else waiting.push(wake);
      return {
        ready,
        release() {
          if (state === 'waiting') {
            const at = waiting.indexOf(wake);
            if (at >= 0) waiting.splice(at, 1);
          } else if (state === 'active') {
            active -= 1;
            waiting.shift()?.();
          }
          state = 'released';
        },
      };
    },
    request(url, options) {
      const secure = url.protocol === 'https:';
      let agent = agents.get(url.protocol);
      if (!agent) {
        const Agent = secure ? https.Agent : http.Agent;
        // The agent's own cap as a second guard; the line above keeps it from ever queueing.
        agent = new Agent({
          keepAlive: true,
          maxSockets,
          maxTotalSockets: maxSockets,
          timeout: IDLE_MS,
          ...proxyOptions(),
        } as Http.AgentOptions);
        agents.set(url.protocol, agent);
      }
      // NOTE: `request` is read from the module at call time: test interceptors (msw) replace it.
      return (secure ? https : http).request(url, { ...options, agent });
    },
    close() {
      for (const agent of agents.values()) agent.destroy();
      agents.clear();
    },
  };
}

// NODE_USE_ENV_PROXY=1 makes Node's own agents and fetch go through HTTP(S)_PROXY (Node 24.5+):
// these agents follow it too. Older Node ignores the option.
function proxyOptions(): { proxyEnv?: Record<string, string | undefined> } {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.NODE_USE_ENV_PROXY === '1' ? { proxyEnv: env } : {};
}
