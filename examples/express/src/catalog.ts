/** The whole shop: one product. Prices in USD, without tax and shipping (what the networks are paid on). */
export const PRODUCTS: Record<string, { name: string; price: number }> = {
  tent: { name: 'Ridgeline 2 tent', price: 100 },
};

/** The landing page, with the browser script that beacons clicks to `/affiliate-relay/collect`. */
export function productPage(sku: string): string | undefined {
  const product = PRODUCTS[sku];
  if (!product) return undefined;
  return `<!doctype html>
<meta charset="utf-8">
<title>${product.name}</title>
<script src="/affiliate-relay.global.js" data-endpoint="/affiliate-relay/collect" async></script>
<h1>${product.name}</h1>
<p>$${product.price}</p>
<form method="post" action="/checkout"><button>Buy</button></form>`;
}
