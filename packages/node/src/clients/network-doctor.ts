import type { BuiltInNetworkId, NetworkId, Touch } from '@affiliate-relay/core';

/*
 * What `affiliate-relay doctor` needs of one network, written in the network's own folder
 * (`clients/<network>/doctor.ts`): the doctor itself (`cli/doctor/`) never names a network.
 */

/** One check's verdict. */
export type DoctorStatus = 'pass' | 'warn' | 'fail';

/** One line of the doctor's report. */
export interface DoctorCheck {
  /** Stable id, for `--json` readers (`aflite.base-url`, `collect.cache-hit`). */
  id: string;
  status: DoctorStatus;
  /** What was found, in one line. */
  detail: string;
  /** How to fix it, in one line (a warn or a fail has one). */
  fix?: string;
}

/** What a network's checks may use beside its options. */
export interface DoctorContext {
  /** `--allow-http`: a plain-http base URL is a warn, not a fail. */
  allowHttp: boolean;
  /** The environment the doctor runs in. */
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * One network, as the doctor sees it.
 *
 * @example
 * const checks = afliteDoctor.checkConfig(config.aflite, { allowHttp: false, env: process.env });
 */
export interface NetworkDoctor {
  readonly id: BuiltInNetworkId;
  /** As people write it (`AvantLink`). */
  readonly name: string;
  /** The environment variables the examples read for it (README, `examples/`). */
  readonly envNames: readonly string[];
  /** Its `createRelay` options from those variables; undefined when none of them is set. */
  fromEnv(env: Readonly<Record<string, string | undefined>>): object | undefined;
  /** Checks of its options (credentials' shape, placeholders, base URL). */
  checkConfig(options: unknown, context: DoctorContext): DoctorCheck[];
  /** Where its servers answer, for the clock check (its base URL, from its options or its default). */
  baseUrl(options: unknown): string;
  /** A landing query that is a click of this network, for the landing check (`?avad=…`). */
  readonly landingQuery?: Readonly<Record<string, string>>;
  /**
   * A touch a collect endpoint takes without calling the network (no click call), for the synthetic
   * beacon: the doctor's beacon must reach no network.
   */
  syntheticTouch?(now: number, landingUrl: string): Touch;
  /** `--send-test`: one round trip in the network's test mode, or the steps to follow by hand. */
  sendTest(options: unknown): Promise<{ checks: DoctorCheck[]; steps?: readonly string[] }>;
}

// Words of a value copied from a README or an example (`example-cookie-secret-…`), never of a random one.
const PLACEHOLDER =
  /change.?me|place.?holder|replace.?me|your[-_ ]|example|^x+$|^0+$|^todo$|^(test|secret|key|password)$|<[^>]*>|\.\.\.$/i;

/**
 * Whether `value` looks like a placeholder left in a config (`changeme`, `your-api-key`, `xxx`, `<key>`,
 * the examples' `example-…` values).
 *
 * @example
 * isPlaceholder('changeme'); // true
 */
export function isPlaceholder(value: string): boolean {
  return PLACEHOLDER.test(value.trim());
}

/**
 * The base URL check every network shares: https passes, a loopback http address (a local fake)
 * passes, any other plain http fails (a warn with `--allow-http`), since credentials would travel in
 * plain text.
 *
 * @example
 * baseUrlCheck('aflite.base-url', 'http://aflite.co.uk', { allowHttp: false, env: {} }, 'the API key');
 */
export function baseUrlCheck(
  id: string,
  url: string,
  context: DoctorContext,
  what: string,
  fix: string,
): DoctorCheck {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { id, status: 'fail', detail: `${url} is not a URL`, fix };
  }
  if (parsed.protocol === 'https:') return { id, status: 'pass', detail: `${parsed.origin} (https)` };
  if (isLoopback(parsed.hostname)) {
    return {
      id,
      status: 'pass',
      detail: `${parsed.origin}: a local address (a test server), not the network`,
    };
  }
  const detail = `${parsed.origin} is plain http: ${what} would travel unencrypted`;
  return context.allowHttp
    ? { id, status: 'warn', detail: `${detail} (allowed by --allow-http)`, fix }
    : { id, status: 'fail', detail, fix: `${fix} (or pass --allow-http to accept it)` };
}

/**
 * Whether a host name is this machine (127.0.0.0/8, ::1, localhost).
 *
 * @example
 * isLoopback('127.0.0.1'); // true
 */
export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}
