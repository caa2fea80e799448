import { afterEach, describe, expect, it, vi } from 'vitest';
import { MERCHANT_ID, SECRET } from '../../test/fixtures/relay';

/*
 * createRelay checks its config once: every check (and every client it builds to ask the client's own
 * checks) runs one time, and what it built is what the relay uses. Counted through the constructors of
 * the two clients and the cookie signer, wrapped here.
 */
const built = vi.hoisted(() => ({ avantlink: 0, aflite: 0, closed: 0, signers: 0 }));

vi.mock('../clients/avantlink/client', async (importOriginal) => {
  const original = await importOriginal<typeof import('../clients/avantlink/client')>();
  class CountedAvantLinkClient extends original.AvantLinkClient {
    constructor(...args: ConstructorParameters<typeof original.AvantLinkClient>) {
      super(...args);
      built.avantlink += 1;
    }
    override close(): void {
      built.closed += 1;
      super.close();
    }
  }
  return { ...original, AvantLinkClient: CountedAvantLinkClient };
});
vi.mock('../clients/aflite/client', async (importOriginal) => {
  const original = await importOriginal<typeof import('../clients/aflite/client')>();
  class CountedAfliteClient extends original.AfliteClient {
    constructor(...args: ConstructorParameters<typeof original.AfliteClient>) {
      super(...args);
      built.aflite += 1;
    }
  }
  return { ...original, AfliteClient: CountedAfliteClient };
});
vi.mock('./cookie/cookie-signer', async (importOriginal) => {
  const original = await importOriginal<typeof import('./cookie/cookie-signer')>();
  return {
    ...original,
    createSigner: (...args: Parameters<typeof original.createSigner>) => {
      built.signers += 1;
      return original.createSigner(...args);
    },
  };
});

const { resolveRelayConfig } = await import('./resolve-config');

const config = {
  avantlink: { merchantId: MERCHANT_ID },
  aflite: { apiKey: 'test-api-key', merchantId: 'test-merchant', goalId: '1' },
  cookie: { secret: SECRET },
};

describe('createRelay checks its config once', () => {
  afterEach(() => Object.assign(built, { avantlink: 0, aflite: 0, closed: 0, signers: 0 }));

  it('builds each client and the signer once, and keeps them open for the relay', () => {
    const resolved = resolveRelayConfig(config);
    expect(built).toEqual({ avantlink: 1, aflite: 1, closed: 0, signers: 1 });
    expect(resolved.networks.map((network) => network.id)).toEqual(['avantlink', 'aflite']);
    for (const network of resolved.networks) network.close();
  });

  it('builds them once too when it refuses the config, and closes what it built', () => {
    expect(() => resolveRelayConfig({ ...config, delivery: { concurrency: 0 } })).toThrow(
      /^delivery\.concurrency must be a whole number/,
    );
    expect(built).toEqual({ avantlink: 1, aflite: 1, closed: 1, signers: 1 });
  });
});
