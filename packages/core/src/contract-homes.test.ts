import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isBuiltInNetwork, isNetworkId, NETWORK_ID_PATTERN, NETWORKS } from './networks';
import { beaconSchema, touchSchema } from './schemas/index';

/*
 * The contract has one home, in core's root entry: the other packages import it, never restate it. These checks
 * read the published packages' sources (tests and fixtures aside) for restated copies.
 */
const packages = fileURLToPath(new URL('../..', import.meta.url));

function sources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.ts$/.test(entry.name) && !/\.(test|spec|fixture)\.ts$|\.d\.ts$/.test(entry.name) ? [path] : [];
  });
}

const files = ['core', 'browser', 'node', 'testkit'].flatMap((name) => sources(join(packages, name, 'src')));

/** The files (relative to packages/) whose text matches `pattern`. */
const holding = (pattern: RegExp) =>
  files.filter((file) => pattern.test(readFileSync(file, 'utf8'))).map((file) => relative(packages, file));

describe('one home for each contract constant and generator', () => {
  it('reads the sources of every published package', () => {
    for (const name of ['core', 'browser', 'node', 'testkit']) {
      expect(files.some((file) => file.startsWith(join(packages, name, 'src')))).toBe(true);
    }
  });

  it('spells the list of network ids once: NETWORKS in core/src/networks.ts', () => {
    // A list (`'avantlink', 'aflite'`), a union (`'avantlink' | 'aflite'`) or a check (`=== 'avantlink' || … 'aflite'`).
    const restated =
      /['"]avantlink['"]\s*[,|&][^\n]{0,40}['"]aflite['"]|['"]aflite['"]\s*[,|&][^\n]{0,40}['"]avantlink['"]/;
    expect(holding(restated)).toEqual(['core/src/networks.ts']);
  });

  it('derives the network checks from NETWORK_ID_PATTERN, the built-in ones from NETWORKS', () => {
    for (const network of [...NETWORKS, 'cj', 'ledger']) {
      expect(isNetworkId(network)).toBe(true);
      expect(touchSchema.shape.network.safeParse(network).success).toBe(true);
    }
    for (const network of NETWORKS) expect(isBuiltInNetwork(network)).toBe(true);
    expect(isBuiltInNetwork('cj')).toBe(false);
    for (const id of ['CJ', 'c', 'c_j']) {
      expect(NETWORK_ID_PATTERN.test(id)).toBe(false);
      expect(isNetworkId(id)).toBe(false);
      expect(beaconSchema.shape.touches.element.shape.network.safeParse(id).success).toBe(false);
    }
  });

  it('defines one visitor-id generator and one base64url encoder and decoder, in core', () => {
    expect(holding(/function newVisitorId\b|newVisitorId\s*=/)).toEqual(['core/src/visitor-id.ts']);
    expect(holding(/btoa\(/)).toEqual(['core/src/base64url.ts', 'node/src/http/redact.ts']);
    expect(holding(/atob\(/)).toEqual(['core/src/base64url.ts']);
  });

  it('writes the visitor-id pattern once', () => {
    expect(holding(/A-Za-z0-9_-\]\{8,64\}/)).toEqual(['core/src/visitor-id.ts']);
  });
});
