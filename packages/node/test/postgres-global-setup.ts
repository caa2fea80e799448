import { execFile } from 'node:child_process';
import { chown, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

/*
 * Starts a throwaway PostgreSQL cluster for the PostgreSQL store's tests (about 1 s), on 127.0.0.1
 * and a free port, and removes it afterwards. `TEST_DATABASE_URL` uses that server instead.
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

const run = promisify(execFile);
const DATABASE = 'affiliate_relay_test';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    project.provide('postgresUrl', external);
    project.provide('postgresError', '');
    return async () => undefined;
  }
  let cluster: Cluster | undefined;
  try {
    cluster = await startCluster();
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

interface Cluster {
  url: string;
  stop(): Promise<void>;
}

async function startCluster(): Promise<Cluster> {
  const bin = await findBinDir();
  const dir = await mkdtemp(join(tmpdir(), 'affiliate-relay-pg-'));
  const data = join(dir, 'data');
  // initdb refuses to run as root: the cluster then belongs to the `postgres` user.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const [{ stdout: uid }, { stdout: gid }] = await Promise.all([
      run('id', ['-u', 'postgres']),
      run('id', ['-g', 'postgres']),
    ]);
    await chown(dir, Number(uid), Number(gid));
  }
  const pgRun = (tool: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]) : run(join(bin, tool), args);
  const pgCtl = (args: string[]) => pgRun('pg_ctl', ['-D', data, ...args]);
  let started = false;
  try {
    await pgRun('initdb', ['-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync', '-D', data]);
    const port = await freePort();
    // `-l` sends the server's output to a file: inherited pipes would keep this process waiting.
    const settings = `-p ${port} -k '${dir}' -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
    await pgCtl(['-o', settings, '-l', join(dir, 'server.log'), '-w', '-t', '30', 'start']).catch(
      async (error: unknown) => {
        const log = await readFile(join(dir, 'server.log'), 'utf8').catch(() => '');
        throw new Error(`pg_ctl start failed: ${String(error)}\n${log.slice(-2000)}`);
      },
    );
    started = true;
    const root = `postgresql://postgres@127.0.0.1:${port}`;
    const client = new pg.Client({ connectionString: `${root}/postgres` });
    await client.connect();
    await client.query(`CREATE DATABASE ${DATABASE}`).finally(() => client.end());
    return {
      url: `${root}/${DATABASE}`,
      async stop() {
        await pgCtl(['-m', 'fast', '-w', 'stop']).catch(() => undefined);
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    if (started) await pgCtl(['-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** `POSTGRES_BIN_DIR`, else the newest of Debian's `/usr/lib/postgresql/<version>/bin`. */
async function findBinDir(): Promise<string> {
  if (process.env.POSTGRES_BIN_DIR) return process.env.POSTGRES_BIN_DIR;
  const versions = await readdir('/usr/lib/postgresql').catch(() => [] as string[]);
  const newest = versions.filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error('no /usr/lib/postgresql/<version>/bin/initdb found');
  return join('/usr/lib/postgresql', newest, 'bin');
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no free port on 127.0.0.1');
  return address.port;
}
