import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RelayConfig } from '../../relay/config';
import { NETWORK_DOCTORS } from './networks';

/** The configuration the doctor checks, and where it came from. */
export interface DoctorConfig {
  /** `environment` or the module's path. */
  source: string;
  config: Partial<RelayConfig>;
}

/**
 * The shop's `createRelay` options: the default (or `config`) export of `--config`'s module (a
 * function is called), else built from the environment variables the examples read: `COOKIE_SECRET`,
 * `COOKIE_INSECURE`, each network's own (`NetworkDoctor.envNames`).
 *
 * @example
 * const { config } = await loadDoctorConfig(undefined, process.env, process.cwd());
 */
export async function loadDoctorConfig(
  module: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): Promise<DoctorConfig> {
  if (module) {
    const path = resolve(cwd, module);
    const loaded = (await import(pathToFileURL(path).href)) as { default?: unknown; config?: unknown };
    let config = loaded.default ?? loaded.config;
    if (typeof config === 'function') config = await (config as () => unknown)();
    if (typeof config !== 'object' || config === null) {
      throw new Error(
        `${module} exports no config: export the createRelay options as default (or as config)`,
      );
    }
    return { source: module, config: config as Partial<RelayConfig> };
  }
  const config: Record<string, unknown> = {
    cookie: { secret: env.COOKIE_SECRET ?? '', secure: env.COOKIE_INSECURE !== '1' },
  };
  for (const network of NETWORK_DOCTORS) {
    const options = network.fromEnv(env);
    if (options) config[network.id] = options;
  }
  return { source: 'environment', config: config as Partial<RelayConfig> };
}
