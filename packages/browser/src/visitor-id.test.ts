import { isVisitorId as coreIsVisitorId } from '@affiliate-relay/core';
import { describe, expect, it } from 'vitest';
import { isVisitorId, newVisitorId } from './visitor-id';

describe('the visitor-id check', () => {
  it("is core's own (the one definition the server and visitorIdSchema use), not a copy", () => {
    expect(isVisitorId).toBe(coreIsVisitorId);
  });
});

describe('newVisitorId', () => {
  it('uses crypto.randomUUID where the browser has it', () => {
    const id = newVisitorId({ randomUUID: () => '3b241101-e2bb-4255-8caf-4136c566a962' });
    expect(id).toBe('3b241101-e2bb-4255-8caf-4136c566a962');
    expect(isVisitorId(id)).toBe(true);
  });

  it('makes 32 hex characters from getRandomValues without randomUUID (insecure contexts)', () => {
    const id = newVisitorId({
      getRandomValues: <T extends ArrayBufferView | null>(array: T) => {
        (array as unknown as Uint8Array).fill(0xab).set([0, 1, 255]);
        return array;
      },
    });
    expect(id).toBe(`0001ff${'ab'.repeat(13)}`);
    expect(isVisitorId(id)).toBe(true);
  });

  it('still makes a valid, varying id without any crypto, or when crypto throws', () => {
    const throwing = {
      randomUUID: (): `${string}-${string}-${string}-${string}-${string}` => {
        throw new Error('not allowed');
      },
    };
    const ids = [newVisitorId(undefined), newVisitorId(throwing), newVisitorId({})];
    for (const id of ids) expect(isVisitorId(id)).toBe(true);
    expect(new Set(ids).size).toBe(3);
  });

  it('uses the real crypto by default', () => {
    const id = newVisitorId();
    expect(isVisitorId(id)).toBe(true);
    expect(newVisitorId()).not.toBe(id);
  });
});

describe('isVisitorId', () => {
  it.each([
    '',
    'short',
    'a'.repeat(65),
    'has space in it',
    '<script>x</script>',
    'ünïcödé-id',
    undefined,
    42,
  ])('refuses %s', (value) => {
    expect(isVisitorId(value)).toBe(false);
  });
});
