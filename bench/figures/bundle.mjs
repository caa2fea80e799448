// The npm build's `init` bundled as a shop's bundler would (esbuild, minified, for the browser)
// against the script-tag file, both gzip -9 (Node's zlib, as the browser package's budget).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(join(BENCH_DIR, 'package.json'));

const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;

/** The figure: sizes in bytes (no repetition: a build is deterministic). */
export async function bundleFigure() {
  const browserDir = dirname(require.resolve('@affiliate-relay/browser/package.json'));
  const scriptTag = readFileSync(join(browserDir, 'dist/affiliate-relay.global.js'));
  const bundle = (legalComments) =>
    build({
      stdin: {
        contents: "import { init } from '@affiliate-relay/browser';\ninit();\n",
        resolveDir: BENCH_DIR,
        loader: 'js',
      },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
      legalComments,
    }).then((result) => result.outputFiles[0].contents);
  // esbuild's default puts js-cookie's licence at the end under a "Bundled license information" header; the
  // script-tag build keeps it inline. Both are reported: the default is the figure, inline is like for like.
  const npm = await bundle('eof');
  const npmInlineGzip = gzip(await bundle('inline'));
  const npmGzip = gzip(npm);
  const tagGzip = gzip(scriptTag);
  const hasDebugText = /\[affiliate-relay\]/.test(Buffer.from(npm).toString('utf8'));
  return {
    id: 'npm-bundle',
    title: "`import { init } from '@affiliate-relay/browser'`, bundled, gzip -9",
    kind: 'size',
    baseline: { name: 'the script-tag file', gzipBytes: tagGzip, minifiedBytes: scriptTag.length },
    subject: {
      gzipBytes: npmGzip,
      minifiedBytes: npm.length,
      inlineLicenceGzipBytes: npmInlineGzip,
      debugLogging: hasDebugText,
    },
    ratio: Math.round((npmGzip / tagGzip) * 1000) / 1000,
    difference: npmGzip - tagGzip,
    ratioMeaning: 'gzip bytes, subject / baseline (lower is better)',
    notes: `esbuild ${'bundle --minify --format=esm --platform=browser --target=es2022'} of \`init()\`; ${npmGzip - tagGzip >= 0 ? '+' : ''}${npmGzip - tagGzip} B; with js-cookie's licence inline as in the script tag ${npmInlineGzip} B (${npmInlineGzip - tagGzip >= 0 ? '+' : ''}${npmInlineGzip - tagGzip} B); debug logging ${hasDebugText ? 'present' : 'absent'}`,
  };
}
