// Boots a TypeScript worker-thread entry through tsx, so Node hosts need no build step.
// (`execArgv: ['--import', 'tsx']` is not honoured by worker threads on Node 20; register() is.)
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
