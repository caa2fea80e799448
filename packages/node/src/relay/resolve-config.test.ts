import { ConfigError } from '@affiliate-relay/core';
import { describe, expect, it } from 'vitest';
import { MERCHANT_ID, SECRET } from '../../test/fixtures/relay';
import type { RelayConfig } from './config';
import type { RelayEvent } from './events';
import { resolveRelayConfig } from './resolve-config';

const avantlink = { merchantId: MERCHANT_ID };
const aflite = { apiKey: 'test-api-key', merchantId: 'test-merchant', goalId: '1' };
const cookie = { secret: SECRET };

function attributesOf(config: Partial<RelayConfig>) {
  const resolved = resolveRelayConfig({ avantlink, cookie, ...config } as RelayConfig);
  return resolved.serverCookie.serialize({ visitorId: 'vis_3f2c1a97', touches: [] });
}

describe('resolveRelayConfig', () => {
  it('applies the defaults', () => {
    const resolved = resolveRelayConfig({ avantlink, cookie });
    expect(resolved).toMatchObject({
      maxAgeSeconds: 30 * 86_400,
      windows: { avantlink: 30, aflite: 30 },
      policy: 'last-click',
      forwardIp: false,
      trustProxy: false,
      schedule: { baseDelayMs: 30_000, maxDelayMs: 3_600_000, maxAttempts: 50 },
      lockMs: 300_000,
    });
    expect(resolved.allowedOrigins.size).toBe(0);
    expect(resolved.networks.map((network) => network.id)).toEqual(['avantlink']);
  });

  it('gives the cookie the longest window of the configured networks', () => {
    const resolved = resolveRelayConfig({
      avantlink,
      aflite,
      cookie,
      attribution: { windows: { avantlink: 10, aflite: 60 } },
    });
    expect(resolved.maxAgeSeconds).toBe(60 * 86_400);
    expect(
      resolveRelayConfig({ avantlink, cookie, attribution: { windows: { aflite: 90 } } }).maxAgeSeconds,
    ).toBe(30 * 86_400);
  });

  it('caps the cookie at 400 days, whatever the window', async () => {
    expect(
      resolveRelayConfig({ avantlink, cookie, attribution: { windows: { avantlink: 1000 } } }).maxAgeSeconds,
    ).toBe(400 * 86_400);
    expect(await attributesOf({ attribution: { windows: { avantlink: 1000 } } })).toContain(
      'Max-Age=34560000;',
    );
  });

  it('writes Secure and no Domain by default; both are configurable', async () => {
    expect(await attributesOf({})).toMatch(/; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    const dev = await attributesOf({ cookie: { secret: SECRET, secure: false, domain: 'shop.example' } });
    expect(dev).toMatch(/; Domain=shop\.example; Path=\/; HttpOnly; SameSite=Lax$/);
  });

  it('needs at least one network, a cookie secret of 32 characters, and an Aflite goal', () => {
    expect(() => resolveRelayConfig({ cookie })).toThrow(/at least one network/);
    expect(() => resolveRelayConfig({ avantlink, cookie: { secret: 'short' } })).toThrow(ConfigError);
    expect(() => resolveRelayConfig({ avantlink } as RelayConfig)).toThrow(ConfigError);
    expect(() => resolveRelayConfig({ aflite: { ...aflite, goalId: '' }, cookie })).toThrow(/aflite\.goalId/);
    // Unset environment variables: each says what is missing.
    const unset = undefined as unknown as string;
    expect(() => resolveRelayConfig({ avantlink: { merchantId: unset }, cookie })).toThrow(
      /merchantId is missing/,
    );
    expect(() => resolveRelayConfig({ avantlink, cookie: { secret: unset } })).toThrow(
      /cookie\.secret is required/,
    );
    expect(() => resolveRelayConfig({ aflite: { ...aflite, apiKey: unset }, cookie })).toThrow(
      /apiKey is required/,
    );
    expect(() => resolveRelayConfig({ aflite: { ...aflite, merchantId: '' }, cookie })).toThrow(
      /merchantId is required/,
    );
    expect(() => resolveRelayConfig({ aflite: { ...aflite, goalId: unset }, cookie })).toThrow(
      /goalId is required/,
    );
    expect(() => resolveRelayConfig(undefined as unknown as RelayConfig)).toThrow(ConfigError);
  });

  it('refuses bad windows, policies, origins and redelivery numbers', () => {
    expect(() =>
      resolveRelayConfig({ avantlink, cookie, attribution: { windows: { avantlink: 0 } } }),
    ).toThrow(/attribution\.windows\.avantlink/);
    expect(() =>
      resolveRelayConfig({ avantlink, cookie, attribution: { policy: 'random' as 'all' } }),
    ).toThrow(/attribution\.policy/);
    expect(() => resolveRelayConfig({ avantlink, cookie, allowedOrigins: ['*'] })).toThrow(ConfigError);
    expect(() => resolveRelayConfig({ avantlink, cookie, delivery: { baseDelayMs: -1 } })).toThrow(
      /delivery/,
    );
    expect(() => resolveRelayConfig({ avantlink, cookie, delivery: { maxAttempts: 0 } })).toThrow(
      /maxAttempts/,
    );
  });

  it('passes client errors through (a merchant id that is no UUID)', () => {
    expect(() => resolveRelayConfig({ avantlink: { merchantId: 'nope' }, cookie })).toThrow(ConfigError);
  });

  it('never puts a secret in a config error', () => {
    const secret = 'too-short-secret';
    try {
      resolveRelayConfig({ avantlink, cookie: { secret } });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).not.toContain(secret);
    }
  });

  it('refuses a lockMs that leaves no time, after its margin, for the calls of one delivery', () => {
    // Aflite: a goal-feed lookup then a send, each up to timeoutMs; AvantLink: one send.
    const tight = { ...aflite, timeoutMs: 200 };
    expect(() => resolveRelayConfig({ aflite: tight, cookie, delivery: { lockMs: 400 } })).toThrow(
      ConfigError,
    );
    expect(() => resolveRelayConfig({ aflite: tight, cookie, delivery: { lockMs: 850 } })).not.toThrow();
    expect(() => resolveRelayConfig({ avantlink, cookie, delivery: { lockMs: 10_000 } })).toThrow(
      /delivery\.lockMs/,
    );
    expect(() => resolveRelayConfig({ avantlink, cookie, delivery: { lockMs: 12_000 } })).not.toThrow();
  });
});

describe('attribution.windows', () => {
  function resolveLogging(config: Partial<RelayConfig>) {
    const events: RelayEvent[] = [];
    const resolved = resolveRelayConfig({
      avantlink,
      aflite,
      cookie,
      logger: (event) => events.push(event),
      ...config,
    } as RelayConfig);
    return { resolved, warnings: events.filter((event) => event.type === 'warning') };
  }

  it('honours attribution.windows, with no warning', () => {
    const { resolved, warnings } = resolveLogging({ attribution: { windows: { aflite: 60 } } });
    expect(resolved.windows).toEqual({ avantlink: 30, aflite: 60 });
    expect(resolved.maxAgeSeconds).toBe(60 * 86_400);
    expect(warnings).toEqual([]);
  });

  it('has no top-level windows: an unknown option, refused like any other', () => {
    const config = { windows: { aflite: 60 } } as Partial<RelayConfig>;
    expect(() => resolveLogging(config)).toThrow(ConfigError);
    expect(() => resolveLogging(config)).toThrow(/unknown option: windows/);
  });

  it('says nothing when the config is refused for another reason', () => {
    const events: RelayEvent[] = [];
    expect(() =>
      resolveRelayConfig({
        aflite: { ...aflite, goalId: '' },
        cookie,
        attribution: { windows: { aflite: 60 } },
        logger: (event) => events.push(event),
      }),
    ).toThrow(/goalId/);
    expect(events).toEqual([]);
  });
});

describe('every problem at once', () => {
  it('names three wrong options of three kinds in one ConfigError', () => {
    const build = () =>
      resolveRelayConfig({
        avantlink,
        cookie: { secret: 'too-short' },
        attribution: { policy: 'latest' as never },
        delivery: { concurrency: 0 },
      });
    expect(build).toThrow(ConfigError);
    let message = '';
    try {
      build();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^createRelay: 3 problems: /);
    expect(message).toMatch(/cookie\.secret/);
    expect(message).toMatch(/attribution\.policy must be one of last-click, first-click, all/);
    expect(message).toMatch(/delivery\.concurrency must be a whole number, 1 or more/);
  });

  it("counts a client's own check among them (AvantLink's merchant id is a UUID)", () => {
    expect(() =>
      resolveRelayConfig({ avantlink: { merchantId: '12345' }, cookie: { secret: 'too-short' } }),
    ).toThrow(
      /^createRelay: 2 problems: .*cookie\.secret.*; AvantLinkClient: merchantId must be your AvantLink merchant UUID/,
    );
  });

  it('takes delivery.clicks.maxConcurrency (default 64), a whole number, 1 or more; unknown names in it refused', () => {
    expect(resolveRelayConfig({ avantlink, cookie }).delivery.maxClickConcurrency).toBe(64);
    expect(
      resolveRelayConfig({ avantlink, cookie, delivery: { clicks: { maxConcurrency: 12 } } }).delivery
        .maxClickConcurrency,
    ).toBe(12);
    for (const maxConcurrency of [0, 1.5, -1, '8', Number.NaN]) {
      expect(() =>
        resolveRelayConfig({ avantlink, cookie, delivery: { clicks: { maxConcurrency } } } as never),
      ).toThrow(/delivery\.clicks\.maxConcurrency must be a whole number, 1 or more/);
    }
    expect(() => resolveRelayConfig({ avantlink, cookie, delivery: { clicks: 8 } } as never)).toThrow(
      ConfigError,
    );
    expect(() =>
      resolveRelayConfig({ avantlink, cookie, delivery: { clicks: { maxConcurency: 8 } } } as never),
    ).toThrow(/delivery\.clicks\.maxConcurency: did you mean maxConcurrency\?/);
  });

  it('says one problem alone as before, and counts an unknown name among them', () => {
    expect(() => resolveRelayConfig({ avantlink, cookie, delivery: { concurrency: 0 } })).toThrow(
      /^delivery\.concurrency must be a whole number, 1 or more$/,
    );
    expect(() =>
      resolveRelayConfig({ avantlink, cookie, delivery: { concurrency: 0 }, trustproxy: true } as never),
    ).toThrow(
      /^createRelay: 2 problems: an unknown option: trustproxy: did you mean trustProxy\?; delivery\.concurrency/,
    );
  });
});
