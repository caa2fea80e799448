import { DEFAULT_COLLECT_PATH, HANDOFF_NAMES } from '@affiliate-relay/core';
import type { DemoApp } from './app';
import { readBody, toWebRequest } from './http/request';
import { sendWebResponse } from './http/response';
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
 * The collect endpoint: `relay.handleCollect`, the Web handler, so that the demo sees each answer and shows it
 * in the console (a `node:http` shop mounts `relay.collectListener()` instead, which gives the same answers).
 * The relay validates the beacon, answers 204 with the signed server cookie, and makes AvantLink's click call.
 */
export const collectRoute: Route = {
  method: 'POST',
  pattern: new RegExp(`^${DEFAULT_COLLECT_PATH}$`),
  async handler(x) {
    const beacon = await readBody(x.request);
    const { remoteAddress } = x.request.socket;
    const context = remoteAddress ? { remoteAddress } : {};
    const answer = await loggedCollect(x.app, beacon)(toWebRequest(x.request, x.app.origin, beacon), context);
    await sendWebResponse(x.response, answer);
  },
};

/**
 * The hand-off endpoint (`relay.handleHandoff`): the checkout page's hand-off script asks it for the shopper's
 * hand-off before the form goes to the hosted checkout.
 */
export const handoffRoute: Route = {
  method: 'POST',
  pattern: new RegExp(`^${HANDOFF_NAMES.path}$`),
  async handler(x) {
    await sendWebResponse(
      x.response,
      await x.app.relay.handleHandoff(toWebRequest(x.request, x.app.origin, '')),
    );
  },
};
