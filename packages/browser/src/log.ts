/**
 * Debug logging. Every call site sits behind `if (__AR_DEBUG_BUILD__)`, so only the `/debug` entry carries this
 * function and its messages; the main entry and the script tag carry neither.
 *
 * @example
 * if (__AR_DEBUG_BUILD__) log(config, 'captured', touches);
 */
export function log(config: { debug?: boolean }, message: string, detail?: unknown): void {
  if (config.debug) console.info(`[affiliate-relay] ${message}`, detail);
}
