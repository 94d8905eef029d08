/** Page side of the browser host: a Session whose engine runs in a dedicated Web Worker. */
import type { OpenRequest, Session } from '../session/api';
import { RemoteSession, messageTransport } from '../session/client';

/** `open`: the role the page asks for; the worker decides (a student cannot open as instructor without the PIN). */
export function createWorkerSession(open: OpenRequest): Session {
  const worker = new Worker(new URL('./worker-entry.ts', import.meta.url), { type: 'module', name: 'wardtwin-engine' });
  const transport = messageTransport({
    post: (msg, transfer) => worker.postMessage(msg, transfer ?? []),
    listen: (handler) => worker.addEventListener('message', (ev) => handler(ev.data)),
    close: async () => worker.terminate(),
  }, open);
  worker.addEventListener('error', (ev) => console.error('WardTwin engine worker failed:', ev.message));
  return new RemoteSession(transport, 'worker');
}
