/**
 * The engine session as Node hosts build it (CLI, worker threads, Electron's engine process, tests):
 * the scenario library from disk and diagnostic modules in sandboxed worker threads and processes.
 */
import { createEngineSession } from '../session/create-session';
import type { PlanLoaderOptions } from '../core/load';
import type { ModuleLoadRecord } from '../modules-host/module-host';
import type { OpenRequest, Session } from '../session/api';
import type { InProcessSession } from '../session/in-process';
import { guardedSession } from '../session/roles';
import { fsLibrary } from './library-fs';
import { createNodeModuleHost } from './module-host';

export interface NodeSessionOptions extends PlanLoaderOptions {
  scenariosDir?: string;
  /** Called when a module loads (with the SHA-256 of its files), e.g. for the audit log. */
  onModuleLoad?(rec: ModuleLoadRecord): void;
  /** HMAC key that signs the audit log's seal (a lab's key). */
  auditKey?: Uint8Array | string;
}

export function createNodeSession(opts: NodeSessionOptions = {}): InProcessSession {
  let session: InProcessSession | null = null;
  const moduleHost = createNodeModuleHost({
    onModuleLoad: (rec) => {
      session?.recordModuleLoad(rec);
      opts.onModuleLoad?.(rec);
    },
  });
  session = createEngineSession(fsLibrary(opts.scenariosDir), { readFile: opts.readFile, moduleHost, auditKey: opts.auditKey });
  return session;
}

/** The in-process host with a role: one guarded connection to a fresh Node engine session. */
export function openNodeSession(open: OpenRequest, opts: NodeSessionOptions = {}): Session {
  return guardedSession(createNodeSession(opts), open);
}
