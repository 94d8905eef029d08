#!/usr/bin/env node
// The wardtwin command. It runs a prebuilt bundle of the CLI (scripts/build-cli.mjs), made on first use
// and again whenever an engine source is newer, so a command starts without transpiling TypeScript.
// WARDTWIN_CLI_FROM_SOURCE=1 runs the TypeScript sources through tsx instead (debugging).
import { bundleIsCurrent, buildCli, CLI_BUNDLE } from '../scripts/build-cli.mjs';
import { pathToFileURL } from 'node:url';

let main;
if (process.env.WARDTWIN_CLI_FROM_SOURCE === '1') {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../twin-engine/cli/main.ts'));
} else {
  if (!bundleIsCurrent()) await buildCli();
  ({ main } = await import(pathToFileURL(CLI_BUNDLE).href));
}
process.exitCode = await main(process.argv.slice(2));
