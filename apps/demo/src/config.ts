import { AFLITE_BASE_URL, AVANTLINK_BASE_URL } from '@affiliate-relay/node/clients';

/*
 * Everything the demo reads from its environment, with the embedded defaults that let it run on a
 * fresh machine: the storefront on 127.0.0.1:4310 and the testkit's fake networks on loopback.
 * Setting a network's variables points the demo at that real network instead (see README.md).
 */

/** AvantLink merchant UUID of the embedded fake (any UUID would do: it is a demo value). */
export const DEMO_AVANTLINK_MERCHANT_ID = '7c1a5f3e-4b2d-4e8a-9f61-0d3c2b1a9e57';
/** Aflite credentials of the embedded fake: demo values, not secrets. */
export const DEMO_AFLITE = { apiKey: 'demo-aflite-key', merchantId: 'demo-merchant', goalId: '1' } as const;
/**
 * AvantLink legacy-API credentials of the embedded fake, for refunds (`adjustOrder`): demo values,
 * not secrets. A real AvantLink gets none here, so the demo never reverses a real commission.
 */
export const DEMO_AVANTLINK_LEGACY = {
  authKey: 'demo0000avantlink0legacy0authkey',
  merchantId: 4321,
} as const;
/** Development cookie secret: printed as "demo only", never for a real shop. */
export const DEMO_COOKIE_SECRET = 'affiliate-relay-demo-only-cookie-secret-0123456789';
/** Days a click counts, for both networks: the script's cookie and the relay's windows. */
export const WINDOW_DAYS = 30;
/** Default port of the storefront. */
export const DEFAULT_DEMO_PORT = 4310;

export interface AvantLinkSetup {
  /** `fake`: the testkit's fake on a random loopback port; `real`: the base URL below. */
  mode: 'fake' | 'real';
  merchantId: string;
  /** Only for `real` (a fake's URL is known once it listens). */
  baseUrl?: string;
}

export interface AfliteSetup {
  mode: 'fake' | 'real';
  apiKey: string;
  merchantId: string;
  goalId: string;
  baseUrl?: string;
  /** Aflite records nothing and writes its Trace Report instead. */
  traceOnly: boolean;
}

export interface DemoConfig {
  host: string;
  port: number;
  cookieSecret: string;
  /** True when the secret is the embedded development one. */
  demoSecret: boolean;
  avantlink: AvantLinkSetup;
  aflite: AfliteSetup;
}

/** A setting that cannot work; the message names the variable, never its value. */
export class DemoConfigError extends Error {
  override name = 'DemoConfigError';
}

type Env = Record<string, string | undefined>;

/**
 * Reads the demo's settings from the environment.
 *
 * @example
 * const config = loadConfig(process.env); // embedded defaults when nothing is set
 */
export function loadConfig(env: Env = process.env): DemoConfig {
  const secret = value(env, 'COOKIE_SECRET');
  if (secret !== undefined && secret.length < 32) {
    throw new DemoConfigError('COOKIE_SECRET must be at least 32 characters long.');
  }
  const networks = { avantlink: avantlink(env), aflite: aflite(env) };
  // The built-in secret is published in this repository: anyone could sign a cookie with it and credit
  // themselves real commission. So a real network needs the shop's own secret.
  const real = Object.entries(networks).filter(([, setup]) => setup.mode === 'real');
  if (secret === undefined && real.length > 0) {
    throw new DemoConfigError(
      `COOKIE_SECRET is not set, and ${real.map(([name]) => (name === 'aflite' ? 'Aflite' : 'AvantLink')).join(' and ')} ${real.length > 1 ? 'are' : 'is'} real: the built-in demo secret is public, so the demo refuses to sign real attributions with it. Set COOKIE_SECRET to a random string of 32+ characters (e.g. openssl rand -base64 32).`,
    );
  }
  return {
    host: '127.0.0.1',
    port: port(env),
    cookieSecret: secret ?? DEMO_COOKIE_SECRET,
    demoSecret: secret === undefined,
    ...networks,
  };
}

function port(env: Env): number {
  const raw = value(env, 'DEMO_PORT');
  if (raw === undefined) return DEFAULT_DEMO_PORT;
  const parsed = Number(raw);
  if (!/^\d+$/.test(raw) || parsed > 65_535) {
    throw new DemoConfigError('DEMO_PORT must be a port number from 0 to 65535 (0: any free port).');
  }
  return parsed;
}

function avantlink(env: Env): AvantLinkSetup {
  const merchantId = value(env, 'AVANTLINK_MERCHANT_ID');
  const baseUrl = value(env, 'AVANTLINK_BASE_URL');
  if (merchantId === undefined && baseUrl === undefined) {
    return { mode: 'fake', merchantId: DEMO_AVANTLINK_MERCHANT_ID };
  }
  if (merchantId === undefined) {
    throw new DemoConfigError(
      'AVANTLINK_BASE_URL is set: AVANTLINK_MERCHANT_ID (your merchant UUID) is needed too.',
    );
  }
  return { mode: 'real', merchantId, baseUrl: url(baseUrl ?? AVANTLINK_BASE_URL, 'AVANTLINK_BASE_URL') };
}

function aflite(env: Env): AfliteSetup {
  const names = ['AFLITE_API_KEY', 'AFLITE_MERCHANT_ID', 'AFLITE_GOAL_ID', 'AFLITE_BASE_URL'] as const;
  const traceFlag = value(env, 'AFLITE_TRACE_ONLY');
  if (names.every((name) => value(env, name) === undefined)) {
    // The fake records goals unless asked to trace, so that the QA console shows them.
    return { mode: 'fake', ...DEMO_AFLITE, traceOnly: traceFlag !== undefined && traceFlag !== '0' };
  }
  const missing = names.slice(0, 3).filter((name) => value(env, name) === undefined);
  if (missing.length > 0) {
    throw new DemoConfigError(`A real Aflite needs ${missing.join(', ')} as well.`);
  }
  return {
    mode: 'real',
    apiKey: value(env, 'AFLITE_API_KEY')!,
    merchantId: value(env, 'AFLITE_MERCHANT_ID')!,
    goalId: value(env, 'AFLITE_GOAL_ID')!,
    baseUrl: url(value(env, 'AFLITE_BASE_URL') ?? AFLITE_BASE_URL, 'AFLITE_BASE_URL'),
    // A real network is in test mode unless explicitly switched off: a demo must not pay commission.
    traceOnly: traceFlag !== '0',
  };
}

function value(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw ? raw : undefined;
}

function url(raw: string, name: string): string {
  try {
    const parsed = new URL(raw);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('protocol');
    return raw.replace(/\/+$/, '');
  } catch {
    throw new DemoConfigError(`${name} must be an http(s) URL.`);
  }
}
