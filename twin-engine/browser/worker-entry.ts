/**
 * Web Worker side of the browser host: the whole engine runs here, off the UI thread, and speaks the
 * session protocol to the page.
 */
import { createEngineSession } from '../session/create-session';
import { RoleAuthority } from '../session/roles';
import { SessionServer } from '../session/server';
import { bundledLibrary } from './library-bundled';
import { createBrowserModuleHost } from './module-host';
import { builtinModuleFiles } from './builtin-modules';

interface WorkerScope {
  postMessage(msg: unknown, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (ev: MessageEvent) => void): void;
}

const scope = self as unknown as WorkerScope;
let sessionRef: ReturnType<typeof createEngineSession> | null = null;
const moduleHost = createBrowserModuleHost({
  builtins: builtinModuleFiles,
  onModuleLoad: (rec) => sessionRef?.recordModuleLoad(rec),
});
const session = createEngineSession(bundledLibrary, { moduleHost, newSessionId: randomSessionId });
sessionRef = session;
// The page asks for a role in its hello; this worker (the host) enforces it, not the page.
const authority = new RoleAuthority(session);
// Batched: one message per engine tick to the page, not one per waveform chunk (issue 15).
const server = new SessionServer((req) => authority.connect(req, { hostKind: 'worker' }), { post: (msg, transfer) => scope.postMessage(msg, transfer) }, { batch: true });
scope.addEventListener('message', (ev) => server.handle(ev.data));
server.ready();

/** A random audit session id. getRandomValues, not randomUUID: the latter needs a secure context, and
 * `npm run web -- --host` opened from another machine over plain http is not one. */
function randomSessionId(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}
