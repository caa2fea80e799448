#!/usr/bin/env node
import { run } from './run';

// `npx affiliate-relay …`: the bin entry of @affiliate-relay/node (tsup's `cli` entry). Reads the
// delivery store directly; never needs the shop's app running.
run(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  isTTY: process.stdout.isTTY === true,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`affiliate-relay: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
