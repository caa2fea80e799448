/*
 * The demo shop's catalogue: a small outdoor store. Prices are in US dollars, as numbers with at
 * most two decimals; SKUs are what goes to AvantLink as `parent_sku` / `variant_sku`.
 */

export interface Variant {
  sku: string;
  label: string;
}

export interface Product {
  slug: string;
  sku: string;
  name: string;
  category: string;
  price: number;
  blurb: string;
  /** Colour of the product's picture (the pictures are drawn, nothing loads from elsewhere). */
  hue: number;
  shape: 'tent' | 'pack' | 'bag' | 'pad';
  variants: Variant[];
}

export interface Category {
  slug: string;
  name: string;
  tagline: string;
}

export const CATEGORIES: readonly Category[] = [
  { slug: 'tents', name: 'Tents', tagline: 'Shelter for one night or thirty.' },
  { slug: 'packs', name: 'Packs', tagline: 'Carry it all, comfortably.' },
  { slug: 'sleep', name: 'Sleep', tagline: 'Warm nights under any sky.' },
];

export const PRODUCTS: readonly Product[] = [
  {
    slug: 'ridgeline-2-tent',
    sku: 'TENT-RL2',
    name: 'Ridgeline 2 Tent',
    category: 'tents',
    price: 349,
    blurb: 'A two-person, three-season tent that pitches in four minutes and weighs under 2 kg.',
    hue: 150,
    shape: 'tent',
    variants: [
      { sku: 'TENT-RL2-SAGE', label: 'Sage' },
      { sku: 'TENT-RL2-EMBER', label: 'Ember' },
    ],
  },
  {
    slug: 'basecamp-4-tent',
    sku: 'TENT-BC4',
    name: 'Basecamp 4 Tent',
    category: 'tents',
    price: 529,
    blurb: 'Room for four and their boots, with two doors and a porch for the stove.',
    hue: 28,
    shape: 'tent',
    variants: [{ sku: 'TENT-BC4-STD', label: 'Standard' }],
  },
  {
    slug: 'summit-bivy',
    sku: 'TENT-SB1',
    name: 'Summit Bivy',
    category: 'tents',
    price: 219.5,
    blurb: 'A waterproof, breathable bivy for fast and light nights above the tree line.',
    hue: 205,
    shape: 'tent',
    variants: [{ sku: 'TENT-SB1-STD', label: 'Standard' }],
  },
  {
    slug: 'switchback-45-pack',
    sku: 'PACK-SW45',
    name: 'Switchback 45 Pack',
    category: 'packs',
    price: 189,
    blurb: 'A 45-litre pack with a ventilated back panel and a lid that becomes a day bag.',
    hue: 12,
    shape: 'pack',
    variants: [
      { sku: 'PACK-SW45-M', label: 'Medium' },
      { sku: 'PACK-SW45-L', label: 'Large' },
    ],
  },
  {
    slug: 'daylight-22-pack',
    sku: 'PACK-DL22',
    name: 'Daylight 22 Pack',
    category: 'packs',
    price: 89.95,
    blurb: 'Everything for a day on the trail: water, layers, lunch and the map.',
    hue: 265,
    shape: 'pack',
    variants: [{ sku: 'PACK-DL22-STD', label: 'One size' }],
  },
  {
    slug: 'ember-20-sleeping-bag',
    sku: 'SLEEP-EM20',
    name: 'Ember 20 Sleeping Bag',
    category: 'sleep',
    price: 259,
    blurb: 'Responsibly sourced down, rated to 20°F, packs down to the size of a loaf.',
    hue: 340,
    shape: 'bag',
    variants: [
      { sku: 'SLEEP-EM20-R', label: 'Regular' },
      { sku: 'SLEEP-EM20-L', label: 'Long' },
    ],
  },
  {
    slug: 'cloudrest-pad',
    sku: 'SLEEP-CR',
    name: 'Cloudrest Pad',
    category: 'sleep',
    price: 129.95,
    blurb: 'A 7 cm insulated air pad that inflates in twelve breaths.',
    hue: 190,
    shape: 'pad',
    variants: [{ sku: 'SLEEP-CR-STD', label: 'Regular' }],
  },
];

export function findProduct(slug: string): Product | undefined {
  return PRODUCTS.find((product) => product.slug === slug);
}

export function findCategory(slug: string): Category | undefined {
  return CATEGORIES.find((category) => category.slug === slug);
}

export function productsIn(category: string): Product[] {
  return PRODUCTS.filter((product) => product.category === category);
}

/** The product and variant of a variant SKU. */
export function findVariant(variantSku: string): { product: Product; variant: Variant } | undefined {
  for (const product of PRODUCTS) {
    const variant = product.variants.find((candidate) => candidate.sku === variantSku);
    if (variant) return { product, variant };
  }
  return undefined;
}

/** Rounds to cents, so that sums of prices stay exact amounts. */
export function cents(amount: number): number {
  return Math.round(amount * 100) / 100;
}

export function formatPrice(amount: number): string {
  return `$${amount.toFixed(2)}`;
}
