import { readFileSync } from 'node:fs';
import { StoreError, ValidationError } from '@affiliate-relay/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSchemas } from '../lazy-schemas';
import { decodeRecord, encodeRecord, RECORD_VERSION } from './record-format';
import { avantlinkRecord, clickRecord, record, reversalRecord } from './store-records.contract';

// Records as 0.0.x wrote them (no `version`): fixtures, never regenerated, so an upgrade that
// stops reading them fails here.
const fixture = (name: string) =>
  readFileSync(new URL(`../../test/fixtures/records/${name}`, import.meta.url), 'utf8');

beforeAll(async () => {
  await loadSchemas();
});

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
      [
        JSON.stringify({ ...JSON.parse(encodeRecord(record('o'))), kind: 'refund' }),
        /kind must be click, order, reversal or decision \(not refund\)/,
      ],
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

  it('passes fields it does not know through untouched, at the top, in the request and in lastError', () => {
    const stored = {
      ...JSON.parse(encodeRecord(reversalRecord('o-1#1'))),
      // Fields a later release (or another branch) adds to DeliveryRecordBase.
      history: [{ at: 1000, outcome: 'pending' }],
      test: true,
      lastError: { name: 'HttpError', message: 'busy', status: 503, retryAfterMs: 2000 },
    };
    stored.request.note = 'kept';
    const decoded = decodeRecord(JSON.stringify(stored));
    const { version: _version, ...expected } = stored;
    expect(decoded).toEqual(expected);
  });

  it('names every faulty field, its cause a ValidationError with their paths', () => {
    const stored = {
      ...JSON.parse(encodeRecord(record('o'))),
      status: 'done',
      createdAt: 'yesterday',
      request: 3,
    };
    let thrown: unknown;
    try {
      decodeRecord(JSON.stringify(stored));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(StoreError);
    expect((thrown as Error).message).toBe(
      'A stored delivery cannot be read: status must be pending, sent or failed (not done); createdAt must be a number; request must be an object',
    );
    const cause = (thrown as Error).cause as ValidationError;
    expect(cause).toBeInstanceOf(ValidationError);
    expect(cause.issues.map((issue) => issue.path)).toEqual(['status', 'createdAt', 'request']);
  });
});
