import 'ses';
import { parentPort } from 'node:worker_threads';
import { getHeapStatistics } from 'node:v8';
lockdown({ errorTaming: 'unsafe', overrideTaming: 'severe', consoleTaming: 'unsafe', evalTaming: 'safe-eval', stackFiltering: 'verbose' });
const c = new Compartment({ globals: { x: 1 }, __options__: true });
const hs: any = getHeapStatistics();
parentPort!.postMessage({ v: c.evaluate('x + 1'), ext: hs.external_memory, mu: process.memoryUsage().arrayBuffers });
