/**
 * Debug logging. Every call site sits behind `if (__AR_DEBUG_BUILD__)`, so the script-tag build carries
 * neither this function nor its messages.
 *
 * @example
 * if (__AR_DEBUG_BUILD__) log(config, 'captured', touches);
 */
export function log(config: { debug: boolean }, message: string, detail?: unknown): void {
  if (config.debug) console.info(`[affiliate-relay] ${message}`, detail);
}
