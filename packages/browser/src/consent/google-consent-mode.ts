import type { ConsentSource } from './watch';

/**
 * The `ad_storage` of a Google Consent Mode v2 `update` command, as gtag pushes it to the data layer (its
 * `arguments`): true for `'granted'`, false for `'denied'`. Anything else is no decision (undefined): a
 * `default` (the shop's assumption before the visitor chose, often region by region), an unset `ad_storage`,
 * another command, garbage.
 *
 * @example
 * adStorageUpdate(['consent', 'update', { ad_storage: 'granted' }]); // → true
 * adStorageUpdate(['consent', 'default', { ad_storage: 'granted' }]); // → undefined
 */
export function adStorageUpdate(entry: unknown): boolean | undefined {
  const command = entry as ArrayLike<{ ad_storage?: unknown } | string> | undefined;
  if (command?.[0] !== 'consent' || command[1] !== 'update') return;
  const value = (command[2] as { ad_storage?: unknown }).ad_storage;
  return value === 'granted' || (value === 'denied' ? false : undefined);
}

/**
 * Google Consent Mode v2 through the data layer `name` (GTM's and gtag's `dataLayer` by default): reads the
 * commands it already holds (this script after gtag) and every one pushed later (this script before it: the
 * layer is created as gtag's snippet does, `window.dataLayer = window.dataLayer || []`, and its `push` wrapped).
 *
 * @example
 * watchConsent([['gcm', googleConsentMode('dataLayer')]]);
 */
export function googleConsentMode(name: string): ConsentSource {
  return (vote) => {
    const page = globalThis as unknown as Record<string, unknown[]>;
    page[name] ??= [];
    const layer = page[name];
    const read = (entries: unknown[]) => {
      for (const entry of entries) vote(() => adStorageUpdate(entry));
    };
    read(layer);
    const push = layer.push;
    layer.push = function (this: unknown[], ...entries) {
      const length = push.apply(this, entries);
      read(entries);
      return length;
    };
    return true;
  };
}
