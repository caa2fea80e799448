/*
 * AvantLink's order line items: the one place where their wire names are spelled.
 * NOTE: AvantLink's public S2S page stops before the products array. These names follow its
 * JavaScript integration (`parent_sku`, `variant_sku`, `price`, `qty`) and are unconfirmed for S2S;
 * if AvantLink names them otherwise, this object is the one line to correct.
 */
export const AVANTLINK_LINE_ITEM_FIELDS = {
  parentSku: 'parent_sku',
  variantSku: 'variant_sku',
  price: 'price',
  quantity: 'qty',
} as const;

/** Name of the line-item array inside AvantLink's `order` object (unconfirmed, see above). */
export const AVANTLINK_PRODUCTS_FIELD = 'products';
