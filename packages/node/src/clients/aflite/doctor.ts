import { isErrorNamed } from '@affiliate-relay/core';
import { baseUrlCheck, type DoctorCheck, isPlaceholder, type NetworkDoctor } from '../network-doctor';
import { AFLITE_BASE_URL, AfliteClient } from './client';
import { AFLITE_LABEL } from './network';

/** Aflite's options as the doctor reads them (a part of the relay's `aflite`). */
interface AfliteDoctorOptions {
  apiKey?: unknown;
  merchantId?: unknown;
  goalId?: unknown;
  baseUrl?: unknown;
  traceOnly?: unknown;
}

const HTTPS_FIX =
  'Aflite documents only http:// URLs: set AFLITE_BASE_URL (aflite.baseUrl) to https://aflite.co.uk after checking that it answers there';

/** The goal the doctor's round trip sends: a click session id no shopper has. */
const DOCTOR_SESSION = 'affiliate-relay-doctor';

/**
 * Aflite for `affiliate-relay doctor`: its variables, its credentials' checks, the http:// warning,
 * and a `--send-test` round trip (one `traceOnly=1` goal, then a lookup that must find nothing).
 *
 * @example
 * afliteDoctor.checkConfig({ apiKey, merchantId, goalId: 1 }, { allowHttp: false, env: {} });
 */
export const afliteDoctor: NetworkDoctor = {
  ...AFLITE_LABEL,
  envNames: ['AFLITE_API_KEY', 'AFLITE_MERCHANT_ID', 'AFLITE_GOAL_ID', 'AFLITE_BASE_URL'],
  fromEnv(env) {
    if (!afliteDoctor.envNames.some((name) => env[name])) return undefined;
    return {
      apiKey: env.AFLITE_API_KEY ?? '',
      merchantId: env.AFLITE_MERCHANT_ID ?? '',
      goalId: env.AFLITE_GOAL_ID ?? '',
      ...(env.AFLITE_BASE_URL ? { baseUrl: env.AFLITE_BASE_URL } : {}),
    };
  },
  checkConfig(raw, context) {
    const options = (raw ?? {}) as AfliteDoctorOptions;
    const checks: DoctorCheck[] = [
      secretCheck('aflite.api-key', options.apiKey, 'AFLITE_API_KEY (aflite.apiKey)', "Aflite's API key"),
      secretCheck(
        'aflite.merchant-id',
        options.merchantId,
        'AFLITE_MERCHANT_ID (aflite.merchantId)',
        'your Aflite merchant id (mid), from the same account as the key',
      ),
      goalCheck(options.goalId),
      baseUrlCheck(
        'aflite.base-url',
        typeof options.baseUrl === 'string' ? options.baseUrl : AFLITE_BASE_URL,
        context,
        'the API key',
        HTTPS_FIX,
      ),
    ];
    if (options.traceOnly === true) {
      checks.push({
        id: 'aflite.trace-only',
        status: 'warn',
        detail: 'aflite.traceOnly is on: every goal goes to the Trace Report, none is recorded',
        fix: 'Remove aflite.traceOnly to go live',
      });
    }
    return checks;
  },
  baseUrl: (raw) => {
    const url = (raw as AfliteDoctorOptions | undefined)?.baseUrl;
    return typeof url === 'string' ? url : AFLITE_BASE_URL;
  },
  // Aflite has no click call: a beacon with its touch sets the cookie and reaches no network.
  syntheticTouch: (now, landingUrl) => ({
    network: 'aflite',
    clickId: DOCTOR_SESSION,
    capturedAt: now,
    landingUrl,
  }),
  landingQuery: { clickSource: 'aflite', clickSessionID: DOCTOR_SESSION },
  async sendTest(raw) {
    const options = (raw ?? {}) as AfliteDoctorOptions;
    const id = 'send-test.aflite';
    let client: AfliteClient;
    try {
      client = new AfliteClient({
        apiKey: String(options.apiKey ?? ''),
        merchantId: String(options.merchantId ?? ''),
        ...(typeof options.baseUrl === 'string' ? { baseUrl: options.baseUrl } : {}),
        timeoutMs: 10_000,
        retry: { maxAttempts: 1 },
      });
    } catch (error) {
      return {
        checks: [{ id, status: 'fail', detail: messageOf(error), fix: 'Fix the Aflite options above first' }],
      };
    }
    const merchantRef = `${DOCTOR_SESSION}-${Date.now()}`;
    try {
      await client.registerGoal({
        clickSessionId: DOCTOR_SESSION,
        goalId: String(options.goalId ?? ''),
        merchantRef,
        value: 1,
        traceOnly: true,
      });
    } catch (error) {
      return {
        checks: [
          { id, status: 'fail', detail: `traceOnly goal refused: ${messageOf(error)}`, fix: goalFix(error) },
        ],
      };
    }
    try {
      const found = await client.findGoal(merchantRef);
      if (found) {
        return {
          checks: [
            {
              id,
              status: 'fail',
              detail: `the traceOnly goal ${merchantRef} was recorded: Aflite ignored traceOnly=1`,
              fix: `Decline goal ${merchantRef} in Aflite's console, and tell Aflite support`,
            },
          ],
        };
      }
      return {
        checks: [
          {
            id,
            status: 'pass',
            detail: `traceOnly goal ${merchantRef} accepted (see Aflite's Trace Report); the goal feed answers and recorded nothing`,
          },
        ],
      };
    } catch (error) {
      return {
        checks: [
          {
            id,
            status: 'fail',
            detail: `the goal feed (data/goals) failed: ${messageOf(error)}`,
            fix: 'The relay asks this feed before any resend: check AFLITE_API_KEY and that data/goals answers',
          },
        ],
      };
    } finally {
      client.close();
    }
  },
};

function secretCheck(id: string, value: unknown, where: string, what: string): DoctorCheck {
  if (typeof value !== 'string' || value.trim() === '') {
    return { id, status: 'fail', detail: `${where} is not set`, fix: `Set ${where} to ${what}` };
  }
  if (isPlaceholder(value)) {
    return { id, status: 'fail', detail: `${where} is a placeholder`, fix: `Set ${where} to ${what}` };
  }
  return { id, status: 'pass', detail: `${where} is set (${value.length} characters)` };
}

function goalCheck(goalId: unknown): DoctorCheck {
  const id = 'aflite.goal-id';
  const set =
    (typeof goalId === 'number' && Number.isFinite(goalId)) || (typeof goalId === 'string' && goalId.trim());
  if (!set) {
    return {
      id,
      status: 'fail',
      detail: 'AFLITE_GOAL_ID (aflite.goalId) is not set',
      fix: 'Set AFLITE_GOAL_ID to the id of your sale goal in Aflite',
    };
  }
  return { id, status: 'pass', detail: `goal ${String(goalId)}` };
}

function goalFix(error: unknown): string {
  if (isErrorNamed(error, 'HttpError') && error.status === 401) {
    return 'Aflite refused the key or the merchant id: copy AFLITE_API_KEY and AFLITE_MERCHANT_ID from the same Aflite account';
  }
  if (isErrorNamed(error, 'HttpError') && error.status === 400) {
    return 'Aflite refused the goal: check AFLITE_GOAL_ID (your sale goal) and the merchant id';
  }
  return 'Check that Aflite answers at AFLITE_BASE_URL (aflite.baseUrl) from this server';
}

// The clients' messages are redacted (no key), and carry the answer's text.
function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
