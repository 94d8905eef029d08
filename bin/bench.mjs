#!/usr/bin/env node
// `npm run bench`: one JSON object per line, {"bench": "<stable.dotted.name>", "value": n, "unit": "..."}.
import { register } from 'tsx/esm/api';

register();
const { runBenchmarks } = await import('../tests/bench/run.ts');
await runBenchmarks(process.argv.slice(2));
