import { loadBuiltin } from '../../runtime';

// A container's writable layer (overlay) and memory (tmpfs: /tmp on many systems, /dev/shm).
const EPHEMERAL = new Set(['overlay', 'tmpfs', 'ramfs']);

interface Fs {
  readFileSync(path: string, encoding: 'utf8'): string;
  realpathSync(path: string): string;
}

/**
 * The filesystem type of `folder` when it is one whose files do not outlive a redeploy or reboot
 * (`overlay`, a container's writable layer; `tmpfs`/`ramfs`, memory), else `undefined`. Reads
 * `/proc/self/mountinfo` (Linux) and takes the mount point that holds the folder's real path; on
 * other systems, or when it cannot tell, `undefined`.
 *
 * @example
 * ephemeralFilesystem('/tmp/shop'); // 'tmpfs'
 */
export function ephemeralFilesystem(folder: string, mountinfo?: string): string | undefined {
  const fs = loadBuiltin<Fs>('node:fs');
  if (!fs) return undefined;
  let real: string;
  let table: string;
  try {
    real = fs.realpathSync(folder);
    table = mountinfo ?? fs.readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return undefined;
  }
  let best: { point: string; type: string } | undefined;
  for (const line of table.split('\n')) {
    // id parent major:minor root mount-point options [optional…] - type source super-options
    const fields = line.split(' ');
    const dash = fields.indexOf('-');
    if (dash < 6 || !fields[4] || !fields[dash + 1]) continue;
    const point = fields[4].replace(/\\([0-7]{3})/g, (_, octal: string) =>
      String.fromCharCode(Number.parseInt(octal, 8)),
    );
    const inside = point === '/' || real === point || real.startsWith(`${point}/`);
    // The last of equal mount points is the one on top.
    if (inside && (!best || point.length >= best.point.length)) best = { point, type: fields[dash + 1]! };
  }
  return best && EPHEMERAL.has(best.type) ? best.type : undefined;
}
