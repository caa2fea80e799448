import { createHash } from 'node:crypto';
import type { DoctorCheck } from '../../clients/network-doctor';
import { type Answer, failureOf, fetchAnswer } from './fetch-answer';
import { NETWORK_DOCTORS } from './networks';

/** Redirects the landing check follows before it gives up. */
const MAX_REDIRECTS = 5;

/**
 * Each network's click landing (`/?avad=…`, `/?clickSource=aflite&clickSessionID=…`) answers 200,
 * after redirects that keep its query if any, then the script of the landing page: served as
 * JavaScript, and matching its `integrity` hash when the tag has one. The landing requests carry
 * `Sec-GPC: 1`, which the relay honours by default: a server-side capture records nothing.
 *
 * @example
 * const checks = await landingChecks(new URL('https://shop.example'), { landing: '/' });
 */
export async function landingChecks(
  url: URL,
  options: { landing: string; script?: string },
): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  let page: { url: URL; html: string } | undefined;
  for (const network of NETWORK_DOCTORS) {
    if (!network.landingQuery) continue;
    const target = new URL(options.landing, url);
    for (const [name, value] of Object.entries(network.landingQuery)) target.searchParams.set(name, value);
    const { check, html, final } = await followLanding(`landing.${network.id}`, target, network.landingQuery);
    checks.push(check);
    if (html !== undefined && final && !page) page = { url: final, html };
  }
  checks.push(...(await scriptChecks(url, page, options.script)));
  return checks;
}

async function followLanding(
  id: string,
  start: URL,
  query: Readonly<Record<string, string>>,
): Promise<{ check: DoctorCheck; html?: string; final?: URL }> {
  const shown = `${start.pathname}${start.search}`;
  let current = start;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop += 1) {
    let answer: Answer;
    try {
      answer = await fetchAnswer(current, {
        headers: { 'sec-gpc': '1', 'user-agent': 'affiliate-relay-doctor' },
      });
    } catch (error) {
      return {
        check: {
          id,
          status: 'fail',
          detail: `${current.href} could not be reached: ${failureOf(error)}`,
          fix: 'Check the URL, DNS and TLS of the shop',
        },
      };
    }
    const location = answer.headers.get('location');
    if (answer.status >= 300 && answer.status < 400 && location) {
      const next = new URL(location, current);
      const lost = Object.keys(query).filter((name) => next.searchParams.get(name) !== query[name]);
      if (lost.length > 0) {
        return {
          check: {
            id,
            status: 'fail',
            detail: `${shown} answered ${answer.status} to ${next.pathname}${next.search}: the redirect drops ?${lost.join(', ?')}, so the click is lost`,
            fix: 'Keep the query string across the redirect (http→https, www, trailing slash, locale rules): affiliates link to any page',
          },
        };
      }
      current = next;
      continue;
    }
    if (answer.status === 200) {
      const after = hop > 0 ? ` after ${hop} redirect(s) that keep the query` : '';
      return {
        check: { id, status: 'pass', detail: `${shown} answered 200${after}` },
        html: answer.text(),
        final: current,
      };
    }
    return {
      check: {
        id,
        status: 'fail',
        detail: `${shown} answered ${answer.status}`,
        fix: 'A landing with a click in its query must render (200): pass --landing with a page that exists',
      },
    };
  }
  return {
    check: {
      id,
      status: 'fail',
      detail: `${shown}: more than ${MAX_REDIRECTS} redirects`,
      fix: 'Remove the redirect loop',
    },
  };
}

/** The browser script's tag on a page: its `src` and `integrity`, if any. */
function scriptTag(html: string): { src: string; integrity?: string } | undefined {
  for (const match of html.matchAll(/<script\b([^>]*)>/gi)) {
    const attributes = match[1] ?? '';
    const src = /\bsrc\s*=\s*["']([^"']+)["']/i.exec(attributes)?.[1];
    if (!src || !/affiliate-relay/i.test(src)) continue;
    const integrity = /\bintegrity\s*=\s*["']([^"']+)["']/i.exec(attributes)?.[1];
    return integrity ? { src, integrity } : { src };
  }
  return undefined;
}

async function scriptChecks(
  url: URL,
  page: { url: URL; html: string } | undefined,
  given?: string,
): Promise<DoctorCheck[]> {
  const tag = page ? scriptTag(page.html) : undefined;
  const src = given ?? tag?.src;
  if (!src) {
    return [
      {
        id: 'script.found',
        status: 'warn',
        detail: 'no affiliate-relay script tag on the landing page',
        fix: 'Add the script tag to the landing (or pass --landing with a page that has it, or --script)',
      },
    ];
  }
  const scriptUrl = new URL(src, page?.url ?? url);
  let answer: Answer;
  try {
    answer = await fetchAnswer(scriptUrl);
  } catch (error) {
    return [
      {
        id: 'script.found',
        status: 'fail',
        detail: `${scriptUrl.href} could not be reached: ${failureOf(error)}`,
        fix: 'Serve the script at its src',
      },
    ];
  }
  if (answer.status !== 200) {
    return [
      {
        id: 'script.found',
        status: 'fail',
        detail: `${scriptUrl.pathname} answered ${answer.status}`,
        fix: 'Serve the script file at the src of its tag',
      },
    ];
  }
  const type = answer.headers.get('content-type') ?? '';
  const checks: DoctorCheck[] = [
    /^(text|application)\/(x-)?(javascript|ecmascript)\b/i.test(type.trim())
      ? { id: 'script.content-type', status: 'pass', detail: `${scriptUrl.pathname}: ${type}` }
      : {
          id: 'script.content-type',
          status: 'fail',
          detail: `${scriptUrl.pathname} is served as ${type || 'no Content-Type'}: with nosniff a browser refuses to run it`,
          fix: 'Serve the script with Content-Type: text/javascript',
        },
  ];
  checks.push(sriCheck(tag?.integrity, answer.body));
  return checks;
}

function sriCheck(integrity: string | undefined, body: Uint8Array): DoctorCheck {
  const id = 'script.sri';
  if (!integrity)
    return { id, status: 'pass', detail: 'no integrity attribute on the tag (nothing to match)' };
  const hashes = integrity.split(/\s+/).filter(Boolean);
  const actual = (algorithm: string) => createHash(algorithm).update(body).digest('base64');
  for (const hash of hashes) {
    const [algorithm = '', expected] = hash.split('-', 2) as [string, string | undefined];
    if (!['sha256', 'sha384', 'sha512'].includes(algorithm)) continue;
    if (expected && actual(algorithm) === expected.split('?')[0]) {
      return { id, status: 'pass', detail: `the file matches its ${algorithm} integrity hash` };
    }
  }
  return {
    id,
    status: 'fail',
    detail: "the file does not match the tag's integrity hash: browsers refuse to run it",
    fix: `Update the tag's integrity to sha384-${actual('sha384')} (or serve the file the hash was made from)`,
  };
}
