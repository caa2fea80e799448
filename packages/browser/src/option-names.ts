import { closestName } from '@affiliate-relay/core';
import type { AffiliateRelayOptions } from './options';

/*
 * Only the `/debug` entry checks option names (every call site is behind `if (__AR_DEBUG_BUILD__)`): `init` never
 * throws into a shop's page, and the main entry and the script tag keep their bytes, so there a typo is silently
 * ignored, as it always was. In development, the /debug entry says so with console.warn.
 */

// Every option of AffiliateRelayOptions: `satisfies` fails to compile when the type and this list drift apart.
const OPTIONS = {
  endpoint: true,
  cookieDomain: true,
  windowDays: true,
  consent: true,
  debug: true,
  onError: true,
} satisfies Record<keyof Required<AffiliateRelayOptions>, true>;
const NAMES = Object.keys(OPTIONS);

/** `windowDays` → `data-window-days`, as a script tag spells it. */
const attribute = (key: string) => `data-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/**
 * What is wrong with the names of `options`, one line each, with the closest known name when one is near. A script
 * tag's `dataset` is named by its data attributes, and only a near miss is reported there (`data-windowdays`: did
 * you mean `data-window-days`?): a tag carries other data attributes of its own (`data-affiliate-relay`, a loader's
 * `data-nscript`), which are not ours to judge. Never throws.
 *
 * @example
 * unknownOptionWarnings({ endpiont: '/collect' }); // ['unknown option "endpiont" (ignored): did you mean "endpoint"?']
 */
export function unknownOptionWarnings(options: object): string[] {
  try {
    const dataset = typeof DOMStringMap !== 'undefined' && options instanceof DOMStringMap;
    const warnings: string[] = [];
    for (const key of Object.keys(options)) {
      if (Object.hasOwn(OPTIONS, key)) continue;
      const near = closestName(key, NAMES);
      if (dataset && !near) continue;
      const [kind, name, suggestion] = dataset
        ? ['data attribute', attribute(key), near && attribute(near)]
        : ['option', key, near];
      warnings.push(
        `unknown ${kind} "${name}" (ignored)${suggestion ? `: did you mean "${suggestion}"?` : ''}`,
      );
    }
    return warnings;
  } catch {
    return [];
  }
}
