/**
 * The engine process of the Electron host (a utilityProcess): an in-process session served over the
 * process's parent port, with a module host whose sandbox processes the main process starts
 * (sandbox-relay.ts). Kept free of Electron imports so tests run it in a stand-in utility process.
 */
import { randomUUID } from 'node:crypto';
import { createEngineSession } from '../../twin-engine/session/create-session';
import type { ScenarioLibrary } from '../../twin-engine/core/library';
import type { ModuleLoadRecord, SandboxModuleHost } from '../../twin-engine/modules-host/module-host';
import { createNodeModuleHost } from '../../twin-engine/node/module-host';
import type { InProcessSession } from '../../twin-engine/session/in-process';
import { RoleAuthority } from '../../twin-engine/session/roles';
import { SessionServer } from '../../twin-engine/session/server';
import { sandboxRelay } from './sandbox-relay';
import { labHost } from './lab-host';

export interface ParentPortLike {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

/**
 * `moduleHost` is built with the session's hook so every module load (with its files' SHA-256) is in
 * the audit log and the session's snapshot, as on the other hosts. `route` sees each message first and
 * returns true for those that are not the session's (the sandbox relay's replies).
 */
export function serveEngine(
  port: ParentPortLike,
  library: ScenarioLibrary,
  moduleHost?: (hooks: { onModuleLoad(rec: ModuleLoadRecord): void }) => SandboxModuleHost,
  route?: (m: unknown) => boolean,
): SessionServer {
  // A session with its own module host (the engine's, or a lab copy's: copies run their modules apart).
  const makeSession = (): InProcessSession => {
    let sessionRef: InProcessSession | null = null;
    const host = moduleHost?.({ onModuleLoad: (rec) => sessionRef?.recordModuleLoad(rec) });
    sessionRef = createEngineSession(library, { moduleHost: host, newSessionId: () => randomUUID() });
    return sessionRef;
  };
  const session = makeSession();
  // Only the main process reaches this port; it opens as instructor and guards each window itself.
  const authority = new RoleAuthority(session);
  const server = new SessionServer((req) => authority.connect(req), { post: (msg) => port.postMessage(msg) });
  // A lab over the network, on the main process's request (electron/shared/lab-control.ts).
  const lab = labHost(authority, makeSession, (r) => port.postMessage(r));
  port.on('message', (e) => {
    if (lab.handle(e.data)) return;
    if (!route?.(e.data)) server.handle(e.data);
  });
  server.ready();
  return server;
}

/** The whole engine process: the session, and modules in sandbox processes that main starts for it. */
export function serveEngineProcess(port: ParentPortLike, library: ScenarioLibrary): SessionServer {
  const relay = sandboxRelay((req) => port.postMessage(req));
  return serveEngine(port, library, (hooks) => createNodeModuleHost({ ...hooks, launcher: relay.launcher }), relay.handle);
}
