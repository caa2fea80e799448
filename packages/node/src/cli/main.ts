import { COMMANDS } from './commands';
import type { CommandIo } from './io';

/**
 * `affiliate-relay <command> [options]`: runs the command named first and resolves its exit code
 * (2 for an unknown command, with the list of commands).
 *
 * @example
 * process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
 */
export async function main(argv: readonly string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  const command = name === undefined ? undefined : COMMANDS[name];
  if (!command) {
    const list = Object.entries(COMMANDS).map(([each, { summary }]) => `  ${each.padEnd(10)} ${summary}`);
    const head =
      name === undefined || name === '--help' || name === '-h' ? '' : `unknown command ${name}\n\n`;
    (head ? io.stderr : io.stdout).write(
      `${head}Usage: affiliate-relay <command> [options]\n\nCommands:\n${list.join('\n')}\n`,
    );
    return head || name === undefined ? 2 : 0;
  }
  return command.run(rest, io);
}
