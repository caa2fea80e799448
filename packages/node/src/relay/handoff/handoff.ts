import {
  DAY_MS,
  HandoffError,
  isAffiliateRelayError,
  RelayClosedError,
  StoreError,
  ValidationError,
} from '@affiliate-relay/core';
import type { HandoffRecord } from '../../delivery/contract';
import { loadSchemas } from '../../lazy-schemas';
import { type Attribution, parseSavedAttribution, readAttributionFrom } from '../cookie/read-attribution';
import type { RelayInternals } from '../internals';
import type { ResolvedRelayConfig } from '../resolve-config';
import { EMPTY_HANDOFF_ID, encodeHandoff, randomHandoffId, verifyHandoff } from './handoff-token';

/** What `relay.createHandoff` takes besides the request or attribution. */
export interface HandoffOptions {
  /**
   * Days the hand-off counts: a webhook that brings it later is refused (`expired`). Each click still
   * counts only within its network's window when the order comes. Default: the longest attribution window
   * of the configured networks (30 days unless `attribution.windows` says otherwise).
   */
  expiresInDays?: number;
}

/** The request, or the attribution, that `relay.createHandoff` names. */
export type HandoffSource =
  | Request
  | { headers: Headers | Record<string, string | string[] | undefined> }
  | Attribution;

/** A hand-off as `recordConversion` takes it: the token, or the token with the visitor it must belong to. */
export type HandoffInput =
  | string
  | null
  | undefined
  | { token: string | null | undefined; visitorId?: string };

const OPTION_NAMES = new Set(['expiresInDays']);

/**
 * Keeps the shopper's attribution in the store under a random id and returns its signed token. See
 * `Relay.createHandoff`.
 *
 * @example
 * const handoff = await createHandoff(relay, request);
 */
export async function createHandoff(
  relay: RelayInternals,
  source: HandoffSource,
  options: HandoffOptions = {},
): Promise<string> {
  if (relay.closed) throw new RelayClosedError('createHandoff');
  const { config } = relay;
  const { store } = config;
  if (!store.saveHandoff || !store.readHandoff) {
    throw new StoreError(
      `createHandoff: the delivery store (${store.type ?? 'custom'}) keeps no hand-offs (saveHandoff and readHandoff)`,
    );
  }
  const expiresInDays = checkOptions(options, longestWindow(config));
  await loadSchemas();
  const attribution = await attributionOfSource(config, source);
  const now = Date.now();
  const expiresAt = Math.ceil((now + expiresInDays * DAY_MS) / 1000) * 1000;
  if (attribution.touches.length === 0)
    return encodeHandoff(config.handoffSigner, { id: EMPTY_HANDOFF_ID, expiresAt });
  const id = randomHandoffId();
  const record: HandoffRecord = { id, attribution, createdAt: now, expiresAt };
  try {
    await store.saveHandoff(record);
  } catch (error) {
    config.events.emit({ type: 'relay-error', operation: 'store.saveHandoff', error });
    throw isAffiliateRelayError(error)
      ? error
      : new StoreError('The delivery store could not keep the hand-off', { cause: error });
  }
  return encodeHandoff(config.handoffSigner, { id, expiresAt });
}

/**
 * The attribution a hand-off names. Throws a HandoffError (which check failed) for a token that is not
 * this relay's, expired, unknown to the store, or given for another visitor than the one it was made for;
 * a StoreError when the store fails (try again: nothing is refused then). The token is checked before any
 * store read.
 *
 * @example
 * const attribution = await resolveHandoff(config, session.client_reference_id);
 */
export async function resolveHandoff(config: ResolvedRelayConfig, input: HandoffInput): Promise<Attribution> {
  const token = typeof input === 'object' && input !== null ? input.token : input;
  const visitorId = typeof input === 'object' && input !== null ? input.visitorId : undefined;
  const claims = await verifyHandoff(config.handoffSigner, token, Date.now());
  if (claims.id === EMPTY_HANDOFF_ID) {
    if (visitorId !== undefined) throw otherVisitor();
    return { touches: [], source: 'none' };
  }
  let record: HandoffRecord | undefined;
  try {
    record = await config.store.readHandoff?.(claims.id);
  } catch (error) {
    config.events.emit({ type: 'relay-error', operation: 'store.readHandoff', error });
    throw isAffiliateRelayError(error)
      ? error
      : new StoreError('The delivery store could not read the hand-off: try again', { cause: error });
  }
  if (!record) {
    throw new HandoffError(
      'unknown',
      'The hand-off is genuine but not in this delivery store (purged, or another store)',
    );
  }
  if (visitorId !== undefined && record.attribution.visitorId !== visitorId) throw otherVisitor();
  // What this relay wrote, read back through the same checks as any saved attribution.
  return parseSavedAttribution(record.attribution);
}

function otherVisitor(): HandoffError {
  return new HandoffError('other-visitor', 'The hand-off was made for another visitor than the one given');
}

async function attributionOfSource(config: ResolvedRelayConfig, source: HandoffSource): Promise<Attribution> {
  if (typeof source !== 'object' || source === null) {
    throw new ValidationError('createHandoff', [
      { path: '', message: "pass the shopper's request, or an attribution from relay.attributionFrom()" },
    ]);
  }
  if ('headers' in source && source.headers) return readAttributionFrom(source, config.serverCookie);
  return parseSavedAttribution(source);
}

function checkOptions(options: HandoffOptions, fallback: number): number {
  if (typeof options !== 'object' || options === null) {
    throw new ValidationError('createHandoff', [{ path: 'options', message: 'must be an object' }]);
  }
  const unknown = Object.keys(options).filter((name) => !OPTION_NAMES.has(name));
  if (unknown.length > 0) {
    throw new ValidationError(
      'createHandoff',
      unknown.map((name) => ({ path: name, message: 'is not an option of createHandoff (expiresInDays)' })),
    );
  }
  const days = options.expiresInDays ?? fallback;
  // Seven base36 digits of seconds reach the year 4453; 3650 days is far inside, and far past any window.
  if (typeof days !== 'number' || !Number.isFinite(days) || days <= 0 || days > 3650) {
    throw new ValidationError('createHandoff', [
      { path: 'expiresInDays', message: 'must be a number of days above 0, at most 3650' },
    ]);
  }
  return days;
}

function longestWindow(config: ResolvedRelayConfig): number {
  return Math.max(...config.networks.map((network) => config.windows[network.id] ?? 0));
}
