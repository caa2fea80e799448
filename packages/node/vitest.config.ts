import { packageTestConfig } from '../../tooling/vitest.ts';

// A throwaway PostgreSQL for the PostgreSQL store's tests (or TEST_DATABASE_URL's server).
export default packageTestConfig({ globalSetup: ['./test/postgres-global-setup.ts'] });
