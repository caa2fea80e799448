import { loadBuiltin } from '../../runtime';

/** Which file a path names: its device and inode. */
export interface FileIdentity {
  dev: bigint;
  ino: bigint;
}

interface StatFs {
  statSync(
    path: string,
    options: { bigint: true; throwIfNoEntry: false },
  ): { dev: bigint; ino: bigint } | undefined;
}

/**
 * The identity of the file at `path` now (one `stat`, ~1 µs), or `undefined` when nothing is
 * there. A SQLite connection keeps writing to its file after the path is deleted or replaced:
 * comparing this with the identity taken at open tells whether the path still names that file.
 *
 * @example
 * const opened = fileIdentity(path);
 * if (!sameFile(opened, fileIdentity(path))) rescue();
 */
export function fileIdentity(path: string): FileIdentity | undefined {
  const fs = loadBuiltin<StatFs>('node:fs');
  const stat = fs?.statSync(path, { bigint: true, throwIfNoEntry: false });
  return stat ? { dev: stat.dev, ino: stat.ino } : undefined;
}

/**
 * Whether two identities name one file (both present).
 *
 * @example
 * sameFile(fileIdentity(a), fileIdentity(b));
 */
export function sameFile(a: FileIdentity | undefined, b: FileIdentity | undefined): boolean {
  return a !== undefined && b !== undefined && a.dev === b.dev && a.ino === b.ino;
}
