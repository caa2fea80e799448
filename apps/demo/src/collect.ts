import { DEFAULT_COLLECT_PATH } from '@affiliate-relay/core';
import { toNodeListener } from '@affiliate-relay/node';
import type { DemoApp } from './app';
import { readBody } from './http/request';
import type { Route } from './http/router';

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** `relay.handleCollect`, noting each beacon and its answer in the console's log. */
function loggedCollect(app: DemoApp, beacon: string) {
  return async (request: Request, context?: Parameters<DemoApp['relay']['handleCollect']>[1]) => {
    const answer = await app.relay.handleCollect(request, context);
    const answerText = await answer.clone().text();
    app.activity.add({
      kind: 'beacon',
      at: Date.now(),
      status: answer.status,
      body: parse(beacon),
      response: answerText ? parse(answerText) : undefined,
    });
    return answer;
  };
}

/**
 * The collect endpoint, mounted as a `node:http` shop mounts it: `toNodeListener(relay.handleCollect)`.
 * The relay validates the beacon, answers 204 with the signed server cookie, and makes AvantLink's
 * click call. The demo reads the body first (as a body parser would) to show it in the console.
 */
export const collectRoute: Route = {
  method: 'POST',
  pattern: new RegExp(`^${DEFAULT_COLLECT_PATH}$`),
  async handler(x) {
    const beacon = await readBody(x.request);
    // toNodeListener uses a body a parser already read (as with express.text()).
    Object.assign(x.request, { body: beacon });
    await toNodeListener(loggedCollect(x.app, beacon))(x.request, x.response);
  },
};
