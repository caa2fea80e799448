import { describe, expect, it } from 'vitest';
import { closestName } from './closest-name';

const OPTIONS = ['endpoint', 'cookieDomain', 'windowDays', 'consent', 'debug', 'onError'];

describe('closestName', () => {
  it.each([
    ['baseURL', ['baseUrl', 'timeoutMs'], 'baseUrl'],
    ['windowdays', OPTIONS, 'windowDays'],
    ['endpiont', OPTIONS, 'endpoint'],
    ['cookieDomian', OPTIONS, 'cookieDomain'],
    ['consnet', OPTIONS, 'consent'],
    ['onerror', OPTIONS, 'onError'],
  ])('suggests the known name a typo of %s is near: %s', (name, names, expected) => {
    expect(closestName(name, names)).toBe(expected);
  });

  it.each([
    ['nscript', OPTIONS],
    ['cfasync', OPTIONS],
    ['colour', OPTIONS],
    ['x', OPTIONS],
  ])('suggests nothing for %s, near no known name', (name, names) => {
    expect(closestName(name, names)).toBeUndefined();
  });

  it('takes the nearest of several candidates, ignoring case', () => {
    expect(closestName('timeoutMS', ['timeout', 'timeoutMs'])).toBe('timeoutMs');
  });
});
