/**
 * Engine side of the Node worker-thread host: the same SessionServer the browser's Web Worker runs,
 * over worker_threads' parentPort (used by the contract suite and by parallel evaluation).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { RoleAuthority } from '../session/roles';
import { SessionServer } from '../session/server';
import { createNodeSession } from './create-node-session';

if (!parentPort) throw new Error('thread-entry must run in a worker thread');
const port = parentPort;
const session = createNodeSession({ scenariosDir: (workerData as { scenariosDir?: string } | null)?.scenariosDir });
const authority = new RoleAuthority(session);
// Batched like the browser's Web Worker (worker-entry.ts), so the contract suite covers that path.
const server = new SessionServer((req) => authority.connect(req, { hostKind: 'worker-thread' }), { post: (msg, transfer) => port.postMessage(msg, transfer) }, { batch: true });
port.on('message', (m) => server.handle(m));
server.ready();
