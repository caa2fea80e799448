import { ConfigError } from '@affiliate-relay/core';
import type { NetworkDefinition } from '../delivery/network';
import type { RelayConfig } from './config';

/** The environment variable that turns test mode on when `createRelay`'s `testMode` is not given. */
export const TEST_MODE_ENV = 'AFFILIATE_RELAY_TEST_MODE';

const ON = ['1', 'true'];
const OFF = ['', '0', 'false'];

/**
 * Whether the relay runs in test mode: `config.testMode` when given, else `AFFILIATE_RELAY_TEST_MODE`
 * (`1`/`true` on; unset, empty, `0`/`false` off). Throws a ConfigError for any other value of either.
 *
 * @example
 * resolveTestMode({ cookie: { secret }, aflite, testMode: true }); // true
 */
export function resolveTestMode(config: Pick<RelayConfig, 'testMode'>): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return testModeOf(config.testMode, env?.[TEST_MODE_ENV]);
}

/**
 * Test mode from the option (when given) and the environment variable's value, as `createRelay` reads
 * them; for tools that read another environment than the process's (the doctor).
 *
 * @example
 * testModeOf(undefined, '1'); // true
 */
export function testModeOf(option: unknown, envValue: string | undefined): boolean {
  if (option !== undefined) {
    if (typeof option !== 'boolean') throw new ConfigError('testMode must be true or false');
    return option;
  }
  const value = envValue?.trim().toLowerCase();
  if (value === undefined || OFF.includes(value)) return false;
  if (ON.includes(value)) return true;
  throw new ConfigError(`${TEST_MODE_ENV} must be 1 or true (test mode), 0, false or empty (live)`);
}

/**
 * The `test-mode` warning's message: what test mode does with each configured network.
 *
 * @example
 * testModeMessage(config.networks); // 'Test mode: … Aflite: every goal is sent with traceOnly=1 …'
 */
export function testModeMessage(networks: readonly NetworkDefinition[]): string {
  const each = networks.map(
    (network) => network.testMode?.summary ?? `${network.name}: nothing is sent (it has no test mode)`,
  );
  return `Test mode: no real commission is paid. ${each.join('. ')}. Every delivery is marked test and is never sent by a relay in live mode. Turn it off (testMode: false, or unset ${TEST_MODE_ENV}) to go live.`;
}
