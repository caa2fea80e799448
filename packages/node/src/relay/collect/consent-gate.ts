import { type ConsentRefusal, type ConsentRequest, consentRefusal } from '../consent/consent-rule';
import type { ResolvedRelayConfig } from '../resolve-config';

/**
 * The relay's consent rule asked about one request (see `RelayConsentOptions`); a throwing `allows`
 * is a `relay-error` event (`operation: 'consent'`) and counts as unknown.
 *
 * @example
 * const refused = refusedConsent(config, { operation: 'collect', url, headers, cookies });
 */
export function refusedConsent(
  config: Pick<ResolvedRelayConfig, 'consent' | 'events'>,
  request: ConsentRequest,
): ConsentRefusal | undefined {
  return consentRefusal(config.consent, request, (error) =>
    config.events.emit({ type: 'relay-error', operation: 'consent', error }),
  );
}
