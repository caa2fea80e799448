import type * as CoreSchemas from '@affiliate-relay/core/schemas';
import type * as Zod from 'zod';

/*
 * zod and core's schemas are loaded on first need, not when the package is imported: they are most
 * of `import('@affiliate-relay/node')`'s cost (BENCHMARKS.md, cold import), and a server that only
 * mounts the collect endpoint may not need them at all. Every async entry point that validates
 * awaits `loadSchemas()` first; the synchronous builders below it then read them with `schemas()`.
 * NOTE: both are dynamic `import()`s of external packages on purpose: a static import, even in a
 * module that is itself imported lazily, is hoisted to the top of the bundle by tsup.
 */

/** core's schemas, zod itself, and the node package's own schema built from both. */
export type Schemas = typeof CoreSchemas & {
  z: typeof Zod;
  savedAttributionSchema: ReturnType<typeof savedAttributionSchema>;
};

let loaded: Schemas | undefined;
let loading: Promise<Schemas> | undefined;

/**
 * Loads the schemas once (later calls get the same promise).
 *
 * @example
 * await loadSchemas();
 * const order = schemas().parseOrThrow(schemas().orderInputSchema, input.order, 'order');
 */
export function loadSchemas(): Promise<Schemas> {
  loading ??= Promise.all([import('@affiliate-relay/core/schemas'), import('zod')]).then(([core, z]) => {
    loaded = { ...core, z, savedAttributionSchema: savedAttributionSchema(core, z) };
    return loaded;
  });
  return loading;
}

/**
 * Starts loading the schemas without waiting: the clients' constructors call it, so that a server's
 * first beacon or call does not pay for it (a failure shows when a call awaits `loadSchemas()`).
 *
 * @example
 * preloadSchemas();
 */
export function preloadSchemas(): void {
  loadSchemas().catch(() => undefined);
}

/**
 * The schemas, once `loadSchemas()` has resolved. Throws otherwise: a caller that did not await
 * `loadSchemas()` is a bug of this package, never a shop's mistake.
 *
 * @example
 * schemas().parseOrThrow(schemas().afliteGoalQuerySchema, query, 'Aflite goal query');
 */
export function schemas(): Schemas {
  if (!loaded) throw new Error('affiliate-relay: schemas used before loadSchemas() resolved');
  return loaded;
}

// An attribution saved with a cart, as `relay.attributionFrom()` gave it.
function savedAttributionSchema(core: typeof CoreSchemas, z: typeof Zod) {
  return z.object({
    visitorId: core.visitorIdSchema.optional(),
    touches: z.array(core.touchSchema).max(4),
    source: z.enum(['server-cookie', 'browser-cookie', 'none']).optional(),
    userAgent: z.string().max(512).optional(),
    consent: z
      .object({ source: z.string().regex(/^[a-z0-9_-]{1,32}$/), at: z.number().int().positive() })
      .optional(),
  });
}
