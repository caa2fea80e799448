import { describe, expect, it } from 'vitest';
import type { DeliveryRecord } from '../../delivery/contract';
import { record } from '../../delivery/store-records.contract';
import { explainRecords } from './explain-order';

/*
 * explainRecords on records as a store holds them: the states a test through the relay cannot stop
 * at (an attempt under way, a process that died mid-send), the worst network deciding the verdict, and
 * records of a test-mode relay.
 */

const NOW = 10_000_000;
const names = (id: string) => ({ aflite: 'Aflite', avantlink: 'AvantLink' })[id] ?? id;
const explain = (records: DeliveryRecord[]) => explainRecords('o-1', records, { now: NOW, nameOf: names });

describe('explainRecords', () => {
  it('an attempt under way (locked) is sending, never sent', () => {
    const held = record('o-1', { attempts: 1, lockedUntil: NOW + 60_000, lockToken: 't' });
    const explanation = explain([held]);
    expect(explanation).toMatchObject({ verdict: 'pending', networks: { aflite: { state: 'sending' } } });
    expect(explanation.hint).toBe('sending: attempt 1 to Aflite is under way.');
  });

  it('an attempt started with no outcome saved (the process died mid-send) says so once its lock lapsed', () => {
    const died = record('o-1', { attempts: 1, lockedUntil: NOW - 1, nextAttemptAt: NOW - 1 });
    const explanation = explain([died]);
    expect(explanation.networks.aflite).toMatchObject({ state: 'pending', unfinishedAttempt: true });
    expect(explanation.hint).toMatch(/^waiting: attempt 1 to Aflite started with no outcome saved/);
  });

  it('with two networks credited, the worst decides: refused before pending before sent', () => {
    const sent = record('o-1', { network: 'avantlink', status: 'sent', attempts: 1 });
    const refused = record('o-1', {
      status: 'failed',
      attempts: 1,
      lastError: {
        name: 'HttpError',
        message: 'Aflite register/goal answered 400: Goal ID is missing',
        status: 400,
      },
    });
    const explanation = explain([sent, refused]);
    expect(explanation.verdict).toBe('refused');
    expect(explanation.hint).toBe(
      'Aflite refused the order: Aflite register/goal answered 400: Goal ID is missing — check the goal id. Fix the cause, then Retry now.',
    );
    expect(explain([sent, record('o-1', { attempts: 1, nextAttemptAt: NOW + 1 })]).verdict).toBe('pending');
  });

  it('a failure the network could not be reached for is failed (given up), not refused', () => {
    const gone = record('o-1', {
      status: 'failed',
      attempts: 5,
      lastError: { name: 'NetworkError', message: 'connection refused', code: 'network_error' },
    });
    expect(explain([gone]).networks.aflite?.state).toBe('failed');
  });

  it('a record in test mode makes the explanation say test', () => {
    const tested = {
      ...record('o-1', { status: 'sent', attempts: 1 }),
      test: true,
    } as unknown as DeliveryRecord;
    const explanation = explain([tested]);
    expect(explanation.test).toBe(true);
    expect(explanation.hint).toMatch(/^test: Aflite took the order/);
  });

  it('redacts a secret-looking field of a stored request, should one be there', () => {
    const leaky = record('o-1', { request: { merchantRef: 'o-1', apiKey: 'should-not-be-here' } });
    expect(JSON.stringify(explain([leaky]))).not.toContain('should-not-be-here');
  });
});
