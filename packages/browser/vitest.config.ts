import { packageTestConfig } from '../../tooling/vitest';

// Tests run the npm build's code paths: debug logging compiled in, as in dist/index.js.
export default { ...packageTestConfig(), define: { __AR_DEBUG_BUILD__: 'true' } };
