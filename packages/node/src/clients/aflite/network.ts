import type { NetworkRequest } from '../../delivery/contract';
import type { NetworkDefinition } from '../../delivery/network';
import type { AfliteClient } from './client';
import type { AfliteGoalInput } from './types';

/** What the Aflite network needs beside its client: the sale goal, and test mode. */
export interface AfliteNetworkOptions {
  goalId: string | number;
  /** Every goal to Aflite's Trace Report, none to an affiliate (the relay's test mode sets it too). */
  traceOnly: boolean;
}

const REVERSAL_UNSUPPORTED =
  'Aflite documents no reversal API: decline or adjust the goal in its console (nothing was sent)';

/** Aflite's id and its name as people write it, for tools that read a store with no relay (the command line). */
export const AFLITE_LABEL = { id: 'aflite', name: 'Aflite' } as const;

/**
 * Aflite as the relay sees it: an order is a goal keyed by `mref` (the order id); a reused `mref` is
 * put in error at Aflite, so a resend after an attempt that may have landed asks the goal feed first
 * (`confirm`). No click call, no reversal API.
 *
 * @example
 * const network = afliteNetwork(new AfliteClient({ merchantId, apiKey }), { goalId: 1, traceOnly: false });
 */
export function afliteNetwork(
  client: Pick<AfliteClient, 'registerGoal' | 'findGoal' | 'close'>,
  options: AfliteNetworkOptions,
): NetworkDefinition {
  return {
    ...AFLITE_LABEL,
    send: {
      order: async (request, { call }) => {
        await client.registerGoal(request as AfliteGoalInput, call);
      },
    },
    testMode: {
      // `traceOnly=1` on every test goal, whatever was stored: Aflite records nothing and pays no one.
      send: {
        order: async (request, { call }) => {
          await client.registerGoal({ ...(request as AfliteGoalInput), traceOnly: true }, call);
        },
      },
      summary: "Aflite: every goal is sent with traceOnly=1 (Aflite's Trace Report, no affiliate is paid)",
    },
    confirm: async (_kind, request, call) =>
      (await client.findGoal((request as AfliteGoalInput).merchantRef, call)) !== undefined,
    storedFields: { order: ['clickSessionId', 'merchantRef'] },
    orderRequest(facts): NetworkRequest {
      const request: AfliteGoalInput = {
        clickSessionId: facts.touch.clickId,
        goalId: options.goalId,
        merchantRef: facts.order.orderId,
        value: facts.order.subtotal,
        ...(options.traceOnly ? { traceOnly: true } : {}),
      };
      return request;
    },
    // Aflite's goal carries a value and no currency.
    orderOf: (request) => ({ subtotal: Number((request as AfliteGoalInput).value) }),
    reversal: { unsupported: REVERSAL_UNSUPPORTED },
    close: () => client.close(),
  };
}
