/** The whole shop: one product. Prices in USD, without tax and shipping (what the networks are paid on). */
export const PRODUCTS: Record<string, { name: string; price: number }> = {
  tent: { name: 'Ridgeline 2 tent', price: 100 },
};
