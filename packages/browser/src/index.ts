export type { Touch } from '@affiliate-relay/core';
export type { BeaconBody } from './beacon-body';
export { type AffiliateRelay, init } from './init';
export type { AffiliateRelayOptions, ConsentState, ScriptTagData } from './options';
