import { runDoctor } from './doctor/doctor';
import type { CommandIo } from './io';

/** One command of `affiliate-relay`: a line of help, and what runs it (resolves the exit code). */
export interface Command {
  summary: string;
  run(argv: readonly string[], io: CommandIo): Promise<number>;
}

/** The commands of `affiliate-relay`, by name: a new command is one entry here. */
export const COMMANDS: Readonly<Record<string, Command>> = {
  doctor: {
    summary: 'check a shop before it goes live (config, --url, --send-test, --json)',
    run: runDoctor,
  },
};
