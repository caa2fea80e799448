export type { Beacon, Touch } from '@affiliate-relay/core';
export { type AffiliateRelay, init } from './init';
export type { AffiliateRelayOptions, ConsentState, ScriptTagData } from './options';
