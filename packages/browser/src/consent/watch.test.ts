import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AffiliateRelay } from '../init';
import { INSTANCE } from '../window-instance';
import { type ConsentSource, SOURCE_TRIES, type Vote, watchConsent } from './watch';

afterEach(() => {
  vi.useRealTimers();
  delete (globalThis as { [INSTANCE]?: unknown })[INSTANCE];
});

function fakeRelay() {
  const calls: string[] = [];
  const relay = {
    grantConsent: () => calls.push('grant'),
    revokeConsent: () => calls.push('revoke'),
    touches: () => [],
    visitorId: () => undefined,
  } as AffiliateRelay;
  return { relay, calls };
}

/** A source whose votes the test casts by hand. */
function handSource() {
  let cast: Vote = () => undefined;
  const source: ConsentSource = (vote) => {
    cast = vote;
    return true;
  };
  return { source, vote: (value: unknown) => cast(() => value) };
}

describe('watchConsent', () => {
  it('stays pending, calling nothing, until a source decides; then grants', () => {
    const { relay, calls } = fakeRelay();
    const a = handSource();
    const watch = watchConsent([['a', a.source]], relay);
    expect(watch.state()).toBe('pending');
    expect(watch.source()).toBeUndefined();
    a.vote(true);
    expect(watch.state()).toBe('granted');
    expect(watch.source()).toBe('a');
    expect(calls).toEqual(['grant']);
  });

  it('ignores what is no decision: undefined, a string, a number, a read that throws', () => {
    const { relay, calls } = fakeRelay();
    let cast: Vote = () => undefined;
    const watch = watchConsent(
      [
        [
          'a',
          (vote) => {
            cast = vote;
            return true;
          },
        ],
      ],
      relay,
    );
    for (const value of [undefined, null, 'granted', 1, {}]) cast(() => value);
    cast(() => {
      throw new TypeError('garbage from a CMP');
    });
    expect(watch.state()).toBe('pending');
    expect(calls).toEqual([]);
  });

  it('a denial from any source wins over a grant from another, and revokes', () => {
    const { relay, calls } = fakeRelay();
    const a = handSource();
    const b = handSource();
    const watch = watchConsent(
      [
        ['a', a.source],
        ['b', b.source],
      ],
      relay,
    );
    a.vote(true);
    b.vote(false);
    expect(watch.state()).toBe('denied');
    expect(watch.source()).toBe('b');
    // a grants again: b still denies.
    a.vote(true);
    expect(watch.state()).toBe('denied');
    expect(calls).toEqual(['grant', 'revoke']);
  });

  it('a grant after a denial grants again; the same decision twice calls the instance once', () => {
    const { relay, calls } = fakeRelay();
    const a = handSource();
    const watch = watchConsent([['a', a.source]], relay);
    a.vote(false);
    a.vote(false);
    a.vote(true);
    a.vote(true);
    expect(watch.state()).toBe('granted');
    expect(calls).toEqual(['revoke', 'grant']);
  });

  it('connects to the instance in the window, or to the one started later, with the state decided meanwhile', () => {
    const page = globalThis as { [INSTANCE]?: AffiliateRelay };
    const a = handSource();
    const watch = watchConsent([['a', a.source]]);
    a.vote(true);
    const { relay, calls } = fakeRelay();
    // As init does.
    page[INSTANCE] ??= relay;
    expect(page[INSTANCE]).toBe(relay);
    expect(calls).toEqual(['grant']);
    a.vote(false);
    expect(calls).toEqual(['grant', 'revoke']);
    expect(watch.state()).toBe('denied');

    const running = fakeRelay();
    page[INSTANCE] = running.relay;
    const b = handSource();
    watchConsent([['b', b.source]]);
    b.vote(true);
    expect(running.calls).toEqual(['grant']);
  });

  it('an instance started while still pending is not called', () => {
    const page = globalThis as { [INSTANCE]?: AffiliateRelay };
    watchConsent([['a', handSource().source]]);
    const { relay, calls } = fakeRelay();
    page[INSTANCE] ??= relay;
    expect(calls).toEqual([]);
  });

  it('asks a source whose CMP is not there again, with growing pauses, and gives up after SOURCE_TRIES', () => {
    vi.useFakeTimers();
    let asked = 0;
    watchConsent(
      [
        [
          'late',
          () => {
            asked++;
            throw new TypeError('window.__tcfapi is not a function');
          },
        ],
      ],
      fakeRelay().relay,
    );
    expect(asked).toBe(1);
    vi.advanceTimersByTime(50);
    expect(asked).toBe(2);
    vi.advanceTimersByTime(100);
    expect(asked).toBe(3);
    vi.runAllTimers();
    expect(asked).toBe(SOURCE_TRIES);
  });

  it('stops asking a source once it connected', () => {
    vi.useFakeTimers();
    let asked = 0;
    watchConsent([['late', () => ++asked === 3]], fakeRelay().relay);
    vi.runAllTimers();
    expect(asked).toBe(3);
  });
});
