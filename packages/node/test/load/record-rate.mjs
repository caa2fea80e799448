// Conversions recorded per second by each store (issue 10's benchmark, not a test): the write that
// recordConversion commits before its one network attempt, one conversion's delivery per create, as
// a checkout does. SQLite (WAL, synchronous NORMAL: the default; and FULL) and memory, in the same
// run, alternating, 5 rounds; prints the median of each and writes JSON to --json when given.
//
//   node test/load/record-rate.mjs [--count 5000] [--rounds 5] [--json out.json]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createMemoryStore, createSqliteStore } from '@affiliate-relay/node/store';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '5000' },
    rounds: { type: 'string', default: '5' },
    json: { type: 'string' },
  },
});
const COUNT = Number(values.count);
const ROUNDS = Number(values.rounds);
const dir = mkdtempSync(join(tmpdir(), 'ar-rate-'));

const stores = {
  memory: () => createMemoryStore(),
  'sqlite NORMAL (default)': (round) => createSqliteStore({ path: join(dir, `normal-${round}.db`) }),
  'sqlite FULL': (round) => createSqliteStore({ path: join(dir, `full-${round}.db`), synchronous: 'FULL' }),
};

function delivery(i, now) {
  return {
    kind: 'order',
    key: `rate-${i}`,
    network: 'avantlink',
    status: 'pending',
    attempts: 1,
    createdAt: now,
    updatedAt: now,
    nextAttemptAt: now,
    lockedUntil: now + 300_000,
    lockToken: 'checkout',
    owner: 'bench',
    request: {
      avad: '77_f3afbe121',
      visitorIds: ['vis_3f2c1a97'],
      userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Safari/17.5',
      currentUrl: 'https://shop.test/checkout/thanks',
      order: {
        orderId: `rate-${i}`,
        subtotal: 100,
        currency: 'USD',
        items: [{ parentSku: 'TENT', price: 100, quantity: 1 }],
      },
    },
  };
}

const results = Object.fromEntries(Object.keys(stores).map((name) => [name, []]));
for (let round = 0; round < ROUNDS; round += 1) {
  for (const [name, make] of Object.entries(stores)) {
    const store = make(round);
    const now = Date.now();
    const started = performance.now();
    for (let i = 0; i < COUNT; i += 1) await store.create([delivery(i, now)]);
    results[name].push(COUNT / ((performance.now() - started) / 1_000));
    await store.close?.();
  }
}
rmSync(dir, { recursive: true, force: true });

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const summary = Object.fromEntries(
  Object.entries(results).map(([name, rates]) => [name, Math.round(median(rates))]),
);
console.log(
  `conversions recorded per second (${COUNT} per round, median of ${ROUNDS}, Node ${process.version}):`,
);
for (const [name, rate] of Object.entries(summary)) {
  console.log(
    `  ${name.padEnd(24)} ${String(rate).padStart(7)}/s  (${(rate / summary.memory).toFixed(2)}x memory)`,
  );
}
if (values.json)
  writeFileSync(
    values.json,
    `${JSON.stringify({ count: COUNT, rounds: ROUNDS, node: process.version, perSecond: summary }, null, 2)}\n`,
  );
