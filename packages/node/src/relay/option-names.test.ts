import { ConfigError } from '@affiliate-relay/core';
import { describe, expect, it } from 'vitest';
import { MERCHANT_ID, SECRET } from '../../test/fixtures/relay';
import type { RelayConfig } from './config';
import { unknownOptionNames } from './option-names';
import { resolveRelayConfig } from './resolve-config';

const avantlink = { merchantId: MERCHANT_ID };
const aflite = { apiKey: 'test-api-key', merchantId: 'test-merchant', goalId: '1' };
const cookie = { secret: SECRET };

// Plain JavaScript reaches createRelay with any names: the casts stand for that.
function configWith(extra: object): RelayConfig {
  return { avantlink, cookie, ...extra } as unknown as RelayConfig;
}

describe('unknown option names', () => {
  it('refuses a typo with the closest known name', () => {
    const config = configWith({ avantlink: { ...avantlink, baseURL: 'http://127.0.0.1:1' } });
    expect(() => resolveRelayConfig(config)).toThrowError(ConfigError);
    expect(() => resolveRelayConfig(config)).toThrowError(
      'createRelay: an unknown option: avantlink.baseURL: did you mean baseUrl?',
    );
  });

  it('names every unknown option in one error, at every level', () => {
    const config = configWith({
      aflite: { ...aflite, goalID: '1' },
      cookie: { ...cookie, sameSite: 'Lax' },
      delivery: { concurency: 8 },
      trustProxies: true,
    });
    let thrown: unknown;
    try {
      resolveRelayConfig(config);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const message = (thrown as ConfigError).message;
    expect(message).toMatch(/^createRelay: 4 unknown options: /);
    expect(message).toContain('trustProxies: did you mean trustProxy?');
    expect(message).toContain('aflite.goalID: did you mean goalId?');
    expect(message).toContain('delivery.concurency: did you mean concurrency?');
    // Nothing near enough: named without a guess.
    expect(message).toContain('cookie.sameSite');
    expect(message).not.toContain('cookie.sameSite: did you mean');
  });

  it('checks the retry and adjustment objects inside a network', () => {
    expect(
      unknownOptionNames({
        avantlink: {
          ...avantlink,
          retry: { maxAttempts: 2, maxDelay: 10 },
          adjustments: { authKey: 'k', merchantId: 1, transprt: 'form' },
        },
      }),
    ).toEqual([
      'avantlink.adjustments.transprt: did you mean transport?',
      'avantlink.retry.maxDelay: did you mean maxDelayMs?',
    ]);
  });

  it('accepts every documented option', () => {
    const config: Required<RelayConfig> = {
      avantlink: {
        merchantId: MERCHANT_ID,
        baseUrl: 'http://127.0.0.1:1',
        userAgent: 'shop/1',
        timeoutMs: 1_000,
        retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 3 },
        fetch: globalThis.fetch,
        adjustments: {
          authKey: 'a'.repeat(32),
          merchantId: 1,
          url: 'https://127.0.0.1:1',
          transport: 'form',
        },
        reversalsPerDay: 10,
        testLink: false,
      },
      aflite: { ...aflite, baseUrl: 'http://127.0.0.1:2', method: 'POST', traceOnly: true },
      cookie: { secret: SECRET, domain: 'example.com', secure: true },
      attribution: { policy: 'last-click', windows: { avantlink: 30 } },
      forwardIp: false,
      trustProxy: false,
      allowedOrigins: [],
      consent: { gpc: true, allows: () => undefined },
      testMode: false,
      logger: () => {},
      store: undefined as unknown as Required<RelayConfig>['store'],
      delivery: { concurrency: 2, retentionDays: 1 },
      waitUntil: () => {},
    };
    expect(unknownOptionNames(config)).toEqual([]);
  });

  it('refuses the retry names renamed before 1.0 (no aliases)', () => {
    expect(
      unknownOptionNames({
        avantlink: { ...avantlink, retry: { limit: 2 } },
        delivery: { retryDelayMs: 10, maxRetryDelayMs: 20 },
      }),
    ).toEqual(['avantlink.retry.limit', 'delivery.retryDelayMs', 'delivery.maxRetryDelayMs']);
  });

  it('takes the test seams of retry', () => {
    const retry = { maxAttempts: 1, random: () => 0, sleep: async () => {} };
    expect(unknownOptionNames({ aflite: { ...aflite, retry } })).toEqual([]);
  });
});
