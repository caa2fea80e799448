import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DEMO_PORT,
  DEMO_AFLITE,
  DEMO_AVANTLINK_MERCHANT_ID,
  DEMO_COOKIE_SECRET,
  DemoConfigError,
  loadConfig,
} from './config';

const UUID = '0f8fad5b-d9cb-469f-a165-70867728950e';
const SECRET = { COOKIE_SECRET: 's'.repeat(32) };
const REAL_AFLITE = {
  ...SECRET,
  AFLITE_API_KEY: 'real-key-123',
  AFLITE_MERCHANT_ID: 'm-9',
  AFLITE_GOAL_ID: '7',
};

describe('loadConfig', () => {
  it('runs on embedded defaults: 127.0.0.1:4310, both fakes, the demo secret', () => {
    const config = loadConfig({});
    expect(config).toEqual({
      host: '127.0.0.1',
      port: DEFAULT_DEMO_PORT,
      cookieSecret: DEMO_COOKIE_SECRET,
      demoSecret: true,
      avantlink: { mode: 'fake', merchantId: DEMO_AVANTLINK_MERCHANT_ID },
      aflite: { mode: 'fake', ...DEMO_AFLITE, traceOnly: false },
    });
    expect(DEFAULT_DEMO_PORT).toBe(4310);
  });

  it('treats empty and blank variables as unset', () => {
    expect(loadConfig({ DEMO_PORT: '', AVANTLINK_MERCHANT_ID: '  ', COOKIE_SECRET: '' })).toEqual(
      loadConfig({}),
    );
  });

  it('reads DEMO_PORT, 0 included, and refuses anything but a port', () => {
    expect(loadConfig({ DEMO_PORT: '0' }).port).toBe(0);
    expect(loadConfig({ DEMO_PORT: '5000' }).port).toBe(5000);
    for (const bad of ['-1', '65536', '80a', '4.5']) {
      expect(() => loadConfig({ DEMO_PORT: bad })).toThrow(DemoConfigError);
    }
  });

  it('points AvantLink at the real network when a merchant id is set', () => {
    expect(loadConfig({ ...SECRET, AVANTLINK_MERCHANT_ID: UUID }).avantlink).toEqual({
      mode: 'real',
      merchantId: UUID,
      baseUrl: 'https://client.avantlink.com',
    });
    expect(
      loadConfig({ ...SECRET, AVANTLINK_MERCHANT_ID: UUID, AVANTLINK_BASE_URL: 'http://127.0.0.1:9/' })
        .avantlink,
    ).toEqual({ mode: 'real', merchantId: UUID, baseUrl: 'http://127.0.0.1:9' });
    expect(() => loadConfig({ AVANTLINK_BASE_URL: 'http://127.0.0.1:9' })).toThrow(/AVANTLINK_MERCHANT_ID/);
    expect(() =>
      loadConfig({ ...SECRET, AVANTLINK_MERCHANT_ID: UUID, AVANTLINK_BASE_URL: 'ftp://x' }),
    ).toThrow(/AVANTLINK_BASE_URL/);
  });

  it('points Aflite at the real network with traceOnly on unless AFLITE_TRACE_ONLY=0', () => {
    expect(loadConfig(REAL_AFLITE).aflite).toEqual({
      mode: 'real',
      apiKey: 'real-key-123',
      merchantId: 'm-9',
      goalId: '7',
      baseUrl: 'http://aflite.co.uk',
      traceOnly: true,
    });
    expect(loadConfig({ ...REAL_AFLITE, AFLITE_TRACE_ONLY: 'false' }).aflite.traceOnly).toBe(true);
    expect(loadConfig({ ...REAL_AFLITE, AFLITE_TRACE_ONLY: '0' }).aflite.traceOnly).toBe(false);
  });

  it('keeps the fake Aflite recording goals unless trace mode is asked for', () => {
    expect(loadConfig({}).aflite.traceOnly).toBe(false);
    expect(loadConfig({ AFLITE_TRACE_ONLY: '1' }).aflite.traceOnly).toBe(true);
  });

  it('names the missing Aflite variables, never the values it was given', () => {
    const attempt = () => loadConfig({ ...SECRET, AFLITE_API_KEY: 'secret-value-42' });
    expect(attempt).toThrow('A real Aflite needs AFLITE_MERCHANT_ID, AFLITE_GOAL_ID as well.');
    expect(() => attempt()).not.toThrow(/secret-value-42/);
  });

  it('refuses to start against a real network without COOKIE_SECRET: the built-in one is public', () => {
    const realAvantLink = () => loadConfig({ AVANTLINK_MERCHANT_ID: UUID });
    expect(realAvantLink).toThrow(DemoConfigError);
    expect(realAvantLink).toThrow(/COOKIE_SECRET is not set, and AvantLink is real/);
    const { COOKIE_SECRET: _unset, ...aflite } = REAL_AFLITE;
    expect(() => loadConfig(aflite)).toThrow(/COOKIE_SECRET is not set, and Aflite is real/);
    expect(() => loadConfig({ ...aflite, AVANTLINK_MERCHANT_ID: UUID })).toThrow(
      /AvantLink and Aflite are real/,
    );
    expect(loadConfig({ ...SECRET, AVANTLINK_MERCHANT_ID: UUID }).demoSecret).toBe(false);
  });

  it('takes COOKIE_SECRET of 32 characters or more, and refuses a short one without echoing it', () => {
    const secret = 'x'.repeat(32);
    expect(loadConfig({ COOKIE_SECRET: secret })).toMatchObject({ cookieSecret: secret, demoSecret: false });
    expect(() => loadConfig({ COOKIE_SECRET: 'short-secret' })).toThrow('COOKIE_SECRET must be at least 32');
    expect(() => loadConfig({ COOKIE_SECRET: 'short-secret' })).not.toThrow(/short-secret/);
  });
});
