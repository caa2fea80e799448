// The floor of the collect endpoint, written by hand on node built-ins: the least a server can do and still
// do the relay's duties for a beacon (issue 25). It caps the body (MAX_BEACON_BYTES, else 413), parses the
// JSON (else 400), checks the fields (touches, each with a network, a click id and a time; the visitor id;
// else 400), signs the cookie it sets with one HMAC-SHA256, writes the beacon's click with one SQLite
// `INSERT OR IGNORE` (WAL, synchronous NORMAL, as the relay's store opens its file) and answers 204 with the
// `Set-Cookie`. What it leaves out, the relay does too: it neither reads nor verifies the cookie the request
// brings, merges no older clicks, and sends no click to AvantLink (the relay's worker sends each new one).
import { createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { MAX_BEACON_BYTES } from '@affiliate-relay/core';
import { COOKIE_SECRET } from './constants.mjs';

const MAX_AGE = 30 * 24 * 3600;

function fail(res, status, reason) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(`{"error":"${reason}"}`);
}

function checkBeacon(beacon) {
  if (typeof beacon !== 'object' || beacon === null) return 'not_an_object';
  if (typeof beacon.visitorId !== 'string' || beacon.visitorId.length > 64) return 'bad_visitor';
  if (!Array.isArray(beacon.touches) || beacon.touches.length === 0 || beacon.touches.length > 4) {
    return 'bad_touches';
  }
  for (const touch of beacon.touches) {
    if (touch?.network !== 'avantlink' && touch?.network !== 'aflite') return 'bad_network';
    if (typeof touch.clickId !== 'string' || touch.clickId.length === 0 || touch.clickId.length > 128) {
      return 'bad_click_id';
    }
    if (!Number.isFinite(touch.capturedAt)) return 'bad_time';
  }
  return undefined;
}

/** A node:http listener doing the collect endpoint's duties at their least; `close()` closes its file. */
export function floorCollectListener() {
  const db = new DatabaseSync(join(mkdtempSync(join(tmpdir(), 'ar-bench-floor-')), 'floor.db'));
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('CREATE TABLE clicks (key TEXT PRIMARY KEY, visitor TEXT NOT NULL, at INTEGER NOT NULL)');
  const insert = db.prepare('INSERT OR IGNORE INTO clicks (key, visitor, at) VALUES (?, ?, ?)');
  const listener = (req, res) => {
    const chunks = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BEACON_BYTES) over = true;
      else chunks.push(chunk);
    });
    req.once('end', () => {
      if (over) return fail(res, 413, 'too_large');
      let beacon;
      try {
        beacon = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return fail(res, 400, 'bad_json');
      }
      const problem = checkBeacon(beacon);
      if (problem) return fail(res, 400, problem);
      const touch = beacon.touches.at(-1);
      const payload = Buffer.from(
        JSON.stringify({
          v: beacon.visitorId,
          t: beacon.touches.map((t) => [t.network, t.clickId, t.capturedAt]),
        }),
      ).toString('base64url');
      const signature = createHmac('sha256', COOKIE_SECRET).update(payload).digest('base64url');
      insert.run(`${touch.network}|${touch.clickId}|${beacon.visitorId}`, beacon.visitorId, touch.capturedAt);
      res.writeHead(204, {
        'set-cookie': `ar_attr=${payload}.${signature}; Max-Age=${MAX_AGE}; Path=/; HttpOnly; SameSite=Lax`,
      });
      res.end();
    });
  };
  return { listener, close: () => db.close() };
}
