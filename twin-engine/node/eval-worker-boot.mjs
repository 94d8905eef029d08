// Worker-thread entry that registers tsx before loading a TypeScript entry (workerData.entry, a file
// URL). `execArgv: ['--import', 'tsx']` does not reach worker threads under plain Node 20, so workers
// started from the CLI (bin/wardtwin.mjs registers tsx via its API) would fail to load .ts files.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
