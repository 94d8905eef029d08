/** A Session whose engine runs in a Node worker thread, speaking the same protocol as the Web Worker host. */
import type { OpenRequest, Session } from '../session/api';
import { RemoteSession, messageTransport } from '../session/client';
import { startTsWorker } from './ts-worker';

export function createThreadSession(opts: { scenariosDir?: string; open?: OpenRequest } = {}): Session {
  const worker = startTsWorker(new URL('./thread-entry.ts', import.meta.url), { scenariosDir: opts.scenariosDir });
  const transport = messageTransport({
    post: (msg, transfer) => worker.postMessage(msg, transfer ?? []),
    listen: (handler) => worker.on('message', handler),
    close: async () => {
      await worker.terminate();
    },
  }, opts.open ?? { role: 'instructor' });
  worker.on('error', (err) => console.error('WardTwin engine thread failed:', err));
  return new RemoteSession(transport, 'worker-thread');
}
