import { describe, expect, it } from 'vitest';
import { forwardableUrl } from './forwardable-url';

describe('forwardableUrl', () => {
  it('keeps well-formed http(s) URLs as they are', () => {
    for (const url of [
      'https://shop.test/products/tent?avad=77_f3afbe121#reviews',
      'http://127.0.0.1:8080/',
      'https://xn--bcher-kva.example/%E4%B8%AD?q=%20',
      'https://bücher.example/中',
    ]) {
      expect(forwardableUrl(url)).toBe(url);
    }
  });

  it('leaves out other schemes, relative text, whitespace, controls, lone surrogates and overlong URLs', () => {
    for (const value of [
      'javascript:alert(1)',
      'mailto:a@b.example',
      '/relative/path',
      'https://',
      'https:/one-slash.example',
      ' https://lead.example/',
      'https://a.example/\u007f',
      'https://a.example/\udc00',
      `https://a.example/${'a'.repeat(2048)}`,
      42,
      undefined,
    ]) {
      expect(forwardableUrl(value)).toBeUndefined();
    }
  });
});
