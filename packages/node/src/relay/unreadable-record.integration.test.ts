import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { fakeNetworksConfig, useFakeNetworks } from '../../test/fixtures/fake-networks';
import { SECRET } from '../../test/fixtures/relay';
import { createSqliteStore } from '../delivery/sqlite/store';
import { record } from '../delivery/store-records.contract';
import { createRelay } from './create-relay';
import type { RelayEvent } from './events';

/*
 * A stored delivery hand-corrupted under a running relay: its worker goes on, the others are sent, and the
 * operator is told which delivery and which field (a `warning` event), while the row is kept, marked failed.
 */
const dir = mkdtempSync(join(tmpdir(), 'ar-unreadable-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a corrupt stored record under a running relay', () => {
  const fakes = useFakeNetworks();

  it('never stops the worker: the other deliveries are sent, and a warning names the field', async () => {
    const path = join(dir, 'deliveries.db');
    const store = createSqliteStore({ path });
    const events: RelayEvent[] = [];
    const relay = createRelay({
      ...fakeNetworksConfig(fakes),
      cookie: { secret: SECRET },
      store,
      logger: (event) => events.push(event),
    });
    const request = (orderId: string) => ({
      clickSessionId: 'abc123',
      goalId: '7',
      merchantRef: orderId,
      value: 10,
    });
    for (const orderId of ['A-1', 'A-2', 'A-3']) {
      await store.create([
        record(orderId, { request: request(orderId), createdAt: Date.now(), nextAttemptAt: 0 }),
      ]);
    }
    const db = new DatabaseSync(path);
    db.prepare(
      "UPDATE affiliate_relay_deliveries SET record = json_set(record, '$.status', 'done') WHERE key = 'A-2'",
    ).run();
    db.close();
    expect(await relay.flush()).toMatchObject({ completed: true });
    expect(fakes.aflite.goals.map((goal) => goal.mref).sort()).toEqual(['A-1', 'A-3']);
    expect(events.filter((event) => event.type === 'warning')).toEqual([
      {
        type: 'warning',
        code: 'unreadable-record',
        message: expect.stringMatching(
          /status must be pending, sent or failed \(not done\) \(the order A-2 to aflite/,
        ),
      },
    ]);
    expect(await relay.status()).toMatchObject({ pending: 0, failed: 1 });
    await relay.close();
  });
});
