import * as core from '@affiliate-relay/core';
import { describe, expect, it } from 'vitest';
import * as checkout from './checkout';
import * as clients from './clients';
import * as node from './index';
import * as store from './store';

describe('@affiliate-relay/node re-exports core errors and guards', () => {
  const pairs: [string, unknown, unknown][] = [
    ['AffiliateRelayError', node.AffiliateRelayError, core.AffiliateRelayError],
    ['ConfigError', node.ConfigError, core.ConfigError],
    ['ValidationError', node.ValidationError, core.ValidationError],
    ['HttpError', node.HttpError, core.HttpError],
    ['NetworkError', node.NetworkError, core.NetworkError],
    ['TimeoutError', node.TimeoutError, core.TimeoutError],
    ['DeliveryAmbiguousError', node.DeliveryAmbiguousError, core.DeliveryAmbiguousError],
    ['StoreError', node.StoreError, core.StoreError],
    ['RelayClosedError', node.RelayClosedError, core.RelayClosedError],
    ['isAffiliateRelayError', node.isAffiliateRelayError, core.isAffiliateRelayError],
    ['isErrorNamed', node.isErrorNamed, core.isErrorNamed],
  ];

  it.each(pairs)(
    '%s is core’s own (one copy: instanceof holds across both imports)',
    (_name, ours, cores) => {
      expect(ours).toBeDefined();
      expect(ours).toBe(cores);
    },
  );

  it('so a shop matches a relay error with node’s imports alone', () => {
    const error: node.AffiliateRelayErrorCode = 'relay_closed';
    const closed = new core.RelayClosedError('recordConversion');
    expect(closed).toBeInstanceOf(node.AffiliateRelayError);
    expect(node.isErrorNamed(closed, 'RelayClosedError')).toBe(true);
    expect(closed.code).toBe(error);
  });
});

describe('@affiliate-relay/node keeps its internals internal', () => {
  it('exports createRelay and the errors at its root, the stores and the clients from their subpaths', () => {
    expect(Object.keys(node).sort()).toEqual([
      'AffiliateRelayError',
      'ConfigError',
      'DeliveryAmbiguousError',
      'HttpError',
      'NetworkError',
      'RelayClosedError',
      'StoreError',
      'TimeoutError',
      'ValidationError',
      'createRelay',
      'hashIdentifier',
      'isAffiliateRelayError',
      'isErrorNamed',
    ]);
    expect(Object.keys(store).sort()).toEqual([
      'POSTGRES_SCHEMA_VERSION',
      'createMemoryStore',
      'createPostgresStore',
      'createSqliteStore',
      'postgresStoreMigration',
      'runStoreContract',
    ]);
    expect(Object.keys(checkout).sort()).toEqual(CHECKOUT_NAMES);
    expect(Object.keys(clients).sort()).toEqual([
      'AFLITE_BASE_URL',
      'AVANTLINK_BASE_URL',
      'AfliteClient',
      'AvantLinkClient',
      'toReturnsFileCsv',
    ]);
  });

  it('keeps the constants documented as defaults out of every entry (no semver promise on them)', () => {
    for (const entry of [node, store, clients, checkout]) {
      for (const name of [
        'DEFAULT_DB_PATH',
        'DEFAULT_POSTGRES_TABLE',
        'DEFAULT_SERVER_USER_AGENT',
        'SDK_VERSION',
        'MIN_SECRET_LENGTH',
      ]) {
        expect(Object.keys(entry)).not.toContain(name);
      }
    }
  });

  it('does not export the retry defaults or the collect status table (no semver promise on them)', () => {
    expect(Object.keys(node)).not.toContain('DEFAULT_RETRY');
    expect(Object.keys(node)).not.toContain('COLLECT_ERROR_STATUS');
  });

  it('does not export the retry policy’s status test or the flush default (documented, not promised)', () => {
    expect(Object.keys(node)).not.toContain('isRetryableStatus');
    expect(Object.keys(node)).not.toContain('DEFAULT_FLUSH_TIMEOUT_MS');
  });
});

describe('@affiliate-relay/node keeps its test seams out of the public types', () => {
  it('ConversionInput and ReversalInput have no `now`, RetryOptions no `random` or `sleep` (checked by the compiler)', () => {
    // Each is `false` only while the seam stays out of the type: adding it back fails typecheck.
    const nowIsPublic: 'now' extends keyof node.ConversionInput ? true : false = false;
    const reversalNowIsPublic: 'now' extends keyof node.ReversalInput ? true : false = false;
    const randomIsPublic: 'random' extends keyof node.RetryOptions ? true : false = false;
    const sleepIsPublic: 'sleep' extends keyof node.RetryOptions ? true : false = false;
    expect([nowIsPublic, reversalNowIsPublic, randomIsPublic, sleepIsPublic]).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});

// The checkout subpath: the hand-off's error, and the platforms' order input helpers.
const CHECKOUT_NAMES = [
  'HANDOFF_NAMES',
  'HandoffError',
  'orderFromPayPalCapture',
  'orderFromShopifyOrder',
  'orderFromStripeSession',
];
