import type { AffiliateRelay } from '../init';
import { INSTANCE } from '../window-instance';

/**
 * Where consent stands: `pending` until a source decides (nothing stored, nothing sent), then `granted` or
 * `denied`. Any source saying `denied` wins (fails closed); a source that changes its mind moves it again.
 */
export type ConsentStatus = 'pending' | 'granted' | 'denied';

/** What {@link connectConsent} returns: where consent stands, and which source moved it there. */
export interface ConsentWatch {
  /** `'pending'` until a source decides. */
  state(): ConsentStatus;
  /** The source that moved the state last (`'gcm'`, `'tcf'`, `'gpc'`, `'shopify'`), undefined while pending. */
  source(): string | undefined;
}

/**
 * A source's vote: `read` returns true (granted), false (denied) or anything else (no decision: ignored). It is
 * called inside a try: a CMP's garbage that makes it throw is no decision either.
 */
export type Vote = (read: () => unknown) => void;

/**
 * One consent source: connects to its CMP and votes, now and on every later change. Returns true once connected;
 * false or a throw (its CMP is not there yet) asks it again a little later, as a CMP may load after this script.
 */
export type ConsentSource = (vote: Vote) => boolean;

/** How many times a source whose CMP is not there yet is looked for: after 50 ms, 100 ms, … (39 s in all). */
export const SOURCE_TRIES = 40;

/**
 * Moves the running instance (`relay`, or the one `init` starts, before or after this call) with the sources'
 * votes: granted calls `grantConsent()`, denied calls `revokeConsent()`. Never throws into the page.
 *
 * @example
 * const watch = watchConsent([['gpc', globalPrivacyControl]]);
 * watch.state(); // → 'denied' where the browser sends GPC
 */
export function watchConsent(sources: [name: string, ConsentSource][], relay?: AffiliateRelay): ConsentWatch {
  const votes: Record<string, boolean> = {};
  // Undefined while pending.
  let state: ConsentStatus | undefined;
  let source: string | undefined;
  let target = relay;
  // grantConsent and revokeConsent guard themselves: they never throw.
  const apply = () => {
    // The source's name goes with a grant: the server's cookie remembers it.
    if (target && state) target[state === 'granted' ? 'grantConsent' : 'revokeConsent'](source);
  };
  const vote =
    (name: string): Vote =>
    (read) => {
      try {
        const value = read();
        if (typeof value !== 'boolean') return;
        votes[name] = value;
        const next = Object.values(votes).includes(false) ? 'denied' : 'granted';
        if (next === state) return;
        state = next;
        source = name;
        apply();
      } catch {
        // Garbage from a CMP: no decision.
      }
    };

  const page = globalThis as { [INSTANCE]?: AffiliateRelay };
  target ??= page[INSTANCE];
  // Not started yet: init's `page[INSTANCE] ??= …` lands in this setter, which connects to it at once. NOTE: one
  // watcher per page (a second one, before init, replaces the first one's setter).
  if (!target)
    Object.defineProperty(page, INSTANCE, {
      configurable: true,
      set(instance: AffiliateRelay) {
        // A plain property again, holding the instance.
        delete page[INSTANCE];
        page[INSTANCE] = instance;
        target = instance;
        apply();
      },
    });

  let waiting = sources.map(
    ([name, source]) =>
      () =>
        source(vote(name)),
  );
  let tries = 0;
  const look = () => {
    waiting = waiting.filter((connect) => {
      try {
        return !connect();
      } catch {
        return true;
      }
    });
    if (waiting[0] && ++tries < SOURCE_TRIES) setTimeout(look, tries * 50);
  };
  look();
  return { state: () => state ?? 'pending', source: () => source };
}
