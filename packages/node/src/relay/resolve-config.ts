import {
  type AttributionPolicy,
  type AttributionWindows,
  AVANTLINK_ADJUSTMENT_DAILY_LIMIT,
  ConfigError,
  DAY_MS,
  DEFAULT_WINDOW_DAYS,
  isErrorNamed,
  MAX_COOKIE_DAYS,
  NETWORKS,
  type NetworkId,
} from '@affiliate-relay/core';
import { AfliteClient } from '../clients/aflite/client';
import { afliteNetwork } from '../clients/aflite/network';
import { AvantLinkClient } from '../clients/avantlink/client';
import { avantlinkNetwork } from '../clients/avantlink/network';
import { isPlainObject } from '../clients/option-names';
import type { RedeliverySchedule } from '../delivery/attempt';
import type { DeliveryStore } from '../delivery/contract';
import type { NetworkDefinition } from '../delivery/network';
import { lockMarginMs } from '../delivery/worker/send-once';
import { createEventEmitter, type EventEmitter } from '../http/events';
import { checkTimeout } from '../http/options';
import type { DeliveryOptions, RelayAfliteOptions, RelayAvantLinkOptions, RelayConfig } from './config';
import { type ResolvedConsent, resolveConsent } from './consent/consent-rule';
import { createSigner, type Signer } from './cookie/cookie-signer';
import { createServerCookie, type ServerCookie } from './cookie/server-cookie';
import { defaultStore } from './default-store';
import type { RelayEvent } from './events';
import { checkCookieDomain } from './incoming/cookie-header';
import { normalizeOrigins } from './incoming/request-origin';
import { checkOptionNames, unknownOptionNames } from './option-names';
import { resolveTestMode } from './test-mode';

/** {@link RelayConfig} checked, with its defaults applied and its clients built. */
export interface ResolvedRelayConfig {
  /** The configured networks' definitions, in core's order (the only place that names them). */
  networks: NetworkDefinition[];
  /** AvantLink's legacy API, when `avantlink.adjustments` is given: for reversals and the returns file. */
  reversals?: { merchantId: string; perDay: number };
  serverCookie: ServerCookie;
  /** Signs checkout hand-offs (`createHandoff`), with the cookie's secrets. */
  handoffSigner: Signer;
  maxAgeSeconds: number;
  windows: Record<NetworkId, number>;
  policy: AttributionPolicy;
  forwardIp: boolean;
  /** Whether the server cookie is Secure (`cookie.secure`, default true). */
  cookieSecure: boolean;
  trustProxy: boolean;
  allowedOrigins: Set<string>;
  /** Who may be tracked from a request the server sees (see `RelayConsentOptions`). */
  consent: ResolvedConsent;
  events: EventEmitter<RelayEvent>;
  store: DeliveryStore;
  /** Whether the relay opened the store itself (then `close()` closes it). */
  ownsStore: boolean;
  schedule: RedeliverySchedule;
  lockMs: number;
  /** The worker's settings (see `DeliveryOptions`). */
  delivery: {
    concurrency: number;
    /** The most click calls in flight per network (`delivery.clicks.maxConcurrency`). */
    maxClickConcurrency: number;
    maxPendingClicks: number;
    checkoutBudgetMs: number;
    pollMs: number;
    retentionMs: number;
  };
  waitUntil?: (promise: Promise<unknown>) => void;
  /** Test mode (`testMode`, else `AFFILIATE_RELAY_TEST_MODE`): every delivery is recorded and sent as a test. */
  testMode: boolean;
}

const POLICIES: readonly AttributionPolicy[] = ['last-click', 'first-click', 'all'];

/**
 * @example
 * const resolved = resolveRelayConfig({ cookie: { secret }, avantlink: { merchantId } });
 */
export function resolveRelayConfig(config: RelayConfig): ResolvedRelayConfig {
  if (typeof config !== 'object' || config === null)
    throw new ConfigError('createRelay needs a config object');
  // Every check runs once: what it builds (the signer, the clients…) is kept for the config below.
  const checked = checkConfig(config, { forRelay: true });
  if (checked.errors.length > 0) {
    checked.close();
    // Every problem the relay's own checks find, in one error; one problem alone as it was thrown.
    if (checked.errors.length === 1) throw checked.errors[0];
    const messages = checked.errors.map((error) => withoutPrefix(error.message));
    throw new ConfigError(`createRelay: ${messages.length} problems: ${messages.join('; ')}`);
  }
  const { windows, signer, policy, delivery, consent, clients } = checked.values as Required<CheckedValues>;
  // Relay events carry no secret; the redactor is a second guard, as it is for the clients.
  const secrets = [
    config.aflite?.apiKey,
    config.avantlink?.adjustments?.authKey,
    config.avantlink?.merchantId,
    ...[config.cookie?.secret ?? []].flat(),
  ];
  const events = createEventEmitter<RelayEvent>(
    config.logger,
    secrets.filter((secret): secret is string => typeof secret === 'string'),
  );
  const configured = NETWORKS.filter((network) => config[network] !== undefined);
  const longest = Math.max(...configured.map((network) => windows[network]));
  const maxAgeSeconds = Math.floor((Math.min(longest, MAX_COOKIE_DAYS) * DAY_MS) / 1000);
  const cookie = config.cookie!;
  const serverCookie = createServerCookie(signer, {
    maxAgeSeconds,
    domain: checkCookieDomain(cookie.domain),
    httpOnly: true,
    secure: cookie.secure ?? true,
    sameSite: 'Lax',
  });
  const testMode = resolveTestMode(config);
  // The store comes last, once every option is known good: the default store opens a file.
  const resolved: Omit<ResolvedRelayConfig, 'store' | 'ownsStore'> = {
    networks: [],
    serverCookie,
    handoffSigner: signer,
    maxAgeSeconds,
    windows,
    policy,
    forwardIp: config.forwardIp === true,
    cookieSecure: cookie.secure ?? true,
    trustProxy: config.trustProxy === true,
    allowedOrigins: normalizeOrigins(config.allowedOrigins),
    consent,
    events,
    testMode,
    ...delivery,
  };
  if (config.waitUntil) resolved.waitUntil = config.waitUntil;
  if (config.avantlink && clients.avantlink) {
    const { adjustments, testLink } = config.avantlink;
    resolved.networks.push(
      avantlinkNetwork(clients.avantlink, {
        adjustments: adjustments !== undefined,
        testLink: testLink === true,
      }),
    );
    if (adjustments) {
      resolved.reversals = {
        merchantId: String(adjustments.merchantId),
        perDay: checkReversalsPerDay(config.avantlink.reversalsPerDay),
      };
    }
  }
  try {
    checkLockLeavesTime(resolved.lockMs, config);
  } catch (error) {
    checked.close();
    throw error;
  }
  if (config.aflite && clients.aflite) {
    const { goalId, traceOnly } = config.aflite;
    // Test mode stores every goal with traceOnly too, so that a stored test goal says what it is.
    resolved.networks.push(
      afliteNetwork(clients.aflite, { goalId, traceOnly: traceOnly === true || testMode }),
    );
  }
  return { ...resolved, ...resolveStore(config, events) };
}

/**
 * What the relay's own checks find wrong in `config`, each as its ConfigError says it: unknown option
 * names, no network, windows, the cookie's secret and domain, the policy, the delivery numbers,
 * `reversalsPerDay`, Aflite's `goalId`, the consent rule, and each client's own checks (a merchant id's
 * form, a base URL). The clients it builds to ask them are closed before it returns.
 *
 * @example
 * configProblems({ cookie: { secret: 'short' } }); // ['createRelay: configure at least one network …', 'cookie.secret …']
 */
export function configProblems(config: RelayConfig): string[] {
  const checked = checkConfig(config, { forRelay: false });
  checked.close();
  return checked.errors.map((error) => error.message);
}

/** What the checks of {@link checkConfig} build, when they pass. */
interface CheckedValues {
  windows: Record<NetworkId, number>;
  signer: Signer;
  policy: AttributionPolicy;
  delivery: Pick<ResolvedRelayConfig, 'schedule' | 'lockMs' | 'delivery'>;
  consent: ResolvedConsent;
  clients: { avantlink?: AvantLinkClient; aflite?: AfliteClient };
}

// Each check once, in order, each problem collected (a ConfigError; anything else is a bug and thrown).
// `forRelay`: the clients get the relay's logger and socket cap, and are kept; else they are only asked.
function checkConfig(
  config: RelayConfig,
  { forRelay }: { forRelay: boolean },
): { errors: ConfigError[]; values: Partial<CheckedValues>; close(): void } {
  const namesUnknown = unknownOptionNames(config).length > 0;
  const values: Partial<CheckedValues> = { clients: {} };
  const clients = values.clients!;
  // Each network's sockets are capped at the worker's concurrency: a hung network holds no more.
  // Each network's sockets are capped at the worker's calls in flight: a hung network holds no more.
  const clientOptions = () =>
    forRelay ? { maxSockets: values.delivery?.delivery.concurrency ?? 1, ...withLogger(config.logger) } : {};
  const checks: (() => unknown)[] = [
    () => checkOptionNames(config),
    () => checkNetworks(config),
    () => {
      values.windows = resolveWindows(config.attribution?.windows);
    },
    () => {
      const cookie = config.cookie;
      if (!cookie || typeof cookie !== 'object') throw new ConfigError('cookie.secret is required');
      values.signer = createSigner(cookie.secret);
      checkCookieDomain(cookie.domain);
    },
    () => {
      values.policy = checkPolicy(config);
    },
    () => {
      values.delivery = resolveDelivery(config);
    },
    () => {
      values.consent = resolveConsent(config.consent);
    },
    () => config.avantlink && checkReversalsPerDay(config.avantlink.reversalsPerDay),
    () => resolveTestMode(config),
    () => config.avantlink && checkTestLink(config.avantlink.testLink),
    () => config.aflite && checkGoalId(config.aflite.goalId),
    // Each client's own checks (its credentials' form, its base URL, its timeouts), by building it: a
    // client opens no socket until it sends. Not with an unknown name, which the client would report a
    // second time.
    () => {
      if (!isPlainObject(config.avantlink) || namesUnknown) return;
      const {
        reversalsPerDay: _perDay,
        testLink: _testLink,
        ...options
      } = config.avantlink as RelayAvantLinkOptions;
      // Clicks have sockets of their own, so that clicks waiting for one never hold up an order.
      const clickSockets = forRelay
        ? { maxClickSockets: values.delivery?.delivery.maxClickConcurrency ?? 1 }
        : {};
      clients.avantlink = new AvantLinkClient({ ...options, ...clientOptions(), ...clickSockets });
    },
    () => {
      if (!isPlainObject(config.aflite) || namesUnknown) return;
      const { goalId: _goal, traceOnly: _trace, ...options } = config.aflite as RelayAfliteOptions;
      clients.aflite = new AfliteClient({ ...options, ...clientOptions() });
    },
  ];
  const errors: ConfigError[] = [];
  for (const check of checks) {
    try {
      check();
    } catch (error) {
      if (!isErrorNamed(error, 'ConfigError')) throw error;
      errors.push(error);
    }
  }
  return {
    errors,
    values,
    close() {
      clients.avantlink?.close();
      clients.aflite?.close();
    },
  };
}

// `createRelay: ` once, at the head of the combined message.
function withoutPrefix(message: string): string {
  return message.replace(/^createRelay: /, '');
}

function checkNetworks(config: RelayConfig): void {
  if (!config.avantlink && !config.aflite) {
    throw new ConfigError('createRelay: configure at least one network (avantlink or aflite)');
  }
}

function checkPolicy(config: RelayConfig): AttributionPolicy {
  const policy = config.attribution?.policy ?? 'last-click';
  if (!POLICIES.includes(policy))
    throw new ConfigError(`attribution.policy must be one of ${POLICIES.join(', ')}`);
  return policy;
}

function checkReversalsPerDay(value: number | undefined): number {
  const perDay = value ?? AVANTLINK_ADJUSTMENT_DAILY_LIMIT;
  if (!Number.isInteger(perDay) || perDay < 1) {
    throw new ConfigError('avantlink.reversalsPerDay must be a whole number, 1 or more');
  }
  return perDay;
}

function checkTestLink(value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') {
    throw new ConfigError('avantlink.testLink must be true or false');
  }
}

function checkGoalId(goalId: unknown): void {
  if (!(typeof goalId === 'number' && Number.isFinite(goalId)) && !(typeof goalId === 'string' && goalId)) {
    throw new ConfigError('aflite.goalId is required: the id of your sale goal at Aflite');
  }
}

function withLogger(logger: RelayConfig['logger']) {
  return logger ? { logger } : {};
}

function resolveWindows(windows: AttributionWindows | undefined): Record<NetworkId, number> {
  const out = { avantlink: DEFAULT_WINDOW_DAYS, aflite: DEFAULT_WINDOW_DAYS };
  for (const network of NETWORKS) {
    const days = windows?.[network];
    if (days === undefined) continue;
    if (typeof days !== 'number' || !Number.isFinite(days) || days <= 0) {
      throw new ConfigError(`attribution.windows.${network} must be a number of days above 0`);
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
        `delivery.lockMs (${lockMs}) leaves ${usable} ms after its safety margin, less than ${what}: ${ms} ms`,
      );
    }
  }
}

function resolveStore(
  config: RelayConfig,
  events: EventEmitter<RelayEvent>,
): { store: DeliveryStore; ownsStore: boolean } {
  const ownsStore = config.store === undefined;
  const store = config.store ?? defaultStore(events);
  for (const method of ['create', 'update', 'claim', 'list', 'stats', 'purge'] as const) {
    if (typeof store?.[method] !== 'function') {
      throw new ConfigError(`store must be a DeliveryStore: its ${method}() is missing`);
    }
  }
  // What the store tells the operator (its file deleted and put back, a path on tmpfs) is a warning event.
  store.onWarning?.(({ code, message }) => events.emit({ type: 'warning', code, message }));
  return { store, ownsStore };
}

function resolveDelivery(config: RelayConfig): Pick<ResolvedRelayConfig, 'schedule' | 'lockMs' | 'delivery'> {
  const options = config.delivery ?? {};
  const numbers = {
    concurrency: options.concurrency ?? 4,
    maxPendingClicks: options.maxPendingClicks ?? 10_000,
    checkoutBudgetMs: options.checkoutBudgetMs ?? 1_000,
    pollMs: options.pollMs ?? 1_000,
    maxAttempts: options.maxAttempts ?? 50,
    baseDelayMs: options.baseDelayMs ?? 30_000,
    maxDelayMs: options.maxDelayMs ?? 3_600_000,
    lockMs: options.lockMs ?? 300_000,
    retentionDays: options.retentionDays ?? 30,
  };
  for (const [key, value] of Object.entries(numbers)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 2_147_483_647) {
      throw new ConfigError(`delivery.${key} must be a number, 0 or more`);
    }
  }
  for (const key of ['concurrency', 'maxAttempts'] as const) {
    if (!Number.isInteger(numbers[key]) || numbers[key] < 1) {
      throw new ConfigError(`delivery.${key} must be a whole number, 1 or more`);
    }
  }
  const maxClickConcurrency = clickOptions(options).maxConcurrency ?? 64;
  if (!Number.isInteger(maxClickConcurrency) || maxClickConcurrency < 1) {
    throw new ConfigError('delivery.clicks.maxConcurrency must be a whole number, 1 or more');
  }
  if (numbers.retentionDays <= 0) throw new ConfigError('delivery.retentionDays must be above 0');
  return {
    schedule: {
      baseDelayMs: numbers.baseDelayMs,
      maxDelayMs: numbers.maxDelayMs,
      maxAttempts: numbers.maxAttempts,
    },
    lockMs: numbers.lockMs,
    delivery: {
      concurrency: numbers.concurrency,
      maxClickConcurrency,
      maxPendingClicks: numbers.maxPendingClicks,
      checkoutBudgetMs: numbers.checkoutBudgetMs,
      pollMs: numbers.pollMs,
      retentionMs: numbers.retentionDays * DAY_MS,
    },
  };
}

function clickOptions(options: DeliveryOptions): NonNullable<DeliveryOptions['clicks']> {
  const clicks = options.clicks ?? {};
  if (!isPlainObject(clicks)) {
    throw new ConfigError('delivery.clicks must be an object: { maxConcurrency }');
  }
  return clicks;
}
