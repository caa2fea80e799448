import { randomBytes } from 'node:crypto';
import type { NetworkId } from '@affiliate-relay/core';
import type { Cart, Pricing } from './shop/cart';

/*
 * Orders, kept in memory: the demo's stand-in for a shop's order database. What the relay answered
 * is stored with the order, so that the thank-you page only shows it and never reports again.
 */

export interface OrderLine {
  productName: string;
  variantLabel: string;
  parentSku: string;
  variantSku: string;
  price: number;
  quantity: number;
}

/** What `recordConversion` decided and did, in words the QA console and thank-you page show. */
export interface ConversionSummary {
  /** `selected`, `no-touches`, `all-expired`, `duplicate`, or `error` when the relay threw. */
  reason: string;
  explanation: string;
  /** One outcome per network the order went to (e.g. `sent`, `pending`, `failed`). */
  results: Partial<Record<NetworkId, string>>;
  /** The relay's answer as it gave it, for the console's details view. */
  raw?: unknown;
  /** Set when the order came by a checkout's webhook (another origin), credited from the hand-off. */
  via?: {
    webhook: string;
    cookieAtWebhook: boolean;
    /** `page`: the checkout page's hand-off script put it in the form; `server`: made at checkout. */
    handoffFrom: 'page' | 'server';
  };
}

/** A refund asked for on an order, and what `recordReversal` did (or why it refused). */
export interface RefundSummary {
  reversalId: string;
  at: number;
  /** The amount reversed, when one was. */
  amount?: string;
  /** One outcome per network (`sent`, `pending`, `failed`, `duplicate`, `unsupported`). */
  results: Partial<Record<NetworkId, string>>;
  /** Why a network did nothing (Aflite: no reversal API), or why the relay refused. */
  note?: string;
}

export interface Order {
  id: string;
  createdAt: number;
  lines: OrderLine[];
  pricing: Pricing;
  currency: 'USD';
  customer: { country: string; state: string; newCustomer: boolean };
  visitorId: string | undefined;
  conversion: ConversionSummary;
  /** Refunds asked for, oldest first. */
  refunds?: RefundSummary[];
}

export type NewOrder = Omit<Order, 'id' | 'createdAt' | 'conversion'>;

const MAX_ORDERS = 50;

export class OrderBook {
  #orders: Order[] = [];

  /** A fresh order number: unique across restarts, because Aflite rejects a reused `mref` for good. */
  nextId(): string {
    return `TH-${Date.now().toString(36).toUpperCase()}-${randomBytes(2).toString('hex').toUpperCase()}`;
  }

  add(order: Order): void {
    this.#orders.unshift(order);
    this.#orders.length = Math.min(this.#orders.length, MAX_ORDERS);
  }

  get(id: string): Order | undefined {
    return this.#orders.find((order) => order.id === id);
  }

  /** Newest first. */
  list(): readonly Order[] {
    return this.#orders;
  }

  /** Whether this visitor has ordered before (AvantLink's `new_customer`). */
  hasOrdered(visitorId: string | undefined): boolean {
    return visitorId !== undefined && this.#orders.some((order) => order.visitorId === visitorId);
  }

  clear(): void {
    this.#orders = [];
  }
}

/** The order lines of a cart. */
export function linesOf(cart: Cart): OrderLine[] {
  return cart.lines.map((line) => ({
    productName: line.product.name,
    variantLabel: line.variant.label,
    parentSku: line.product.sku,
    variantSku: line.variant.sku,
    price: line.product.price,
    quantity: line.quantity,
  }));
}

export type { Pricing };
