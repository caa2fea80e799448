/** The whole shop: one product. Prices in USD cents, without tax and shipping (what the networks are paid on). */
export const PRODUCTS: Record<string, { name: string; cents: number }> = {
  tent: { name: 'Ridgeline 2 tent', cents: 10_000 },
};

/** The landing page: its Buy button posts to `/checkout`, which sends the shopper to Stripe Checkout. */
export function productPage(sku: string): string | undefined {
  const product = PRODUCTS[sku];
  if (!product) return undefined;
  return `<!doctype html>
<meta charset="utf-8">
<title>${product.name}</title>
<h1>${product.name}</h1>
<p>$${product.cents / 100}</p>
<form method="post" action="/checkout"><input type="hidden" name="sku" value="${sku}"><button>Buy</button></form>`;
}
