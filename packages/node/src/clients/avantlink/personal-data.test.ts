import { beforeAll, describe, expect, it } from 'vitest';
import { validationIssues } from '../../../test/fixtures/validation-issues';
import { loadSchemas } from '../../lazy-schemas';
import { toClickBody, toOrderBody } from './body';
import { containsEmail, withoutEmailParams } from './personal-data';

// These builders are synchronous: the async entry points load the schemas before calling them.
beforeAll(async () => {
  await loadSchemas();
});

// DESIGN: "No personal data goes to a network unhashed"; AvantLink's page: no emails in any field.

describe('withoutEmailParams', () => {
  it('drops query parameters whose value is an email, raw, percent-encoded, twice encoded or form-encoded', () => {
    const url =
      'https://shop.test/thanks?order=1001&email=ann%40example.com&b=bob@example.org&c=carl%2540example.net&d=dee+x%40example.io&avad=77_x';
    expect(withoutEmailParams(url)).toBe('https://shop.test/thanks?order=1001&avad=77_x');
  });

  it('drops fragment parameters too, and a parameter whose name is the email', () => {
    expect(
      withoutEmailParams('https://shop.test/p?ann%40example.com=1&x=1#step=2&mail=ann@example.com'),
    ).toBe('https://shop.test/p?x=1#step=2');
    expect(withoutEmailParams('https://shop.test/p#/checkout?email=ann@example.com')).toBe(
      'https://shop.test/p',
    );
  });

  it('keeps every other parameter byte for byte (their encoding and order), and the URL untouched when clean', () => {
    const clean = 'https://shop.test/p?q=tents%20%26%20pegs&avad=77_f3%2Bafbe121&x=a+b#top';
    expect(withoutEmailParams(clean)).toBe(clean);
    expect(withoutEmailParams(`${clean.replace('#top', '')}&e=ann@example.com`)).toBe(
      clean.replace('#top', ''),
    );
  });

  it('replaces a path that holds an email by /, keeping the clean parameters', () => {
    expect(withoutEmailParams('https://shop.test/users/ann@example.com/orders?x=1')).toBe(
      'https://shop.test/?x=1',
    );
    expect(withoutEmailParams('https://shop.test/users/ann%40example.com')).toBe('https://shop.test/');
  });

  it('leaves an empty URL empty, and never throws on text that is no URL', () => {
    expect(withoutEmailParams('')).toBe('');
    expect(withoutEmailParams('not a url')).toBe('not a url');
    expect(withoutEmailParams('mailto ann@example.com')).toBe('');
  });
});

describe('containsEmail', () => {
  it('finds an address inside a text, encoded or not, and nothing in ids, prices or plain words', () => {
    for (const text of [
      'ann@example.com',
      'Contact: Ann@Example.COM.',
      'to=ann%40example.com',
      'x%2540y.io',
    ]) {
      expect(containsEmail(text)).toBe(true);
    }
    for (const text of ['77_f3afbe121', '@handle', 'a@b', '10.99', 'user at example dot com', '%E0%A4%A']) {
      expect(containsEmail(text)).toBe(false);
    }
  });
});

describe('toClickBody and toOrderBody keep emails out of AvantLink', () => {
  it('strip email parameters from current_url and referrer_url and keep the call', () => {
    const input = {
      avad: '77_x',
      visitorIds: ['vis_3f2c1a97'],
      userAgent: 'UA',
      currentUrl: 'https://shop.test/thanks?order=1001&email=ann%40example.com',
      referrerUrl: 'https://shop.test/checkout?email=ann@example.com',
    };
    const click = toClickBody(input);
    expect([click.current_url, click.referrer_url]).toEqual([
      'https://shop.test/thanks?order=1001',
      'https://shop.test/checkout',
    ]);
    const order = toOrderBody({ ...input, order: { orderId: '1001', subtotal: 10, currency: 'USD' } });
    expect(JSON.stringify(order)).not.toMatch(/ann(@|%40)example\.com/);
    expect(order.order.order_number).toBe('1001');
  });

  it('refuse an email anywhere in extra order and line-item fields, naming each path', () => {
    const issues = validationIssues(() =>
      toOrderBody({
        avad: '77_x',
        order: {
          orderId: '1001',
          subtotal: 10,
          currency: 'USD',
          extra: { customer_email: 'ann@example.com', notes: ['gift', { to: 'Bob <bob@example.org>' }] },
          items: [{ parentSku: 'TENT', price: 10, quantity: 1, buyer: 'ann%40example.com' }],
        },
      }),
    );
    expect(issues.map((issue) => issue.path).sort()).toEqual([
      'order.extra.customer_email',
      'order.extra.notes.1.to',
      'order.items.0.buyer',
    ]);
    expect(issues.every((issue) => issue.message.includes('hashIdentifier'))).toBe(true);
  });

  it('refuse an extra field whose name is an email', () => {
    const issues = validationIssues(() =>
      toOrderBody({
        avad: '77_x',
        order: { orderId: '1', subtotal: 1, currency: 'USD', extra: { 'ann@example.com': true } },
      }),
    );
    expect(issues.map((issue) => issue.path)).toEqual(['order.extra.ann@example.com']);
  });
});
