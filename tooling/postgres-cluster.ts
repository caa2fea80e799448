import { execFile } from 'node:child_process';
import { chown, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/*
 * A throwaway PostgreSQL cluster (about 1 s): Debian's initdb and pg_ctl, on 127.0.0.1 and a free port,
 * fsync off, in a temporary folder that `stop()` removes. initdb refuses to run as root: the cluster then
 * belongs to the `postgres` user. The node package's store tests (test/postgres-global-setup.ts) and the
 * bench's fleet figure (bench/figures/fleet.mjs) start theirs with it. Plain erasable TypeScript: Node runs
 * it as it is from the bench's .mjs files.
 */

const run = promisify(execFile);

/** A running cluster: `url` names its one database. */
export interface PostgresCluster {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts a cluster and creates `database` in it.
 *
 * @example
 * const cluster = await startPostgresCluster('affiliate_relay_test');
 * const pool = new pg.Pool({ connectionString: cluster.url });
 * await cluster.stop();
 */
export async function startPostgresCluster(database: string): Promise<PostgresCluster> {
  const bin = await findBinDir();
  const dir = await mkdtemp(join(tmpdir(), 'affiliate-relay-pg-'));
  const data = join(dir, 'data');
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
    await pgRun('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', database]);
    return {
      url: `postgresql://postgres@127.0.0.1:${port}/${database}`,
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
