import { readFileSync } from 'node:fs';
import { StoreError } from '@affiliate-relay/core';
import { describe, expect, it } from 'vitest';
import { decodeRecord, encodeRecord, RECORD_VERSION } from './record-format';
import { avantlinkRecord, clickRecord, record } from './store-records.contract';

// Records as 0.0.x wrote them (no `version`): fixtures, never regenerated, so an upgrade that
// stops reading them fails here.
const fixture = (name: string) =>
  readFileSync(new URL(`../../test/fixtures/records/${name}`, import.meta.url), 'utf8');

describe('the stored record format', () => {
  it('writes the current version and reads back every kind, without the lock', () => {
    for (const original of [avantlinkRecord('o-1'), record('o-2'), clickRecord('vis 77_x')]) {
      const stored = encodeRecord({ ...original, lockedUntil: 5000, lockToken: 't' });
      expect(JSON.parse(stored).version).toBe(RECORD_VERSION);
      expect(stored).not.toContain('"lockToken"');
      expect(decodeRecord(stored)).toEqual(original);
    }
  });

  it('reads version 1 (0.0.x) as an order keyed by its order id, one attempt more when it was pending', () => {
    expect(decodeRecord(fixture('record-v1-avantlink.json'))).toMatchObject({
      kind: 'order',
      key: 'A-1001',
      network: 'avantlink',
      status: 'pending',
      // 2 finished attempts, and a third may have been under way: its next one asks before resending.
      attempts: 3,
      nextAttemptAt: 1764300120000,
      lastError: { status: 503 },
      request: { avad: '77_f3afbe121', order: { orderId: 'A-1001', subtotal: 100 } },
    });
    const aflite = decodeRecord(fixture('record-v1-aflite.json'));
    expect(aflite).toMatchObject({
      kind: 'order',
      key: 'A-1002',
      network: 'aflite',
      status: 'sent',
      attempts: 1,
    });
    expect(aflite).not.toHaveProperty('orderId');
  });

  it('refuses what it cannot read with a StoreError saying why', () => {
    const cases: [string, RegExp][] = [
      ['not json', /not JSON/],
      ['[]', /not an object/],
      ['{"version":3}', /version 3 is newer than this release reads/],
      [JSON.stringify({ ...JSON.parse(encodeRecord(record('o'))), kind: 'refund' }), /unknown kind refund/],
      [
        JSON.stringify({ ...JSON.parse(encodeRecord(clickRecord('c'))), network: '' }),
        /network must be a non-empty string/,
      ],
      [
        JSON.stringify({ ...JSON.parse(encodeRecord(record('o'))), attempts: '1' }),
        /attempts must be a number/,
      ],
      [
        JSON.stringify({
          ...JSON.parse(encodeRecord(record('o'))),
          kind: 'reversal',
          request: { orderId: 'o' },
        }),
        /request.reversalId is missing/,
      ],
    ];
    for (const [stored, reason] of cases) {
      expect(() => decodeRecord(stored), stored).toThrow(StoreError);
      expect(() => decodeRecord(stored), stored).toThrow(reason);
    }
  });
});
