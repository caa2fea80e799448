/** Where a command writes and what it reads: the process's own in `bin`, buffers in tests. */
export interface CommandIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** The environment the shop's configuration is read from. */
  env: Readonly<Record<string, string | undefined>>;
  /** Where relative paths (`--config`) start. Default: `process.cwd()`. */
  cwd?: string;
}

/** What the command line talks to. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Whether the output is a terminal (then colours, unless `NO_COLOR`). */
  isTTY: boolean;
  now?: () => number;
}
