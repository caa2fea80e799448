/**
 * Where the running instance is kept: on the window, under a registered symbol, so that every copy of the
 * script in the page (two tags, the npm build beside the script tag) and the consent entry find the same one.
 */
export const INSTANCE = Symbol.for('affiliate-relay');
