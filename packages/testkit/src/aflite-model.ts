import { afliteGoalParamsSchema } from '@affiliate-relay/core/schemas';
import { AFLITE_HELP_TEXT, renderGoalFeed } from './aflite-feed';
import { createFakeNetwork, text } from './fake-network';
import type { FakeAfliteGoal, FakeNetwork, FakeResponse, ModelRequest } from './types';

/*
 * Aflite's Advanced Tracking API as `specs/aflite-advanced-tracking-api.txt` and
 * `specs/NETWORKS.md` give it: GET or POST, its documented errors, `traceOnly`, `help`, and the goal
 * retrieval feed. Aflite does not publish its HTTP answers, so these are the FAKE's choices:
 * 200 `OK` when recorded, 200 `TRACE OK` for traceOnly, 400 with Aflite's error text for a bad
 * parameter, 409 `Merchant Reference Must be Unique` for a reused mref, 401 for a wrong key or mid.
 */

/** Options of a fake Aflite. */
export interface FakeAfliteOptions {
  /** The API key the fake accepts. Default: `'test-api-key'`. */
  apiKey?: string;
  /** The merchant id (`mid`) the fake accepts. Default: `'test-merchant'`. */
  merchantId?: string;
}

/** A `traceOnly=1` call: what would have happened, in the Trace Report. */
export interface FakeAfliteTrace {
  params: Record<string, string>;
  /** Aflite's error texts; empty when the goal would have been recorded. */
  errors: string[];
  at: number;
}

/** A goal put in error (Aflite's Tracking Error Report), such as a reused mref. */
export interface FakeAfliteError {
  params: Record<string, string>;
  errors: string[];
  at: number;
}

/** A fake Aflite without a transport: what the server and the msw handlers share. */
export interface FakeAflite extends FakeNetwork {
  /** Recorded goals, unique by `mref`. */
  readonly goals: FakeAfliteGoal[];
  /** `traceOnly=1` calls (nothing recorded). */
  readonly traces: FakeAfliteTrace[];
  /** Goal calls put in error. */
  readonly errors: FakeAfliteError[];
  readonly apiKey: string;
  readonly merchantId: string;
}

const NOT_UNIQUE = 'Merchant Reference Must be Unique';

/**
 * The state and request handling of a fake Aflite; serve it with `startFakeAflite()` or
 * `afliteHandlers({ fake })` from `@affiliate-relay/testkit/msw`.
 *
 * @example
 * const aflite = createFakeAflite({ apiKey: 'k', merchantId: 'm' });
 */
export function createFakeAflite(options: FakeAfliteOptions = {}): FakeAflite {
  const apiKey = options.apiKey ?? 'test-api-key';
  const merchantId = options.merchantId ?? 'test-merchant';
  const goals: FakeAfliteGoal[] = [];
  const traces: FakeAfliteTrace[] = [];
  const errors: FakeAfliteError[] = [];

  function process(request: ModelRequest): FakeResponse {
    const path = request.path.replace(/\/+$/, '');
    if (path !== '/data/register/goal' && path !== '/data/goals') return text(404, 'Not Found');
    if (request.method !== 'GET' && request.method !== 'POST') return text(405, 'Method Not Allowed');
    const form =
      typeof request.body === 'object' && request.body !== null
        ? (request.body as Record<string, string>)
        : {};
    // Variables can be sent as either GET or POST (the page); a POST may carry some in its query too.
    const params = request.method === 'POST' ? { ...request.query, ...form } : { ...request.query };
    if (path === '/data/register/goal' && params.help === '1') return text(200, AFLITE_HELP_TEXT);
    const denied = authenticate(params, path === '/data/register/goal');
    if (denied) return denied;
    return path === '/data/goals' ? feed(params) : registerGoal(params);
  }

  function authenticate(params: Record<string, string>, needsMid: boolean): FakeResponse | undefined {
    if (!params.apikey) return text(400, 'API key is missing');
    // Never echo the key back: the client's error texts must not be able to carry it.
    if (params.apikey !== apiKey) return text(401, 'API key is invalid');
    if (!needsMid) return undefined;
    if (!params.mid) return text(400, 'Merchant ID is missing');
    if (params.mid !== merchantId) return text(401, 'Merchant ID does not match the API key');
    return undefined;
  }

  function registerGoal(params: Record<string, string>): FakeResponse {
    const { apikey: _secret, ...kept } = params;
    const at = Date.now();
    const trace = params.traceOnly === '1';
    const parsed = afliteGoalParamsSchema.safeParse(params);
    const problems = parsed.success ? [] : [...new Set(parsed.error.issues.map((issue) => issue.message))];
    const status = problems.length > 0 ? 400 : goals.some((goal) => goal.mref === params.mref) ? 409 : 200;
    if (status === 409) problems.push(NOT_UNIQUE);
    if (trace) {
      traces.push({ params: kept, errors: problems, at });
      return status === 200 ? text(200, 'TRACE OK') : text(status, problems.join('\n'));
    }
    if (status !== 200) {
      errors.push({ params: kept, errors: problems, at });
      return text(status, problems.join('\n'));
    }
    const { mid = '', clickSessionID = '', goalid = '', mref = '', value = '' } = params;
    goals.push({ mid, clickSessionID, goalid, mref, value, at });
    return text(200, 'OK');
  }

  function feed(params: Record<string, string>): FakeResponse {
    if (!params.mref) return text(400, 'Merchant Reference is Missing');
    const found = goals.filter((goal) => goal.mref === params.mref);
    return text(200, renderGoalFeed(found), 'application/xml; charset=utf-8');
  }

  const network = createFakeNetwork({
    process,
    faultBody: (status) => `Injected fault: HTTP ${status}`,
    reset() {
      goals.length = 0;
      traces.length = 0;
      errors.length = 0;
    },
  });
  return Object.assign(network, { goals, traces, errors, apiKey, merchantId });
}
