/** What the command line talks to: the process's own in `main.ts`, buffers in tests. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** The environment (the store's `DATABASE_URL`, the shop's configuration for the doctor). */
  env: Record<string, string | undefined>;
  /** Where relative paths (`--db`, `--config`) start. */
  cwd: string;
  /** Whether the output is a terminal (then colours, unless `NO_COLOR`). */
  isTTY: boolean;
  now?: () => number;
}
