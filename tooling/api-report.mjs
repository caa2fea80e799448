// API reports (api-extractor), one per public entry point of the package in the current directory.
// `node ../../tooling/api-report.mjs` checks: it fails when a report differs from what the built .d.ts declare.
// `node ../../tooling/api-report.mjs --update` rewrites the reports in api/ (commit them with the change).
// The entries are read from package.json's `exports` map (every subpath with `import.types`), so a new entry point
// gets its report without editing this file. The reports read dist/, so build the package first.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';
import ts from 'typescript';

const update = process.argv.includes('--update');
const packageFolder = process.cwd();
const packageJsonPath = path.join(packageFolder, 'package.json');
const manifest = JSON.parse(readFileSync(packageJsonPath, 'utf8'));
const shortName = manifest.name.replace(/^@[^/]+\//, '');
const reportFolder = path.join(packageFolder, 'api');
const tempFolder = path.join(packageFolder, 'node_modules', '.api-report');
mkdirSync(tempFolder, { recursive: true });
if (update) mkdirSync(reportFolder, { recursive: true });
// The package's own lib and ambient types (core: ES only; browser: DOM), so names such as `Touch` resolve as in src.
const tsconfig = ts.readConfigFile(path.join(packageFolder, 'tsconfig.json'), ts.sys.readFile).config ?? {};
const lib = tsconfig.compilerOptions?.lib ?? ['es2022'];
const types = tsconfig.compilerOptions?.types ?? [];

const entries = Object.entries(manifest.exports ?? {}).flatMap(([subpath, target]) => {
  const types = typeof target === 'object' ? target?.import?.types : undefined;
  if (typeof types !== 'string') return [];
  const suffix = subpath === '.' ? '' : `-${subpath.replace(/^\.\//, '').replaceAll('/', '-')}`;
  return [{ subpath, types: path.join(packageFolder, types), reportName: `${shortName}${suffix}` }];
});

let failed = false;
for (const entry of entries) {
  if (!existsSync(entry.types)) {
    console.error(`api-report: ${entry.types} is missing; build ${manifest.name} first`);
    failed = true;
    continue;
  }
  const config = ExtractorConfig.prepare({
    packageJsonFullPath: packageJsonPath,
    configObjectFullPath: path.join(packageFolder, 'api-extractor.json'),
    configObject: {
      projectFolder: packageFolder,
      mainEntryPointFilePath: entry.types,
      bundledPackages: [],
      compiler: {
        overrideTsconfig: {
          compilerOptions: {
            target: 'es2022',
            module: 'nodenext',
            moduleResolution: 'nodenext',
            lib,
            types,
            strict: true,
            skipLibCheck: true,
          },
        },
      },
      apiReport: {
        enabled: true,
        reportFileName: `${entry.reportName}.api.md`,
        reportFolder,
        reportTempFolder: tempFolder,
        includeForgottenExports: false,
      },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      newlineKind: 'lf',
      messages: {
        compilerMessageReporting: { default: { logLevel: 'warning' } },
        extractorMessageReporting: {
          default: { logLevel: 'warning', addToApiReportFile: true },
          // Release tags (@public/@beta) are not used: everything exported is public.
          'ae-missing-release-tag': { logLevel: 'none' },
          // A type reachable from the API but not exported by name shows in the report, so review sees it.
          'ae-forgotten-export': { logLevel: 'none', addToApiReportFile: true },
          // Missing docs already show inline as `(undocumented)`; one footer line each would only add noise.
          'ae-undocumented': { logLevel: 'none', addToApiReportFile: false },
        },
        tsdocMessageReporting: { default: { logLevel: 'none' } },
      },
    },
  });
  const result = Extractor.invoke(config, { localBuild: update, showVerboseMessages: false });
  if (!result.succeeded) {
    failed = true;
    console.error(
      `api-report: ${manifest.name} ${entry.subpath}: ${result.errorCount} errors, ${result.warningCount} warnings` +
        (result.apiReportChanged
          ? `; the public API changed: run \`pnpm api:update\` and commit api/${entry.reportName}.api.md`
          : ''),
    );
  } else if (update && result.apiReportChanged) {
    console.log(`api-report: updated api/${entry.reportName}.api.md`);
  }
}
if (entries.length === 0) {
  console.error(`api-report: ${manifest.name} has no exports with types`);
  failed = true;
}
process.exit(failed ? 1 : 0);
