import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * Starts `node script ...args` as a separate process and resolves once it prints its first line, a
 * JSON object (e.g. `{ "url": "http://127.0.0.1:40123" }`). `stop()` ends it (SIGTERM) and resolves
 * with the JSON of its last line, if it printed one on the way out; `finished()` waits for it to end on its
 * own and resolves the same.
 */
export function startChild(script, args = [], { env = {}, nodeArgs = [] } = {}) {
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  const lines = [];
  const waiting = [];
  const reader = createInterface({ input: child.stdout });
  // 'close': after the process ended and its stdout was read to the end (its last line is in).
  let closed = false;
  const exited = new Promise((resolve) =>
    child.once('close', (code, signal) => {
      closed = true;
      for (const waiter of waiting.splice(0)) waiter();
      resolve(code ?? signal);
    }),
  );
  const ready = new Promise((resolve, reject) => {
    reader.on('line', (line) => {
      lines.push(line);
      for (const waiter of waiting.splice(0)) waiter();
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
  const lastJson = () => {
    const last = lines.at(-1);
    if (lines.length < 2 || !last) return undefined;
    try {
      return JSON.parse(last);
    } catch {
      return undefined;
    }
  };
  return ready.then((info) => ({
    info,
    pid: child.pid,
    /** Sends `signal` to the process. */
    signal: (signal) => child.kill(signal),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      return lastJson();
    },
    /** Resolves the JSON of the process's `n`th line (1 is the ready line), once printed. */
    async line(n) {
      while (lines.length < n) {
        if (closed) throw new Error(`${script} ${args.join(' ')} ended before its line ${n}`);
        await new Promise((resolve) => waiting.push(resolve));
      }
      return JSON.parse(lines[n - 1]);
    },
    async finished() {
      const code = await exited;
      if (code !== 0) throw new Error(`${script} ${args.join(' ')} ended with ${code}`);
      return lastJson();
    },
  }));
}
