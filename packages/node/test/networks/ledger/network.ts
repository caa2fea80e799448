import { HttpError } from '@affiliate-relay/core';
import type { NetworkRequest } from '../../../src/delivery/contract';
import type { NetworkDefinition } from '../../../src/delivery/network';

/*
 * "Ledger", a made-up network defined outside the package's sources in this one folder, under its own id
 * (`ledger`, which core does not know): how its clicks arrive on a landing (`?ledger_click=…`), its requests, how
 * it sends them, how its answers are read, what it supports. It exists to prove that the relay and the outbox go
 * through the network contract alone (src/delivery/network.ts) and never branch on a network's name, and that
 * core's cookies and attribution take a network they were never told of: it takes clicks, orders with an
 * exactly-once lookup, and reversals.
 */

/** The landing parameter that carries a Ledger click. */
export const LEDGER_CLICK_PARAM = 'ledger_click';

interface LedgerSale {
  ref: string;
  amount: number;
  click: string;
}

export function ledgerNetwork(baseUrl: string): NetworkDefinition {
  const post = async (path: string, body: unknown, signal?: AbortSignal) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      ...(signal ? { signal } : {}),
    });
    // A duplicate ref is a sale Ledger already has: the delivery is done.
    if (response.status === 409 && path === '/sales') return;
    if (!response.ok)
      throw new HttpError(
        response.status,
        await response.text(),
        `Ledger ${path} answered ${response.status}`,
      );
  };
  return {
    id: 'ledger',
    name: 'Ledger',
    captureClick: (param) => param(LEDGER_CLICK_PARAM),
    send: {
      click: (request, { call }) => post('/clicks', request, call.signal),
      order: (request, { call }) => post('/sales', request, call.signal),
      reversal: (request, { call }) => post('/refunds', request, call.signal),
    },
    confirm: async (_kind, request, call) => {
      const ref = encodeURIComponent((request as LedgerSale).ref);
      const response = await fetch(`${baseUrl}/sales/${ref}`, call.signal ? { signal: call.signal } : {});
      return response.status === 200;
    },
    storedFields: { click: ['click'], order: ['ref', 'amount', 'click'], reversal: ['reversalId', 'amount'] },
    orderRequest(facts): NetworkRequest {
      const sale: LedgerSale = {
        ref: facts.order.orderId,
        amount: facts.order.subtotal,
        click: facts.touch.clickId,
      };
      return sale;
    },
    clickRequest: (facts) => ({
      click: facts.touch.clickId,
      visitor: facts.visitorId,
      url: facts.currentUrl,
    }),
    reversal: {
      checkReady: () => undefined,
      orderAmounts: (request) => ({ subtotal: (request as LedgerSale).amount }),
    },
    close: () => undefined,
  };
}
