/*
 * Entry `@affiliate-relay/browser/debug`: the same `init` with debug logging compiled in, for development
 * (`init({ debug: true })` logs each step with console.info). The main entry and the script tag compile the
 * logging out, so a shop's production bundle carries none of it. Both entries share the running instance
 * (see INSTANCE in init.ts): importing one in a page where the other started returns that instance.
 */
export type { Beacon, Touch } from '@affiliate-relay/core';
export { type AffiliateRelay, init } from './init';
export type { AffiliateRelayOptions, ConsentState, ScriptTagData } from './options';
