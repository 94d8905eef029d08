/**
 * The engine process of the Electron host (a utilityProcess): an in-process session served over the
 * process's parent port. Kept free of Electron imports so tests can run it in a worker thread.
 */
import { randomUUID } from 'node:crypto';
import { createEngineSession } from '../../twin-engine/session/create-session';
import type { ScenarioLibrary } from '../../twin-engine/core/library';
import type { ModuleLoadRecord, SandboxModuleHost } from '../../twin-engine/modules-host/module-host';
import type { InProcessSession } from '../../twin-engine/session/in-process';
import { RoleAuthority } from '../../twin-engine/session/roles';
import { SessionServer } from '../../twin-engine/session/server';

export interface ParentPortLike {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

/**
 * `moduleHost` is built with the session's hook so every module load (with its files' SHA-256) is in
 * the audit log and the session's snapshot, as on the other hosts.
 */
export function serveEngine(port: ParentPortLike, library: ScenarioLibrary, moduleHost?: (hooks: { onModuleLoad(rec: ModuleLoadRecord): void }) => SandboxModuleHost): SessionServer {
  let sessionRef: InProcessSession | null = null;
  const host = moduleHost?.({ onModuleLoad: (rec) => sessionRef?.recordModuleLoad(rec) });
  const session = createEngineSession(library, { moduleHost: host, newSessionId: () => randomUUID() });
  sessionRef = session;
  // Only the main process reaches this port; it opens as instructor and guards each window itself.
  const authority = new RoleAuthority(session);
  const server = new SessionServer((req) => authority.connect(req), { post: (msg) => port.postMessage(msg) });
  port.on('message', (e) => server.handle(e.data));
  server.ready();
  return server;
}
