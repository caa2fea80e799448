import { packageTestConfig } from '../../tooling/vitest.ts';

// A throwaway PostgreSQL for the PostgreSQL store's tests (or TEST_DATABASE_URL's server). A relay
// made without a store gets the default SQLite store, here in memory: one per relay, so tests that
// reuse order ids never share a file.
export default packageTestConfig({
  globalSetup: ['./test/postgres-global-setup.ts'],
  env: { AFFILIATE_RELAY_DB: ':memory:' },
});
