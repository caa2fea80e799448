import {
  type AttributionPolicy,
  ConfigError,
  DAY_MS,
  DEFAULT_WINDOW_DAYS,
  MAX_COOKIE_DAYS,
  NETWORKS,
  type NetworkId,
} from '@affiliate-relay/core';
import { AfliteClient } from '../clients/aflite/client';
import { AvantLinkClient } from '../clients/avantlink/client';
import { createEventEmitter, type EventEmitter } from '../http/events';
import { checkTimeout } from '../http/options';
import type { RelayConfig } from './config';
import { checkCookieDomain } from './cookie-header';
import { createSigner } from './cookie-signer';
import type { RedeliverySchedule } from './deliver';
import { lockMarginMs } from './delivery-queue';
import type { DeliveryStore } from './delivery-store';
import { createMemoryStore } from './memory-store';
import { normalizeOrigins } from './request-origin';
import { createServerCookie, type ServerCookie } from './server-cookie';

/** {@link RelayConfig} checked, with its defaults applied and its clients built. */
export interface ResolvedRelayConfig {
  /** The configured networks, in core's order. */
  networks: NetworkId[];
  avantlink?: AvantLinkClient;
  aflite?: { client: AfliteClient; goalId: string | number; traceOnly: boolean };
  serverCookie: ServerCookie;
  maxAgeSeconds: number;
  windows: Record<NetworkId, number>;
  policy: AttributionPolicy;
  forwardIp: boolean;
  trustProxy: boolean;
  allowedOrigins: Set<string>;
  events: EventEmitter;
  store: DeliveryStore;
  schedule: RedeliverySchedule;
  lockMs: number;
  waitUntil?: (promise: Promise<unknown>) => void;
}

const POLICIES: readonly AttributionPolicy[] = ['last-click', 'first-click', 'all'];

/**
 * @example
 * const resolved = resolveRelayConfig({ cookie: { secret }, avantlink: { merchantId } });
 */
export function resolveRelayConfig(config: RelayConfig): ResolvedRelayConfig {
  if (typeof config !== 'object' || config === null)
    throw new ConfigError('createRelay needs a config object');
  if (!config.avantlink && !config.aflite) {
    throw new ConfigError('createRelay: configure at least one network (avantlink or aflite)');
  }
  // Relay events carry no secret; the redactor is a second guard, as it is for the clients.
  const secrets = [
    config.aflite?.apiKey,
    config.avantlink?.merchantId,
    ...[config.cookie?.secret ?? []].flat(),
  ];
  const events = createEventEmitter(
    config.logger,
    secrets.filter((secret): secret is string => typeof secret === 'string'),
  );
  const logger = config.logger;
  const networks = NETWORKS.filter((network) => config[network] !== undefined);
  const windows = resolveWindows(config.windows);
  const longest = Math.max(...networks.map((network) => windows[network]));
  const maxAgeSeconds = Math.floor((Math.min(longest, MAX_COOKIE_DAYS) * DAY_MS) / 1000);
  const cookie = config.cookie;
  if (!cookie || typeof cookie !== 'object') throw new ConfigError('cookie.secret is required');
  const serverCookie = createServerCookie(createSigner(cookie.secret), {
    maxAgeSeconds,
    domain: checkCookieDomain(cookie.domain),
    httpOnly: true,
    secure: cookie.secure ?? true,
    sameSite: 'Lax',
  });
  const policy = config.attribution?.policy ?? 'last-click';
  if (!POLICIES.includes(policy))
    throw new ConfigError(`attribution.policy must be one of ${POLICIES.join(', ')}`);
  const resolved: ResolvedRelayConfig = {
    networks,
    serverCookie,
    maxAgeSeconds,
    windows,
    policy,
    forwardIp: config.forwardIp === true,
    trustProxy: config.trustProxy === true,
    allowedOrigins: normalizeOrigins(config.allowedOrigins),
    events,
    store: config.store ?? createMemoryStore(),
    ...resolveRedelivery(config),
  };
  if (config.waitUntil) resolved.waitUntil = config.waitUntil;
  if (config.avantlink)
    resolved.avantlink = new AvantLinkClient({ ...config.avantlink, ...withLogger(logger) });
  checkLockLeavesTime(resolved.lockMs, config);
  if (config.aflite) {
    const { goalId, traceOnly, ...options } = config.aflite;
    if (!(typeof goalId === 'number' && Number.isFinite(goalId)) && !(typeof goalId === 'string' && goalId)) {
      throw new ConfigError('aflite.goalId is required: the id of your sale goal at Aflite');
    }
    resolved.aflite = {
      client: new AfliteClient({ ...options, ...withLogger(logger) }),
      goalId,
      traceOnly: traceOnly === true,
    };
  }
  return resolved;
}

function withLogger(logger: RelayConfig['logger']) {
  return logger ? { logger } : {};
}

function resolveWindows(windows: RelayConfig['windows']): Record<NetworkId, number> {
  const out = { avantlink: DEFAULT_WINDOW_DAYS, aflite: DEFAULT_WINDOW_DAYS };
  for (const network of NETWORKS) {
    const days = windows?.[network];
    if (days === undefined) continue;
    if (typeof days !== 'number' || !Number.isFinite(days) || days <= 0) {
      throw new ConfigError(`windows.${network} must be a number of days above 0`);
    }
    out[network] = days;
  }
  return out;
}

// A delivery's calls must fit in its lock, less the margin: an AvantLink send, or for Aflite a
// goal-feed lookup then a send (what a redelivery does), each up to its timeoutMs. With less, a
// delivery could never be made.
function checkLockLeavesTime(lockMs: number, config: RelayConfig): void {
  const needs = [
    ...(config.avantlink
      ? [{ ms: checkTimeout(config.avantlink.timeoutMs), what: 'an AvantLink call (timeoutMs)' }]
      : []),
    ...(config.aflite
      ? [{ ms: 2 * checkTimeout(config.aflite.timeoutMs), what: 'an Aflite lookup and send (2 × timeoutMs)' }]
      : []),
  ];
  const usable = lockMs - lockMarginMs(lockMs);
  for (const { ms, what } of needs) {
    if (usable < ms) {
      throw new ConfigError(
        `redelivery.lockMs (${lockMs}) leaves ${usable} ms after its safety margin, less than ${what}: ${ms} ms`,
      );
    }
  }
}

function resolveRedelivery(config: RelayConfig): { schedule: RedeliverySchedule; lockMs: number } {
  const options = config.redelivery ?? {};
  const schedule = {
    intervalMs: options.intervalMs ?? 30_000,
    maxDelayMs: options.maxDelayMs ?? 3_600_000,
    maxAttempts: options.maxAttempts ?? 50,
  };
  const lockMs = options.lockMs ?? 300_000;
  for (const [key, value] of Object.entries({ ...schedule, lockMs })) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 2_147_483_647) {
      throw new ConfigError(`redelivery.${key} must be a number of ms (or attempts), 0 or more`);
    }
  }
  if (schedule.maxAttempts < 1) throw new ConfigError('redelivery.maxAttempts must be 1 or more');
  return { schedule, lockMs };
}
