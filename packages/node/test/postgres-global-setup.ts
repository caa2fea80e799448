import type { TestProject } from 'vitest/node';
import { type PostgresCluster, startPostgresCluster } from '../../../tooling/postgres-cluster';

/*
 * Starts a throwaway PostgreSQL cluster for the PostgreSQL store's tests (about 1 s, see
 * tooling/postgres-cluster.ts), on 127.0.0.1 and a free port, and removes it afterwards. `TEST_DATABASE_URL` uses that server instead.
 *
 * A cluster that cannot start never aborts the run: its reason is provided to the tests, and every
 * PostgreSQL test then FAILS with it (see `test/postgres.ts`), while the other tests still run.
 */

declare module 'vitest' {
  export interface ProvidedContext {
    /** The test database's URL, or '' when none could be started. */
    postgresUrl: string;
    /** Why no database is available ('' when one is). */
    postgresError: string;
  }
}

const DATABASE = 'affiliate_relay_test';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    project.provide('postgresUrl', external);
    project.provide('postgresError', '');
    return async () => undefined;
  }
  let cluster: PostgresCluster | undefined;
  try {
    cluster = await startPostgresCluster(DATABASE);
    project.provide('postgresUrl', cluster.url);
    project.provide('postgresError', '');
  } catch (error) {
    project.provide('postgresUrl', '');
    project.provide(
      'postgresError',
      `Could not start a throwaway PostgreSQL (Debian: apt-get install -y postgresql, or set TEST_DATABASE_URL): ${
        error instanceof Error ? error.message : String(error)
      }`,
    );
  }
  return async () => {
    await cluster?.stop();
  };
}
