/**
 * A Node built-in module, loaded only where the runtime has it (`process.getBuiltinModule`, Node
 * 22.3+), else `undefined`. The package's entries import no `node:` module, so they still load on
 * Workers and edge runtimes; what needs Node asks here, when it is used.
 *
 * @example
 * const sqlite = loadBuiltin<typeof import('node:sqlite')>('node:sqlite');
 */
export function loadBuiltin<T>(name: string): T | undefined {
  const get = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
    ?.getBuiltinModule;
  if (typeof get !== 'function') return undefined;
  try {
    return (get(name) as T | undefined) ?? undefined;
  } catch {
    return undefined;
  }
}
