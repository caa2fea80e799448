import { randomBytes, randomInt } from 'node:crypto';
import { LANDING_PARAMS } from '@affiliate-relay/core';
import { CATEGORIES, PRODUCTS } from './catalog';

/*
 * Affiliate landing links as the networks build them: deep links to any page of the shop, carrying
 * AvantLink's `avad` or Aflite's `clickSource=aflite&clickSessionID=…`. Each call makes a fresh click.
 */

/** A click token shaped like AvantLink's (`77_f3afbe121`). */
export function freshAvad(): string {
  return `${randomInt(10, 99)}_${randomBytes(5).toString('hex').slice(0, 9)}`;
}

/** A click id shaped like Aflite's (their page only says "unique identity number"). */
export function freshClickSessionId(): string {
  return `${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
}

/** An AvantLink deep link to a product page. */
export function avantlinkLanding(origin: string, avad = freshAvad(), slug?: string): string {
  const product = slug ?? PRODUCTS[randomInt(PRODUCTS.length)]!.slug;
  const url = new URL(`/products/${product}`, origin);
  url.searchParams.set(LANDING_PARAMS.avad, avad);
  return url.href;
}

/** An Aflite deep link to a category page. */
export function afliteLanding(origin: string, clickSessionId = freshClickSessionId(), slug?: string): string {
  const category = slug ?? CATEGORIES[randomInt(CATEGORIES.length)]!.slug;
  const url = new URL(`/c/${category}`, origin);
  url.searchParams.set(LANDING_PARAMS.clickSource, 'aflite');
  url.searchParams.set(LANDING_PARAMS.clickSessionId, clickSessionId);
  return url.href;
}
