/*
 * The command line's arguments: a command, its positional arguments and `--flag` / `--option value`
 * pairs. Small on purpose (no dependency): the commands take a handful of options each.
 */

/** Arguments as parsed. */
export interface ParsedArgs {
  command: string | undefined;
  positional: string[];
  /** `--name value` options. */
  options: Record<string, string>;
  /** `--name` flags. */
  flags: Set<string>;
}

/** The options that take a value; every other `--name` is a flag. */
const VALUED = new Set(['db', 'network', 'limit', 'schema', 'table']);

/** A usage error (exit code 2). */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * @example
 * parseArgs(['why', 'o-1', '--json', '--db', 'x.db']);
 * // { command: 'why', positional: ['o-1'], options: { db: 'x.db' }, flags: Set { 'json' } }
 */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const parsed: ParsedArgs = { command: undefined, positional: [], options: {}, flags: new Set() };
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!;
    if (arg === '-h') {
      parsed.flags.add('help');
      continue;
    }
    if (!arg.startsWith('--')) {
      if (parsed.command === undefined) parsed.command = arg;
      else parsed.positional.push(arg);
      continue;
    }
    const [name = '', inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (!VALUED.has(name)) {
      parsed.flags.add(name);
      continue;
    }
    if (inline === undefined) index += 1;
    const value = inline ?? argv[index];
    if (value === undefined || value === '') throw new UsageError(`--${name} needs a value`);
    parsed.options[name] = value;
  }
  return parsed;
}
