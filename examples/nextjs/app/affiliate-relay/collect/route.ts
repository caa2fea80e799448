import { relay } from '../../../lib/relay';

// The collect endpoint: the browser script beacons each new click here and gets the signed cookie.
export const POST = (request: Request) => relay.handleCollect(request);
