import { Worker } from 'node:worker_threads';
const t0 = performance.now();
const w = new Worker(new URL('./boot.mjs', import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: 64 } });
w.on('message', (m) => { console.log(m, performance.now() - t0); w.terminate(); });
w.on('error', (e) => console.log('ERR', e));
