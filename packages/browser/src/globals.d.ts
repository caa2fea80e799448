/**
 * Replaced at build time: `true` in the `@affiliate-relay/browser/debug` build and in tests, `false` in the main
 * npm entry and the script-tag build, where every `if (__AR_DEBUG_BUILD__)` branch, with its log strings, is removed.
 */
declare const __AR_DEBUG_BUILD__: boolean;
