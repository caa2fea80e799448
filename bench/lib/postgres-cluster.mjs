// A throwaway PostgreSQL cluster for the fleet figure, started as the node package's tests start theirs
// (packages/node/test/postgres-global-setup.ts): Debian's initdb and pg_ctl, 127.0.0.1 on a free port, fsync
// off, in a temporary folder removed by `stop()`. As root, the cluster belongs to the `postgres` user.
// `BENCH_DATABASE_URL` uses that database instead (its tables are created if missing and emptied per run).
import { execFile } from 'node:child_process';
import { chown, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const DATABASE = 'affiliate_relay_bench';

async function binDir() {
  if (process.env.POSTGRES_BIN_DIR) return process.env.POSTGRES_BIN_DIR;
  const versions = await readdir('/usr/lib/postgresql').catch(() => []);
  const newest = versions.filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error('no /usr/lib/postgresql/<version>/bin/initdb (apt-get install -y postgresql)');
  return join('/usr/lib/postgresql', newest, 'bin');
}

async function freePort() {
  const server = createServer();
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts the cluster; resolves `{ url, stop() }`. */
export async function startPostgres() {
  if (process.env.BENCH_DATABASE_URL) return { url: process.env.BENCH_DATABASE_URL, stop: async () => {} };
  const bin = await binDir();
  const dir = await mkdtemp(join(tmpdir(), 'ar-bench-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const [{ stdout: uid }, { stdout: gid }] = await Promise.all([
      run('id', ['-u', 'postgres']),
      run('id', ['-g', 'postgres']),
    ]);
    await chown(dir, Number(uid), Number(gid));
  }
  const pgRun = (tool, args) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]) : run(join(bin, tool), args);
  const pgCtl = (args) => pgRun('pg_ctl', ['-D', data, ...args]);
  let started = false;
  try {
    await pgRun('initdb', ['-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync', '-D', data]);
    const port = await freePort();
    const options = `-p ${port} -k '${dir}' -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
    await pgCtl(['-o', options, '-l', join(dir, 'server.log'), '-w', '-t', '30', 'start']).catch(
      async (error) => {
        const log = await readFile(join(dir, 'server.log'), 'utf8').catch(() => '');
        throw new Error(`pg_ctl start failed: ${error.message}\n${log.slice(-2000)}`);
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
