import type { NetworkId } from '@affiliate-relay/core';
import { formatPrice } from '../catalog';
import type { Order } from '../orders';
import { html, type SafeHtml } from './html';
import { layout, type PageContext } from './layout';

export const NETWORK_NAMES: Record<NetworkId, string> = { avantlink: 'AvantLink', aflite: 'Aflite' };

/** Plain words for the relay's per-network outcomes. */
export function describeOutcome(outcome: string): string {
  switch (outcome) {
    case 'sent':
    case 'recorded':
    case 'delivered':
      return 'reported';
    case 'already-recorded':
      return 'already on record';
    case 'pending':
      return 'pending: will be redelivered';
    case 'duplicate':
      return 'already reported earlier';
    case 'failed':
      return 'failed';
    default:
      return outcome;
  }
}

/** Plain words for a reversal's per-network outcomes. */
export function describeRefund(outcome: string): string {
  switch (outcome) {
    case 'sent':
      return 'commission reversed';
    case 'pending':
      return 'pending: will be sent';
    case 'duplicate':
      return 'already refunded: nothing sent again';
    case 'unsupported':
      return 'no reversal API';
    case 'failed':
      return 'failed: check the network console';
    default:
      return outcome;
  }
}

/**
 * Shows an order that exists. Rendering it records nothing, so a refresh changes nothing. `refundable`: a network
 * received the order, so the page offers to refund it.
 */
export function thankYouPage(order: Order, context: PageContext, refundable: boolean): SafeHtml {
  const results = Object.entries(order.conversion.results) as [NetworkId, string][];
  return layout(
    'Thank you',
    context,
    html`<section class="thanks">
  <p class="eyebrow">Order confirmed</p>
  <h1>Thank you! Your gear is on its way.</h1>
  <p>Order number <strong data-testid="order-id">${order.id}</strong></p>
</section>
<div class="checkout">
  <section class="summary">
    <h2>What you bought</h2>
    <ul class="summary-lines">
    ${order.lines.map(
      (line) =>
        html`<li><span>${line.quantity} × ${line.productName} <span class="muted">(${line.variantLabel})</span></span><span>${formatPrice(line.price * line.quantity)}</span></li>`,
    )}
    </ul>
    ${order.pricing.discount > 0 ? html`<p class="summary-total"><span>Coupon ${order.pricing.couponCode}</span><span>−${formatPrice(order.pricing.discount)}</span></p>` : ''}
    <p class="summary-total"><span>Subtotal</span><span data-testid="order-subtotal">${formatPrice(order.pricing.subtotal)}</span></p>
  </section>
  <aside class="summary attribution-note" data-testid="attribution-note">
    <h2>Behind the scenes</h2>
    <p>${order.conversion.explanation}</p>
    ${
      results.length > 0
        ? html`<ul class="summary-lines">${results.map(
            ([network, outcome]) =>
              html`<li><span class="chip chip-${network}">${NETWORK_NAMES[network]}</span><span>${describeOutcome(outcome)}</span></li>`,
          )}</ul>`
        : html`<p class="muted">No network was told about this order.</p>`
    }
    <p><a href="/qa">See it in the QA console →</a></p>
  </aside>
  <section class="summary refund" data-testid="refund">
    <h2>Returns</h2>
    ${
      (order.refunds ?? []).length > 0
        ? html`<ul class="summary-lines">${(order.refunds ?? []).map(
            (refund) =>
              html`<li data-testid="refund-result"><span>${refund.amount ? `Refund of $${refund.amount}` : 'Refund'}</span><span>${
                Object.entries(refund.results).length > 0
                  ? Object.entries(refund.results).map(
                      ([network, outcome]) =>
                        html`<span class="chip chip-${network}">${NETWORK_NAMES[network as NetworkId]}</span> ${describeRefund(outcome ?? '')} `,
                    )
                  : ''
              }${refund.note ? html`<span class="muted">${refund.note}</span>` : ''}</span></li>`,
          )}</ul>`
        : refundable
          ? html`<p class="muted">Sent it back? A refund takes the affiliate's commission back too.</p>`
          : html`<p class="muted" data-testid="no-refund">No network received this order: there is no commission to take back.</p>`
    }
    ${
      refundable
        ? html`<form method="post" action="/orders/${order.id}/refund">
      <button type="submit" class="button">Refund this order</button>
    </form>`
        : ''
    }
  </section>
</div>`,
  );
}
