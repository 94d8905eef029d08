/** Runs electron/engine/serve.ts in a worker thread, with worker_threads' port shaped like Electron's parentPort. */
import { parentPort } from 'node:worker_threads';
import { serveEngine } from '../../electron/engine/serve';
import { fsLibrary } from '../../twin-engine/node/library-fs';
import { createNodeModuleHost } from '../../twin-engine/node/module-host';

if (!parentPort) throw new Error('must run in a worker thread');
const port = parentPort;
serveEngine(
  {
    on: (_event, listener) => port.on('message', (data) => listener({ data })),
    postMessage: (m) => port.postMessage(m),
  },
  fsLibrary(),
  (hooks) => createNodeModuleHost(hooks),
);
