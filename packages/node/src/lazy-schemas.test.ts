import { describe, expect, it, vi } from 'vitest';

describe('loadSchemas', () => {
  it('refuses schemas() before it resolved, then gives the same loaded module every time', async () => {
    // A fresh module instance: other test files may have loaded the schemas in theirs.
    vi.resetModules();
    const { loadSchemas, schemas } = await import('./lazy-schemas');
    expect(() => schemas()).toThrow(/before loadSchemas\(\) resolved/);
    const first = loadSchemas();
    expect(loadSchemas()).toBe(first);
    const loaded = await first;
    expect(schemas()).toBe(loaded);
    expect(loaded.savedAttributionSchema.safeParse({ touches: [] }).success).toBe(true);
    expect(loaded.beaconSchema.safeParse({}).success).toBe(false);
  });
});
