import { isErrorNamed } from '@affiliate-relay/core';
import { parseArgs, UsageError } from './args';
import { COMMANDS, type CommandContext, EXIT } from './commands';
import { painter } from './format';
import type { CliIo } from './io';
import { openStore } from './open-store';

/*
 * The command line without the process: `run(argv, io)` dispatches to the command table and resolves
 * the exit code, so tests drive it in-process; `main.ts` gives it the real process.
 */

/**
 * @example
 * const code = await run(['why', 'o-1', '--db', 'deliveries.db'], io);
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(argv);
  } catch (error) {
    io.err(`affiliate-relay: ${(error as Error).message}\n${usage()}`);
    return EXIT.usage;
  }
  const command = args.command === undefined ? undefined : COMMANDS[args.command];
  if (!command || args.flags.has('help')) {
    const wanted = args.command === undefined || args.command === 'help' || args.flags.has('help');
    if (wanted) io.out(usage(command ? args.command : undefined));
    else io.err(`affiliate-relay: unknown command ${args.command}\n${usage()}`);
    return wanted ? EXIT.ok : EXIT.usage;
  }
  const context: CommandContext = {
    args,
    argv: argv.slice(argv.indexOf(args.command!) + 1),
    io,
    openStore: () => openStore({ options: args.options, env: io.env, cwd: io.cwd }),
    out: io.out,
    paint: painter(io.isTTY && !io.env.NO_COLOR),
    now: io.now ?? Date.now,
  };
  try {
    return await command.run(context);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`affiliate-relay ${args.command}: ${error.message}\n`);
      return EXIT.usage;
    }
    const message =
      isErrorNamed(error, 'StoreError') || error instanceof Error ? error.message : String(error);
    io.err(`affiliate-relay ${args.command}: ${message}\n`);
    return EXIT.error;
  }
}

function usage(only?: string): string {
  const entries = Object.entries(COMMANDS).filter(([name]) => !only || name === only);
  const lines = entries.map(
    ([, command]) => `  affiliate-relay ${command.usage.padEnd(48)} ${command.summary}`,
  );
  return `Usage:\n${lines.join('\n')}\n\nThe store: --db <file> (SQLite), else DATABASE_URL (PostgreSQL; --schema, --table), else AFFILIATE_RELAY_DB, else ./.affiliate-relay/deliveries.db.\nExit codes: 0 done, 1 error (the store could not be read), 2 usage, 3 no such order.\n`;
}
