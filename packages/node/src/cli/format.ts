import type { DeliveryRecord, DeliveryStats } from '../delivery/contract';
import type { OrderExplanation } from '../relay/explain/explanation-types';
import { formatTime } from '../relay/explain/hint';
import { networkName } from './network-names';

/*
 * What the commands print for a person: plain lines, colour only when the output is a terminal (and
 * `NO_COLOR` is not set), so that a pipe or a log file gets no escape codes.
 */

/** Colours, or none. */
export interface Paint {
  ok(text: string): string;
  bad(text: string): string;
  warn(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

/**
 * @example
 * const paint = painter(process.stdout.isTTY === true && !process.env.NO_COLOR);
 */
export function painter(colour: boolean): Paint {
  const code = (open: number, close: number) => (text: string) =>
    colour ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  return { ok: code(32, 39), bad: code(31, 39), warn: code(33, 39), dim: code(2, 22), bold: code(1, 22) };
}

const VERDICT_COLOUR: Record<string, keyof Paint> = {
  sent: 'ok',
  duplicate: 'ok',
  pending: 'warn',
  refused: 'bad',
  failed: 'bad',
};

/** `why <orderId>`: the explanation, for a person. */
export function formatExplanation(explanation: OrderExplanation, paint: Paint): string {
  const lines: string[] = [];
  const colour = paint[VERDICT_COLOUR[explanation.verdict] ?? 'dim'];
  lines.push(`${paint.bold(`Order ${explanation.orderId}`)}: ${colour(explanation.verdict)}`);
  lines.push(`  ${explanation.hint}`);
  if (explanation.recordedAt !== undefined) lines.push(`  recorded ${formatTime(explanation.recordedAt)}`);
  const note = explanation.decision;
  if (note) {
    lines.push('', paint.bold('What the relay knew'));
    lines.push(`  attribution: ${note.source}${note.visitorId ? `, visitor ${note.visitorId}` : ''}`);
    for (const touch of note.touches) {
      lines.push(
        `  touch: ${networkName(touch.network)} ${touch.clickId} captured ${formatTime(touch.capturedAt)}${touch.landingUrl ? ` at ${touch.landingUrl}` : ''}`,
      );
    }
    if (note.touches.length === 0) lines.push('  touches: none');
    const windows = Object.entries(note.windows).map(
      ([network, days]) => `${networkName(network)} ${days} d`,
    );
    lines.push(`  policy: ${note.policy}; windows: ${windows.join(', ')}`);
    lines.push(`  decision: ${note.explanation}`);
  }
  if (explanation.repeats) {
    lines.push(
      `  recorded again: ${explanation.repeats.count}, last ${formatTime(explanation.repeats.lastAt)}`,
    );
  }
  for (const network of Object.values(explanation.networks)) {
    lines.push(
      '',
      paint.bold(`${network.name}: ${network.state}${network.reason ? ` (${network.reason})` : ''}`),
    );
    lines.push(`  ${network.hint}`);
    for (const entry of network.log) {
      const error = entry.error ? ` ${entry.error.message}` : '';
      const next = entry.nextAttemptAt === undefined ? '' : `; next ${formatTime(entry.nextAttemptAt)}`;
      lines.push(`  attempt ${entry.attempt} ${formatTime(entry.at)}: ${entry.outcome}${error}${next}`);
    }
    if (network.unfinishedAttempt) {
      lines.push(`  attempt ${network.attempts}: started, no outcome saved (the process stopped mid-send)`);
    }
    if (network.request) lines.push(paint.dim(`  request: ${JSON.stringify(network.request)}`));
  }
  if (explanation.test) lines.push('', paint.warn('test mode: nothing counts at the network'));
  return `${lines.join('\n')}\n`;
}

/** `status`: the store's counts, per network. */
export function formatStatus(
  label: string,
  stats: DeliveryStats,
  byNetwork: Record<string, { pending: number; failed: number }> | undefined,
  now: number,
  paint: Paint,
): string {
  const lines = [`store: ${label}`];
  lines.push(
    `pending: ${stats.pending === 0 ? paint.ok('0') : paint.warn(String(stats.pending))} (clicks ${stats.pendingClicks})`,
  );
  lines.push(`failed: ${stats.failed === 0 ? paint.ok('0') : paint.bad(String(stats.failed))}`);
  if (stats.oldestPendingAt !== undefined) {
    const minutes = Math.max(0, Math.round((now - stats.oldestPendingAt) / 60_000));
    lines.push(`oldest pending: ${formatTime(stats.oldestPendingAt)} (${minutes} min ago)`);
  }
  for (const [network, count] of Object.entries(byNetwork ?? {})) {
    lines.push(`  ${networkName(network)}: ${count.pending} pending, ${count.failed} failed`);
  }
  return `${lines.join('\n')}\n`;
}

/** `list`: one line a delivery. */
export function formatList(records: readonly DeliveryRecord[], paint: Paint): string {
  if (records.length === 0) return 'none\n';
  return `${records
    .map((record) => {
      const status = record.status === 'failed' ? paint.bad(record.status) : paint.warn(record.status);
      const error = record.lastError ? ` ${record.lastError.message.slice(0, 160)}` : '';
      const due = record.status === 'pending' ? ` next ${formatTime(record.nextAttemptAt)}` : '';
      return `${record.kind} ${record.key} ${networkName(record.network)} ${status} attempts ${record.attempts}${due}${error}`;
    })
    .join('\n')}\n`;
}
