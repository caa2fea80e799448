import { AVANTLINK_AUTH_KEY_LENGTH } from '@affiliate-relay/core';
import { baseUrlCheck, type DoctorCheck, isPlaceholder, type NetworkDoctor } from '../network-doctor';
import { AVANTLINK_BASE_URL } from './client';
import { AVANTLINK_LABEL, AVANTLINK_TEST_LINK_STEPS } from './network';

/** AvantLink's options as the doctor reads them (a part of the relay's `avantlink`). */
interface AvantLinkDoctorOptions {
  merchantId?: unknown;
  baseUrl?: unknown;
  adjustments?: { authKey?: unknown; merchantId?: unknown };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * AvantLink for `affiliate-relay doctor`: its variables, the merchant UUID's shape (the integer
 * legacy id is a common mix-up), the adjustment credentials when reversals are on, and, for
 * `--send-test`, the steps of its test link (AvantLink documents no server-to-server test flag).
 *
 * @example
 * avantlinkDoctor.checkConfig({ merchantId: '12345' }, { allowHttp: false, env: {} }); // a fail: not a UUID
 */
export const avantlinkDoctor: NetworkDoctor = {
  ...AVANTLINK_LABEL,
  envNames: [
    'AVANTLINK_MERCHANT_ID',
    'AVANTLINK_BASE_URL',
    'AVANTLINK_AUTH_KEY',
    'AVANTLINK_LEGACY_MERCHANT_ID',
  ],
  fromEnv(env) {
    if (!avantlinkDoctor.envNames.some((name) => env[name])) return undefined;
    const adjustments =
      env.AVANTLINK_AUTH_KEY || env.AVANTLINK_LEGACY_MERCHANT_ID
        ? {
            adjustments: {
              authKey: env.AVANTLINK_AUTH_KEY ?? '',
              merchantId: env.AVANTLINK_LEGACY_MERCHANT_ID ?? '',
            },
          }
        : {};
    return {
      merchantId: env.AVANTLINK_MERCHANT_ID ?? '',
      ...(env.AVANTLINK_BASE_URL ? { baseUrl: env.AVANTLINK_BASE_URL } : {}),
      ...adjustments,
    };
  },
  checkConfig(raw, context) {
    const options = (raw ?? {}) as AvantLinkDoctorOptions;
    const checks = [
      merchantIdCheck(options.merchantId),
      baseUrlCheck(
        'avantlink.base-url',
        typeof options.baseUrl === 'string' ? options.baseUrl : AVANTLINK_BASE_URL,
        context,
        'the order data',
        `Leave AVANTLINK_BASE_URL (avantlink.baseUrl) unset: the default is ${AVANTLINK_BASE_URL}`,
      ),
    ];
    if (options.adjustments !== undefined) checks.push(...adjustmentChecks(options.adjustments));
    return checks;
  },
  baseUrl: (raw) => {
    const url = (raw as AvantLinkDoctorOptions | undefined)?.baseUrl;
    return typeof url === 'string' ? url : AVANTLINK_BASE_URL;
  },
  landingQuery: { avad: 'affiliate-relay-doctor' },
  async sendTest() {
    return {
      checks: [
        {
          id: 'send-test.avantlink',
          status: 'pass',
          detail:
            'AvantLink documents no server-to-server test flag: follow its test-link steps below by hand',
        },
      ],
      steps: AVANTLINK_TEST_LINK_STEPS,
    };
  },
};

function merchantIdCheck(value: unknown): DoctorCheck {
  const id = 'avantlink.merchant-id';
  const where = 'AVANTLINK_MERCHANT_ID (avantlink.merchantId)';
  const fix = `Set ${where} to your merchant UUID (8-4-4-4-12 hex digits, AvantLink's S2S integration page)`;
  if (typeof value !== 'string' || value.trim() === '')
    return { id, status: 'fail', detail: `${where} is not set`, fix };
  if (/^\d+$/.test(value.trim())) {
    return {
      id,
      status: 'fail',
      detail: `${where} is ${value}: a number, the legacy API's merchant id, not the S2S merchant UUID`,
      fix: `${fix}; the integer id belongs in avantlink.adjustments.merchantId`,
    };
  }
  if (isPlaceholder(value) || value.replace(/[-0]/g, '') === '')
    return { id, status: 'fail', detail: `${where} is a placeholder`, fix };
  if (!UUID.test(value.trim())) return { id, status: 'fail', detail: `${where} is not a UUID`, fix };
  return { id, status: 'pass', detail: 'a merchant UUID' };
}

function adjustmentChecks(adjustments: { authKey?: unknown; merchantId?: unknown }): DoctorCheck[] {
  const { authKey, merchantId } = adjustments;
  const key: DoctorCheck =
    typeof authKey === 'string' && authKey.length === AVANTLINK_AUTH_KEY_LENGTH && !isPlaceholder(authKey)
      ? { id: 'avantlink.auth-key', status: 'pass', detail: `${AVANTLINK_AUTH_KEY_LENGTH} characters` }
      : {
          id: 'avantlink.auth-key',
          status: 'fail',
          detail: `reversals are on but AVANTLINK_AUTH_KEY (avantlink.adjustments.authKey) is ${
            typeof authKey === 'string' && authKey ? `${authKey.length} characters` : 'not set'
          }, not the legacy API's ${AVANTLINK_AUTH_KEY_LENGTH}-character auth_key`,
          fix: `Copy the ${AVANTLINK_AUTH_KEY_LENGTH}-character auth_key of AvantLink's legacy API into AVANTLINK_AUTH_KEY`,
        };
  const id: DoctorCheck = /^\d+$/.test(String(merchantId ?? '').trim())
    ? {
        id: 'avantlink.legacy-merchant-id',
        status: 'pass',
        detail: `legacy merchant id ${String(merchantId)}`,
      }
    : {
        id: 'avantlink.legacy-merchant-id',
        status: 'fail',
        detail:
          'reversals are on but the legacy merchant id (avantlink.adjustments.merchantId) is not an integer',
        fix: 'Set AVANTLINK_LEGACY_MERCHANT_ID to the integer merchant id of the legacy API (not the UUID)',
      };
  return [key, id];
}
