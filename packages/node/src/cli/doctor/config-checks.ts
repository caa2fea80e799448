import { ConfigError, DAY_MS, DEFAULT_WINDOW_DAYS, MAX_COOKIE_DAYS } from '@affiliate-relay/core';
import { type DoctorCheck, isPlaceholder } from '../../clients/network-doctor';
import type { RelayConfig } from '../../relay/config';
import { configProblems } from '../../relay/resolve-config';
import { TEST_MODE_ENV, testModeOf } from '../../relay/test-mode';
import { NETWORK_DOCTORS } from './networks';

/** The cookie secret's least length, as `createRelay` checks it. */
const MIN_SECRET = 32;

/**
 * The configuration's checks: the relay's own (`configProblems`), the cookie secret (length, not a
 * placeholder), `cookie.secure`, test mode, and each configured network's own checks.
 *
 * @example
 * const checks = configChecks(config, { allowHttp: false, env: process.env });
 */
export function configChecks(
  config: Partial<RelayConfig>,
  context: { allowHttp: boolean; env: Readonly<Record<string, string | undefined>> },
): DoctorCheck[] {
  const configured = NETWORK_DOCTORS.filter((network) => config[network.id] !== undefined);
  const checks: DoctorCheck[] = [];
  if (configured.length === 0) {
    checks.push({
      id: 'config.networks',
      status: 'fail',
      detail: 'no network is configured',
      fix: `Set the variables of at least one network (${NETWORK_DOCTORS.map((n) => n.envNames[0]).join(', ')}), or pass --config`,
    });
  } else {
    checks.push({
      id: 'config.networks',
      status: 'pass',
      detail: configured.map((network) => network.name).join(', '),
    });
  }
  checks.push(...secretChecks(config.cookie?.secret));
  checks.push(
    config.cookie?.secure === false
      ? {
          id: 'cookie.secure',
          status: 'fail',
          detail: 'cookie.secure is false (COOKIE_INSECURE=1): browsers keep the cookie over plain http only',
          fix: 'Unset COOKIE_INSECURE (cookie.secure defaults to true); behind a TLS-terminating proxy the cookie is still Secure',
        }
      : { id: 'cookie.secure', status: 'pass', detail: 'the server cookie is Secure' },
  );
  checks.push(testModeCheck(config, context.env));
  for (const network of configured) checks.push(...network.checkConfig(config[network.id], context));
  checks.push(relayCheck(config));
  return checks;
}

/**
 * How long the server cookie lasts for `config`, in seconds: the longest window of its networks.
 *
 * @example
 * cookieMaxAge({ aflite }); // 2592000
 */
export function cookieMaxAge(config: Partial<RelayConfig>): number {
  const configured = NETWORK_DOCTORS.filter((network) => config[network.id] !== undefined);
  const windows = config.attribution?.windows ?? {};
  const days = configured.map((network) => windows[network.id] ?? DEFAULT_WINDOW_DAYS);
  const longest = days.length > 0 ? Math.max(...days) : DEFAULT_WINDOW_DAYS;
  return Math.floor((Math.min(longest, MAX_COOKIE_DAYS) * DAY_MS) / 1000);
}

function secretChecks(secret: unknown): DoctorCheck[] {
  const id = 'cookie.secret';
  const secrets = [secret].flat();
  if (secrets.length === 0 || secrets.every((value) => typeof value !== 'string' || value === '')) {
    return [
      {
        id,
        status: 'fail',
        detail: 'COOKIE_SECRET (cookie.secret) is not set',
        fix: `Set COOKIE_SECRET to a random string of ${MIN_SECRET}+ characters: openssl rand -base64 48`,
      },
    ];
  }
  return secrets.map((value, index) => {
    const which = secrets.length > 1 ? `cookie.secret[${index}]` : 'COOKIE_SECRET (cookie.secret)';
    const fix = `Set ${which} to a random string of ${MIN_SECRET}+ characters: openssl rand -base64 48`;
    if (typeof value !== 'string') return { id, status: 'fail', detail: `${which} is not a string`, fix };
    if (isPlaceholder(value) || new Set(value).size < 8) {
      return { id, status: 'fail', detail: `${which} is a placeholder (${value.length} characters)`, fix };
    }
    if (value.length < MIN_SECRET) {
      return {
        id,
        status: 'fail',
        detail: `${which} has ${value.length} characters, fewer than ${MIN_SECRET}`,
        fix,
      };
    }
    return { id, status: 'pass', detail: `${which}: ${value.length} characters, not a placeholder` };
  });
}

function testModeCheck(
  config: Partial<RelayConfig>,
  env: Readonly<Record<string, string | undefined>>,
): DoctorCheck {
  const id = 'relay.test-mode';
  let on: boolean;
  try {
    on = testModeOf(config.testMode, env[TEST_MODE_ENV]);
  } catch (error) {
    return {
      id,
      status: 'fail',
      detail: (error as Error).message,
      fix: `Set ${TEST_MODE_ENV} to 1 or leave it unset`,
    };
  }
  return on
    ? {
        id,
        status: 'warn',
        detail: 'test mode is on: no real commission is paid, and what it records is never sent live',
        fix: `Unset ${TEST_MODE_ENV} (and testMode) to go live`,
      }
    : { id, status: 'pass', detail: 'live mode' };
}

function relayCheck(config: Partial<RelayConfig>): DoctorCheck {
  const id = 'config.create-relay';
  let problems: string[];
  try {
    problems = configProblems(config as RelayConfig);
  } catch (error) {
    problems = [error instanceof ConfigError ? error.message : String(error)];
  }
  if (problems.length === 0) return { id, status: 'pass', detail: 'createRelay accepts these options' };
  return {
    id,
    status: 'fail',
    detail: `createRelay would throw: ${problems.join('; ')}`,
    fix: 'Fix the options named (see the checks above for the likely cause)',
  };
}
