import { describe, expect, it } from 'vitest';
import { selectAttribution } from './attribution';
import { captureTouches } from './capture';
import { decodeTouches, encodeTouches } from './cookie-value';
import { DAY_MS } from './networks';
import type { Touch } from './touch';

const NOW = Date.UTC(2026, 10, 22);
const daysAgo = (days: number, ms = 0) => NOW - days * DAY_MS - ms;
const avantlink = (capturedAt: number): Touch => ({ network: 'avantlink', clickId: 'a1', capturedAt });
const aflite = (capturedAt: number): Touch => ({ network: 'aflite', clickId: 'f1', capturedAt });

describe('selectAttribution: last-click (default)', () => {
  it('gives the sale to the newest touch across networks', () => {
    const decision = selectAttribution([avantlink(daysAgo(3)), aflite(daysAgo(1))], { now: NOW });
    expect(decision.policy).toBe('last-click');
    expect(decision.winners).toEqual([aflite(daysAgo(1))]);
    expect(decision.reason).toBe('selected');
    expect(decision.explanation).toContain('Aflite click f1');
  });

  it('counts a touch exactly as old as the default 30-day window, not one ms older', () => {
    expect(selectAttribution([avantlink(daysAgo(30))], { now: NOW }).winners).toHaveLength(1);
    const expired = selectAttribution([avantlink(daysAgo(30, 1))], { now: NOW });
    expect(expired.winners).toEqual([]);
    expect(expired.reason).toBe('all-expired');
    expect(expired.expired).toHaveLength(1);
  });

  it('uses each network its own window', () => {
    const touches = [avantlink(daysAgo(10)), aflite(daysAgo(5))];
    const decision = selectAttribution(touches, { now: NOW, windows: { aflite: 4 } });
    expect(decision.winners).toEqual([avantlink(daysAgo(10))]);
    expect(decision.expired).toEqual([aflite(daysAgo(5))]);
    expect(decision.explanation).toMatch(/Expired: Aflite/);
  });

  it('lets the newer touch win at the edge of its window', () => {
    const touches = [avantlink(daysAgo(7)), aflite(daysAgo(7, -1))];
    expect(selectAttribution(touches, { now: NOW, windows: { avantlink: 7, aflite: 7 } }).winners).toEqual([
      aflite(daysAgo(7, -1)),
    ]);
  });

  it('says why when there is no touch', () => {
    const decision = selectAttribution([], { now: NOW });
    expect(decision).toMatchObject({ winners: [], reason: 'no-touches' });
    expect(decision.explanation).toBe('No affiliate click is on record.');
  });
});

describe('selectAttribution: first-click and all', () => {
  const touches = [aflite(daysAgo(2)), avantlink(daysAgo(20))];

  it('first-click gives the sale to the oldest touch within its window', () => {
    expect(selectAttribution(touches, { now: NOW, policy: 'first-click' }).winners).toEqual([
      avantlink(daysAgo(20)),
    ]);
  });

  it('first-click skips an older touch that has expired', () => {
    const decision = selectAttribution([...touches, avantlink(daysAgo(31))], {
      now: NOW,
      policy: 'first-click',
    });
    expect(decision.winners).toEqual([avantlink(daysAgo(20))]);
  });

  it('all credits every network within its window, oldest first', () => {
    const decision = selectAttribution(touches, { now: NOW, policy: 'all' });
    expect(decision.winners).toEqual([avantlink(daysAgo(20)), aflite(daysAgo(2))]);
  });

  it('all leaves out the touches outside their window', () => {
    const decision = selectAttribution(touches, { now: NOW, policy: 'all', windows: { avantlink: 20 } });
    expect(decision.winners).toHaveLength(2);
    const narrower = selectAttribution(touches, { now: NOW, policy: 'all', windows: { avantlink: 19 } });
    expect(narrower.winners).toEqual([aflite(daysAgo(2))]);
  });
});

describe('selectAttribution: capture times outside the Date range', () => {
  it.each([Number.NaN, 9e15, -9e15, Number.POSITIVE_INFINITY])(
    'never throws for capturedAt %s, and still explains the decision',
    (capturedAt) => {
      const decide = () =>
        selectAttribution([avantlink(capturedAt), aflite(daysAgo(1))], { now: NOW, policy: 'all' });
      expect(decide).not.toThrow();
      expect(decide().explanation).toContain(`AvantLink click a1 of ${capturedAt}`);
      expect(decide().explanation).toContain(`Aflite click f1 of ${new Date(daysAgo(1)).toISOString()}`);
    },
  );
});

describe('selectAttribution: one URL carrying both networks (a tie in time)', () => {
  const url = 'https://shop.example/tent?clickSource=aflite&clickSessionID=f1&avad=a1';
  const reversed = 'https://shop.example/tent?avad=a1&clickSource=aflite&clickSessionID=f1';

  it.each(['last-click', 'first-click'] as const)(
    'AvantLink wins under %s, whatever the order of the touches or of the parameters',
    (policy) => {
      for (const landing of [url, reversed]) {
        const touches = captureTouches(landing, { now: NOW });
        expect(touches.map((t) => t.capturedAt)).toEqual([NOW, NOW]);
        for (const order of [touches, [...touches].reverse()]) {
          const decision = selectAttribution(order, { policy, now: NOW });
          expect(decision.winners.map((t) => t.network)).toEqual(['avantlink']);
          expect(decision.explanation).toContain('AvantLink click a1');
        }
      }
    },
  );

  it('all credits both, AvantLink first, whatever the order given', () => {
    const touches = captureTouches(url, { now: NOW });
    for (const order of [touches, [...touches].reverse()]) {
      const decision = selectAttribution(order, { policy: 'all', now: NOW });
      expect(decision.winners.map((t) => t.network)).toEqual(['avantlink', 'aflite']);
    }
  });

  it('a tie read back from the cookie gives the same winner', () => {
    const touches = decodeTouches(encodeTouches(captureTouches(url, { now: NOW })));
    expect(selectAttribution(touches, { now: NOW }).winners.map((t) => t.network)).toEqual(['avantlink']);
  });
});
