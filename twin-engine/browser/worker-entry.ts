/**
 * Web Worker side of the browser host: the whole engine runs here, off the UI thread, and speaks the
 * session protocol to the page.
 */
import { createEngineSession } from '../session/create-session';
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
const session = createEngineSession(bundledLibrary, { moduleHost });
sessionRef = session;
const server = new SessionServer(session, { post: (msg, transfer) => scope.postMessage(msg, transfer) });
scope.addEventListener('message', (ev) => server.handle(ev.data));
server.ready();
