import { describe, expect, it, vi } from 'vitest';
import { sendBeacon } from './send-beacon';

const body = '{"touches":[]}';

function transport(sendBeacon?: () => boolean) {
  const fetch = vi.fn(async (_url: string, _init?: RequestInit) => new Response(null, { status: 204 }));
  return { fetch, navigator: sendBeacon ? { sendBeacon: vi.fn(sendBeacon) } : {} };
}

describe('sendBeacon', () => {
  it('uses navigator.sendBeacon with the string body (sent as text/plain, no preflight)', () => {
    const t = transport(() => true);
    expect(sendBeacon('/affiliate-relay/collect', body, t)).toBe(true);
    expect(t.navigator.sendBeacon).toHaveBeenCalledWith('/affiliate-relay/collect', body);
    expect(t.fetch).not.toHaveBeenCalled();
    expect(new Request('http://x/', { method: 'POST', body }).headers.get('content-type')).toBe(
      'text/plain;charset=UTF-8',
    );
  });

  it.each([
    ['refuses', () => false],
    [
      'throws',
      () => {
        throw new TypeError('blocked');
      },
    ],
    ['is missing', undefined],
  ])('falls back to fetch with keepalive when sendBeacon %s', (_, beacon) => {
    const t = transport(beacon);
    expect(sendBeacon('/affiliate-relay/collect', body, t)).toBe(false);
    expect(t.fetch).toHaveBeenCalledWith('/affiliate-relay/collect', {
      method: 'POST',
      body,
      keepalive: true,
    });
  });

  it('swallows a failed fetch: fire and forget', async () => {
    const rejection = vi.fn();
    const failing = {
      navigator: {},
      fetch: () => Promise.reject(new TypeError('Failed to fetch')).finally(rejection),
    };
    expect(sendBeacon('/c', body, failing)).toBe(false);
    await vi.waitFor(() => expect(rejection).toHaveBeenCalled());
  });
});
