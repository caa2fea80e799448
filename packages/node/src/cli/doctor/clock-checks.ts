import type { DoctorCheck, NetworkDoctor } from '../../clients/network-doctor';
import { failureOf, fetchAnswer } from './fetch-answer';

/** A clock further off than this from a network's is a warn. */
export const MAX_SKEW_MS = 60_000;

/**
 * This machine's clock against the `Date` of an answer from each configured network (any answer:
 * the request carries no credential). The midpoint of the request is compared, so the round trip
 * does not count as skew; `Date` has a one-second resolution.
 *
 * @example
 * const checks = await clockChecks([[afliteDoctor, config.aflite]]);
 */
export async function clockChecks(
  networks: readonly (readonly [NetworkDoctor, unknown])[],
  now: () => number = Date.now,
): Promise<DoctorCheck[]> {
  return Promise.all(
    networks.map(async ([network, options]): Promise<DoctorCheck> => {
      const id = `clock.${network.id}`;
      const base = network.baseUrl(options);
      const sent = now();
      let date: string | null;
      try {
        date = (await fetchAnswer(base, { method: 'GET' })).headers.get('date');
      } catch (error) {
        return {
          id,
          status: 'warn',
          detail: `${network.name} (${new URL(base).origin}) could not be reached: ${failureOf(error)}`,
          fix: `Check that this server may reach ${new URL(base).origin} (firewall, DNS, proxy)`,
        };
      }
      const theirs = date ? Date.parse(date) : Number.NaN;
      if (!Number.isFinite(theirs)) {
        return {
          id,
          status: 'warn',
          detail: `${network.name} answered without a Date header`,
          fix: 'Nothing to do: the skew could not be measured',
        };
      }
      const skew = Math.round((sent + now()) / 2) - theirs;
      const seconds = Math.round(skew / 1000);
      if (Math.abs(skew) <= MAX_SKEW_MS + 1000) {
        return {
          id,
          status: 'pass',
          detail: `within ${Math.max(1, Math.abs(seconds))} s of ${network.name}'s clock`,
        };
      }
      return {
        id,
        status: 'warn',
        detail: `this clock is ${Math.abs(seconds)} s ${skew > 0 ? 'ahead of' : 'behind'} ${network.name}'s: windows and retries are counted from it`,
        fix: "Sync this server's clock (NTP: timedatectl set-ntp true, or chrony)",
      };
    }),
  );
}
