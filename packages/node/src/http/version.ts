import { version } from '../../package.json';

/** Version of this package, read from its package.json when it is built. */
export const SDK_VERSION: string = version;

/**
 * The server `User-Agent` the clients send by default. The shopper's browser UA never goes in
 * this header: AvantLink wants it in the body (`user_agent`).
 */
export const DEFAULT_SERVER_USER_AGENT = `affiliate-relay-node/${SDK_VERSION}`;
