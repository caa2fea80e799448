import { readFileSync } from 'node:fs';

/**
 * CPU time a process has used so far (user + system), in ms, from /proc (Linux); undefined elsewhere.
 * Under a shared machine's load, CPU per request moves much less than requests per second.
 */
export function processCpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / 100;
  } catch {
    return undefined;
  }
}
