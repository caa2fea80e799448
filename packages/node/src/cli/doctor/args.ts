/** The doctor's command line, parsed. */
export interface DoctorArgs {
  /** `--url`: the deployed shop to check. */
  url?: URL;
  /** `--config`: a module whose default (or `config`) export is the `createRelay` options. */
  config?: string;
  json: boolean;
  sendTest: boolean;
  allowHttp: boolean;
  /** `--offline`: no request to the networks (the clock check is skipped; `--send-test` is refused). */
  offline: boolean;
  /** `--collect-path`. Default: `/affiliate-relay/collect`. */
  collectPath: string;
  /** `--landing`: the path of a landing page (it must render the script tag). Default: `/`. */
  landing: string;
  /** `--script`: the script's URL or path, when the landing page has no tag to find it from. */
  script?: string;
  /** `--checkout-url`: another host the cookie must reach (a checkout subdomain). */
  checkoutUrl?: URL;
  help: boolean;
}

export const DOCTOR_USAGE = `Usage: affiliate-relay doctor [options]

Checks a shop before it goes live: the configuration (from the environment, as the examples read it, or
--config), and with --url the deployed collect endpoint, cookie, caches, script and landing. Read-only
unless --send-test. Exit code 1 when any check fails.

Options:
  --url <https://shop.example>  check the deployed shop
  --landing <path>              a landing page that renders the script tag (default /)
  --collect-path <path>         the collect endpoint (default /affiliate-relay/collect)
  --script <url|path>           the script file, when the landing page has no tag pointing to it
  --checkout-url <url>          a checkout on another host the cookie must reach
  --config <module>             a module exporting the createRelay options (default: the environment)
  --send-test                   one Aflite traceOnly goal and its lookup; AvantLink's test-link steps
  --offline                     make no request to the networks (skips the clock check)
  --allow-http                  accept a plain-http network URL (a warn instead of a fail)
  --json                        one JSON object on stdout
  --help                        this text
`;

/** A command line the doctor cannot run: the message is printed with the usage. */
export class UsageError extends Error {
  override name = 'UsageError';
}

const FLAGS = {
  '--json': 'json',
  '--send-test': 'sendTest',
  '--allow-http': 'allowHttp',
  '--offline': 'offline',
  '--help': 'help',
  '-h': 'help',
} as const;
const VALUES = ['--url', '--config', '--collect-path', '--landing', '--script', '--checkout-url'] as const;

/**
 * @example
 * parseDoctorArgs(['--url', 'https://shop.example', '--json']);
 */
export function parseDoctorArgs(argv: readonly string[]): DoctorArgs {
  const args: DoctorArgs = {
    json: false,
    sendTest: false,
    allowHttp: false,
    offline: false,
    collectPath: '/affiliate-relay/collect',
    landing: '/',
    help: false,
  };
  for (let i = 0; i < argv.length; i += 1) {
    const raw = argv[i]!;
    const [name, inline] =
      raw.startsWith('--') && raw.includes('=')
        ? [raw.slice(0, raw.indexOf('=')), raw.slice(raw.indexOf('=') + 1)]
        : [raw, undefined];
    if (name in FLAGS) {
      args[FLAGS[name as keyof typeof FLAGS]] = true;
      continue;
    }
    if (!(VALUES as readonly string[]).includes(name)) throw new UsageError(`unknown option ${name}`);
    if (inline === undefined) i += 1;
    const value = inline ?? argv[i];
    if (value === undefined || value === '') throw new UsageError(`${name} needs a value`);
    if (name === '--url') args.url = absolute(value, name);
    else if (name === '--checkout-url') args.checkoutUrl = absolute(value, name);
    else if (name === '--config') args.config = value;
    else if (name === '--collect-path') args.collectPath = value;
    else if (name === '--landing') args.landing = value;
    else args.script = value;
  }
  if (args.offline && args.sendTest)
    throw new UsageError('--send-test talks to the networks: drop --offline');
  return args;
}

function absolute(value: string, name: string): URL {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url;
  } catch {
    // below
  }
  throw new UsageError(`${name} must be an http(s) URL, such as https://shop.example`);
}
