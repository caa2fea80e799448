import { explainFromStore } from '../relay/explain/explain-order';
import { makeDue } from '../relay/explain/redeliver';
import type { ParsedArgs } from './args';
import { UsageError } from './args';
import { runDoctor } from './doctor/doctor';
import { formatExplanation, formatList, formatStatus, type Paint } from './format';
import type { CliIo } from './io';
import { networkName } from './network-names';
import type { OpenedStore } from './open-store';

/*
 * The command line's commands, one entry each in COMMANDS: its usage line, what it does, and `run`,
 * which gets the parsed arguments and an opened store and resolves its exit code. A new command (the
 * `doctor`) is one more entry.
 */

/** What a command runs with. */
export interface CommandContext {
  args: ParsedArgs;
  /** The arguments after the command's name, as given (for a command that parses its own: `doctor`). */
  argv: readonly string[];
  /** The process's streams and environment. */
  io: CliIo;
  /** Opens the store (`--db`, `DATABASE_URL`…): a command that needs none never calls it. */
  openStore(): Promise<OpenedStore>;
  out(text: string): void;
  paint: Paint;
  now(): number;
}

/** One command of the table. */
export interface Command {
  usage: string;
  summary: string;
  run(context: CommandContext): Promise<number>;
}

/** Exit codes (documented in the README). */
export const EXIT = { ok: 0, error: 1, usage: 2, notFound: 3 } as const;

async function withStore<T>(context: CommandContext, work: (opened: OpenedStore) => Promise<T>): Promise<T> {
  const opened = await context.openStore();
  try {
    return await work(opened);
  } finally {
    await opened.close();
  }
}

function orderIdOf(args: ParsedArgs): string {
  const orderId = args.positional[0];
  if (!orderId) throw new UsageError('an order id is required');
  return orderId;
}

export const COMMANDS: Record<string, Command> = {
  status: {
    usage: 'status [--json]',
    summary: 'pending and failed deliveries, the oldest pending, per network',
    run: (context) =>
      withStore(context, async ({ store, label }) => {
        const stats = await store.stats();
        const byNetwork = await store.countByNetwork?.();
        if (context.args.flags.has('json')) {
          context.out(
            `${JSON.stringify({ store: label, ...stats, ...(byNetwork ? { byNetwork } : {}) }, null, 2)}\n`,
          );
        } else {
          context.out(formatStatus(label, stats, byNetwork, context.now(), context.paint));
        }
        return EXIT.ok;
      }),
  },
  why: {
    usage: 'why <orderId> [--json]',
    summary: 'why an order did (not) track: attribution, decision, every attempt, the verdict',
    run: (context) => {
      const orderId = orderIdOf(context.args);
      return withStore(context, async ({ store }) => {
        const explanation = await explainFromStore(store, orderId, {
          now: context.now(),
          nameOf: networkName,
        });
        context.out(
          context.args.flags.has('json')
            ? `${JSON.stringify(explanation, null, 2)}\n`
            : formatExplanation(explanation, context.paint),
        );
        return explanation.found ? EXIT.ok : EXIT.notFound;
      });
    },
  },
  redeliver: {
    usage: 'redeliver <orderId> [--network <id>] [--json]',
    summary: "make an order's pending or failed deliveries due now (the running relay sends them)",
    run: (context) => {
      const orderId = orderIdOf(context.args);
      return withStore(context, async ({ store }) => {
        const network = context.args.options.network;
        const actions = await makeDue(store, orderId, { now: context.now(), network });
        if (context.args.flags.has('json')) {
          context.out(`${JSON.stringify({ orderId, networks: actions }, null, 2)}\n`);
        } else if (Object.keys(actions).length === 0) {
          context.out(`no delivery of order ${orderId}${network ? ` to ${network}` : ''}: nothing to send\n`);
        }
        for (const [id, action] of Object.entries(context.args.flags.has('json') ? {} : actions)) {
          const said = {
            due: 'due now: the running relay sends it at its next poll (Aflite: the goal feed is asked first)',
            'already-sent': 'already sent: never sent again',
            'in-flight': 'an attempt is under way: nothing changed',
          }[action.action];
          context.out(`${networkName(id)}: ${said}\n`);
        }
        return Object.keys(actions).length === 0 ? EXIT.notFound : EXIT.ok;
      });
    },
  },
  list: {
    usage: 'list --failed|--pending [--limit <n>] [--json]',
    summary: 'the failed (or pending) deliveries, oldest first (default limit 50)',
    run: (context) => {
      const { flags, options } = context.args;
      if (flags.has('failed') === flags.has('pending'))
        throw new UsageError('list needs --failed or --pending');
      const limit = Number(options.limit ?? 50);
      if (!Number.isInteger(limit) || limit < 1)
        throw new UsageError('--limit must be a whole number, 1 or more');
      return withStore(context, async ({ store }) => {
        if (!store.listByStatus) throw new Error('this store cannot list deliveries by status');
        const records = await store.listByStatus(flags.has('failed') ? 'failed' : 'pending', limit);
        context.out(
          flags.has('json')
            ? `${JSON.stringify(
                records.map(({ lockToken: _token, ...record }) => record),
                null,
                2,
              )}\n`
            : formatList(records, context.paint),
        );
        return EXIT.ok;
      });
    },
  },
  doctor: {
    usage: 'doctor [--url <shop>] [--send-test] [--config <module>] [--json]',
    summary: 'check a shop before it goes live (read-only unless --send-test); exit 1 on any fail',
    run: ({ argv, io }) => runDoctor(argv, io),
  },
};
