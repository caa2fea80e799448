import { ConfigError } from '@affiliate-relay/core';
import { describe, expect, it } from 'vitest';
import { MERCHANT_ID } from '../../test/fixtures/relay';
import { AfliteClient } from './aflite/client';
import { AvantLinkClient } from './avantlink/client';

describe("the clients' option names", () => {
  it('refuses a typo with the closest known name, before anything else', () => {
    const build = () => new AvantLinkClient({ merchantId: 'm-1', baseURL: 'http://127.0.0.1:9' } as never);
    expect(build).toThrow(ConfigError);
    expect(build).toThrow('AvantLinkClient: an unknown option: baseURL: did you mean baseUrl?');
  });

  it('names every unknown option in one error, nested ones too', () => {
    const build = () =>
      new AfliteClient({
        apiKey: 'test-api-key',
        merchantId: 'test-merchant',
        timeoutMS: 100,
        retry: { maxAttempt: 2 },
        colour: 'red',
      } as never);
    expect(build).toThrow(
      'AfliteClient: 3 unknown options: timeoutMS: did you mean timeoutMs?; colour; retry.maxAttempt: did you mean maxAttempts?',
    );
  });

  it('accepts every documented option', () => {
    const avantlink = new AvantLinkClient({
      merchantId: MERCHANT_ID,
      baseUrl: 'http://127.0.0.1:9',
      userAgent: 'shop/1',
      timeoutMs: 1_000,
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 },
      logger: () => undefined,
      maxSockets: 2,
    });
    avantlink.close();
    const aflite = new AfliteClient({
      apiKey: 'k',
      merchantId: 'm',
      method: 'POST',
      baseUrl: 'http://127.0.0.1:9',
    });
    aflite.close();
  });
});
