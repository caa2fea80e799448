import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The published files (turbo builds the package before its tests). Debug logging is compiled into the
// `/debug` entry only: a shop's production bundle of the main entry must carry none of it.
const dist = (file: string) => readFileSync(new URL(`../dist/${file}`, import.meta.url), 'utf8');
const LOG_PREFIX = '[affiliate-relay]';

describe('debug logging in the published entries', () => {
  it.each(['index.js', 'index.cjs', 'affiliate-relay.global.js'])('is compiled out of %s', (file) => {
    const code = dist(file);
    expect(code).toContain('grantConsent');
    expect(code).not.toContain(LOG_PREFIX);
    expect(code).not.toContain('console.info');
    // The unknown-option warnings (and core's closestName) are the debug entry's alone too.
    expect(code).not.toContain('did you mean');
    expect(code).not.toContain('console.warn');
  });

  it.each(['debug.js', 'debug.cjs'])('is compiled into %s', (file) => {
    const code = dist(file);
    expect(code).toContain(LOG_PREFIX);
    expect(code).toContain('console.info');
    expect(code).toContain('did you mean');
  });
});

describe('the consent entries', () => {
  it.each(['consent.js', 'consent.cjs', 'affiliate-relay.consent.global.js'])(
    '%s carries the sources and none of the main script',
    (file) => {
      const code = dist(file);
      expect(code).toContain('__tcfapi');
      expect(code).toContain('visitorConsentCollected');
      expect(code).toContain('globalPrivacyControl');
      expect(code).not.toContain('ar_touches');
      expect(code).not.toContain(LOG_PREFIX);
    },
  );
});

describe('the hand-off entries', () => {
  it.each(['handoff.js', 'handoff.cjs', 'affiliate-relay.handoff.global.js'])(
    '%s carries the hand-off and none of the main script',
    (file) => {
      const code = dist(file);
      expect(code).toContain('/cart/update.js');
      expect(code).toContain('_ar_handoff');
      expect(code).toContain('no-store');
      expect(code).not.toContain('ar_touches');
      expect(code).not.toContain('__tcfapi');
      expect(code).not.toContain(LOG_PREFIX);
    },
  );
});
