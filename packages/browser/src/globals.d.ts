/**
 * Replaced at build time: `true` in the npm builds (ESM, CJS) and in tests, `false` in the script-tag build,
 * where every `if (__AR_DEBUG_BUILD__)` branch, with its log strings, is removed by the minifier.
 */
declare const __AR_DEBUG_BUILD__: boolean;
