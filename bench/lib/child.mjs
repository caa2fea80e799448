import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * Starts `node script ...args` as a separate process and resolves once it prints its first line, a
 * JSON object (e.g. `{ "url": "http://127.0.0.1:40123" }`). `stop()` ends it (SIGTERM) and resolves
 * with the JSON of its last line, if it printed one on the way out.
 */
export function startChild(script, args = [], { env = {}, nodeArgs = [] } = {}) {
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  const lines = [];
  const reader = createInterface({ input: child.stdout });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const ready = new Promise((resolve, reject) => {
    reader.on('line', (line) => {
      lines.push(line);
      if (lines.length === 1) {
        try {
          resolve(JSON.parse(line));
        } catch (error) {
          reject(new Error(`${script} printed ${line}: ${error.message}`));
        }
      }
    });
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}) before it was ready`)));
  });
  return ready.then((info) => ({
    info,
    pid: child.pid,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      const last = lines.at(-1);
      if (lines.length < 2 || !last) return undefined;
      try {
        return JSON.parse(last);
      } catch {
        return undefined;
      }
    },
  }));
}
