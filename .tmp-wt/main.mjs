import { Worker } from 'node:worker_threads';
const w = new Worker(new URL('./w.mjs', import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: 64 } });
w.on('message', (m) => { console.log(m); w.terminate(); });
w.on('error', (e) => console.log('ERR', e));
