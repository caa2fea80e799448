import type { ConsentSource } from './watch';

interface CustomerPrivacy {
  marketingAllowed(): boolean;
}

/**
 * Shopify's Customer Privacy API (`window.Shopify.customerPrivacy`, loaded by the shop's theme or banner):
 * `marketingAllowed()` true grants when it is found (false is not yet a choice: it stays as it is); the
 * `visitorConsentCollected` event's `detail.marketingAllowed` decides either way.
 *
 * @example
 * watchConsent([['shopify', shopifyCustomerPrivacy]]);
 */
export const shopifyCustomerPrivacy: ConsentSource = (vote) => {
  // No customerPrivacy yet throws a TypeError: it is looked for again.
  const allowed = (
    globalThis as { Shopify?: { customerPrivacy?: CustomerPrivacy } }
  ).Shopify!.customerPrivacy!.marketingAllowed();
  document.addEventListener('visitorConsentCollected', (event) =>
    vote(() => (event as CustomEvent<{ marketingAllowed?: unknown }>).detail.marketingAllowed),
  );
  vote(() => allowed || undefined);
  return true;
};
