import type { NetworkId } from '@affiliate-relay/core';
import type { RecordedRequest } from '@affiliate-relay/testkit';
import type { ActivityEntry } from './activity-log';
import { redactText, redactValue } from './redact';

/*
 * One time-ordered log for the console: every request as a fake network received it (with its
 * answer), the browser's beacons, and the relay's own events (retries, deliveries, decisions).
 * For a real network the relay's request/response events stand in for the fake's recordings.
 */

export type Tone = 'ok' | 'warn' | 'error' | 'info';

export interface TimelineItem {
  key: string;
  at: number;
  /** Who is speaking: a network (as it received the call), the browser, or the relay. */
  source: NetworkId | 'browser' | 'relay';
  network?: NetworkId;
  title: string;
  summary: string;
  tone: Tone;
  status?: number;
  method?: string;
  path?: string;
  /** What was received (redacted), and what was answered. */
  received?: unknown;
  answered?: unknown;
  headers?: Record<string, string>;
  fault?: string;
}

const NAMES: Record<NetworkId, string> = { avantlink: 'AvantLink', aflite: 'Aflite' };
/** The clients' operation names, in the words the console uses for the calls. */
const OPERATIONS: Record<string, string> = {
  'track-click': 'click',
  'track-order': 'order',
  'register-goal': 'goal',
  'find-goal': 'goal lookup',
};

export function buildTimeline(
  recorded: readonly { network: NetworkId; request: RecordedRequest }[],
  activity: readonly ActivityEntry[],
  realNetworks: ReadonlySet<NetworkId>,
): TimelineItem[] {
  const items: TimelineItem[] = recorded.map(({ network, request }) => fromRecorded(network, request));
  activity.forEach((entry, index) => {
    const item = entry.kind === 'beacon' ? fromBeacon(entry, index) : fromRelay(entry, index, realNetworks);
    if (item) items.push(item);
  });
  return items.sort((a, b) => a.at - b.at);
}

function fromRecorded(network: NetworkId, request: RecordedRequest): TimelineItem {
  const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<
    string,
    unknown
  >;
  const params = { ...request.query, ...body } as Record<string, unknown>;
  const operation = operationOf(request.path);
  const base = {
    key: `${network}-${request.id}`,
    at: request.at,
    source: network,
    network,
    status: request.status,
    method: request.method,
    path: redactText(request.path),
    received: redactValue(
      request.body ?? (Object.keys(request.query).length > 0 ? request.query : undefined),
    ),
    answered: request.response,
    headers: redactValue(request.headers) as Record<string, string>,
    ...(request.fault ? { fault: request.fault } : {}),
  };
  const title = `${NAMES[network]} ${operation}`;
  if (request.fault === 'drop') {
    return {
      ...base,
      title,
      tone: 'error',
      summary: 'Injected fault: the connection was dropped without an answer.',
    };
  }
  if (request.fault === 'status') {
    return { ...base, title, tone: 'error', summary: `Injected fault: answered ${request.status}.` };
  }
  if (request.status >= 400) {
    return {
      ...base,
      title,
      tone: 'error',
      summary: `Refused with ${request.status}: ${errorText(request.response)}`,
    };
  }
  return { ...base, title, tone: 'ok', summary: describeAccepted(network, operation, body, params) };
}

function operationOf(path: string): string {
  if (path.endsWith('/tracking/click')) return 'click';
  if (path.endsWith('/tracking/order')) return 'order';
  if (path.endsWith('/register/goal')) return 'goal';
  if (path.endsWith('/data/goals')) return 'goal lookup';
  if (path.endsWith('/api.php')) return 'adjustment';
  return path;
}

function describeAccepted(
  network: NetworkId,
  operation: string,
  body: Record<string, unknown>,
  params: Record<string, unknown>,
): string {
  if (network === 'avantlink') {
    const ids = (body.tracking_ids ?? {}) as { avantlink_avad?: string };
    const avad = ids.avantlink_avad ? `avad ${ids.avantlink_avad}` : 'no avad';
    if (operation === 'adjustment') {
      return `Commission of order ${params.transaction_id} reversed: ${params.adjustment_amount} (${params.adjustment_type}).`;
    }
    if (operation === 'order') {
      const order = (body.order ?? {}) as {
        order_number?: string;
        order_amount_subtotal?: number;
        currency?: string;
      };
      return `Order ${order.order_number} recorded: ${order.order_amount_subtotal} ${order.currency}, ${avad}.`;
    }
    return `Click recorded: ${avad}.`;
  }
  if (operation === 'goal') {
    const trace = params.traceOnly === '1' ? ' (trace only: nothing recorded)' : '';
    return `Goal ${params.goalid} for order ${params.mref}: value ${params.value}, click ${params.clickSessionID}${trace}.`;
  }
  if (operation === 'goal lookup') return `Looked up order ${params.mref}.`;
  return 'Answered.';
}

function errorText(response: unknown): string {
  if (typeof response === 'string') return response.slice(0, 160);
  if (typeof response === 'object' && response !== null && 'error' in response) {
    return String((response as { error: unknown }).error);
  }
  return JSON.stringify(response ?? '').slice(0, 160);
}

function fromBeacon(entry: Extract<ActivityEntry, { kind: 'beacon' }>, index: number): TimelineItem {
  const body = entry.body as { touches?: { network: NetworkId; clickId: string }[] } | undefined;
  const touches = (body?.touches ?? []).map(
    (touch) => `${NAMES[touch.network] ?? touch.network} ${touch.clickId}`,
  );
  const ok = entry.status < 300;
  return {
    key: `beacon-${index}`,
    at: entry.at,
    source: 'browser',
    title: 'Beacon from the browser',
    summary: ok
      ? `Touches ${touches.join(', ') || '(none)'} kept in the server cookie.`
      : `Refused with ${entry.status}: ${errorText(entry.response)}`,
    tone: ok ? 'ok' : 'error',
    status: entry.status,
    method: 'POST',
    path: '/affiliate-relay/collect',
    received: redactValue(entry.body),
    answered: entry.response,
  };
}

function fromRelay(
  entry: Extract<ActivityEntry, { kind: 'relay' }>,
  index: number,
  realNetworks: ReadonlySet<NetworkId>,
): TimelineItem | undefined {
  const event = entry.event;
  const network: NetworkId | undefined =
    event.network === 'avantlink' || event.network === 'aflite' ? event.network : undefined;
  const base: Pick<TimelineItem, 'key' | 'at' | 'source' | 'network'> = {
    key: `relay-${index}`,
    at: entry.at,
    source: 'relay',
    ...(network ? { network } : {}),
  };
  const name = network ? NAMES[network] : '';
  const operation = OPERATIONS[String(event.operation)] ?? String(event.operation);
  switch (event.type) {
    case 'request':
    case 'response':
      // A fake's own recording already shows these; a real network's calls are seen only here.
      if (!network || !realNetworks.has(network)) return undefined;
      return event.type === 'request'
        ? {
            ...base,
            title: `${name} ${operation} sent`,
            summary: `${event.method} ${event.url}`,
            tone: 'info',
            received: event.body,
          }
        : {
            ...base,
            title: `${name} ${operation} answered`,
            summary: `HTTP ${event.status} in ${event.durationMs} ms`,
            tone: Number(event.status) < 400 ? 'ok' : 'error',
            status: Number(event.status),
            answered: event.body,
          };
    case 'retry':
      return {
        ...base,
        title: `Retry ${name} ${operation}`,
        summary: `Attempt ${Number(event.attempt) + 1} in ${event.delayMs} ms, after ${event.reason}.`,
        tone: 'warn',
      };
    case 'error':
      return {
        ...base,
        title: `${name} ${operation} failed`,
        summary: messageOf(event.error),
        tone: 'error',
      };
    case 'click':
      return event.outcome === 'sent'
        ? undefined
        : { ...base, title: 'AvantLink click not sent', summary: messageOf(event.error), tone: 'error' };
    case 'delivery':
      return {
        ...base,
        title: `${name} delivery`,
        summary: `Order ${event.orderId}, ${event.redelivery ? 'redelivery' : 'first'} attempt ${event.attempt}: ${event.outcome}${event.error ? ` (${messageOf(event.error)})` : ''}.`,
        tone: event.outcome === 'sent' ? 'ok' : event.outcome === 'pending' ? 'warn' : 'error',
      };
    case 'conversion':
      return {
        ...base,
        title: `Conversion ${event.orderId}`,
        summary: conversionSummary(event),
        tone: 'info',
      };
    case 'warning':
      // The relay's misconfiguration warnings (e.g. an order credited from the browser cookie alone,
      // the collect endpoint not mounted): said once, so they must stand out.
      return {
        ...base,
        title: `Warning: ${String(event.code)}`,
        summary: String(event.message),
        tone: 'warn',
      };
    case 'relay-error':
      return {
        ...base,
        title: `Relay error in ${event.operation}`,
        summary: messageOf(event.error),
        tone: 'error',
      };
    default:
      return undefined;
  }
}

const REASONS: Record<string, string> = {
  selected: 'Last click chosen',
  'no-touches': 'No affiliate click',
  'all-expired': 'Every click expired',
  duplicate: 'Seen before: nothing sent again',
};

function conversionSummary(event: Record<string, unknown>): string {
  const results = Object.entries((event.results ?? {}) as Record<string, string>)
    // The networks that were called come first; the skipped ones are a footnote.
    .sort(([, a], [, b]) => Number(a === 'skipped') - Number(b === 'skipped'))
    .map(([network, outcome]) => `${NAMES[network as NetworkId] ?? network} ${outcome}`)
    .join(' · ');
  return `${REASONS[String(event.reason)] ?? String(event.reason)} → ${results || 'no network credited'}`;
}

function messageOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error) return String(error.message);
  return error === undefined ? 'unknown error' : String(error);
}
