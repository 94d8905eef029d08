/** Builds the engine's in-process session over a scenario library (every host starts here). */
import type { OpenRequest, Session } from './api';
import { InProcessSession } from './in-process';
import { guardedSession } from './roles';
import type { SandboxModuleHost } from '../modules-host/module-host';
import type { ScenarioLibrary } from '../core/library';
import { createPlanLoader, type PlanLoaderOptions } from '../core/load';

export function createEngineSession(
  library: ScenarioLibrary,
  opts: PlanLoaderOptions & { moduleHost?: SandboxModuleHost; newSessionId?: () => string; auditKey?: Uint8Array | string } = {},
): InProcessSession {
  return new InProcessSession({ loadPlan: createPlanLoader(library, opts), moduleHost: opts.moduleHost, newSessionId: opts.newSessionId, auditKey: opts.auditKey });
}

/**
 * The in-process host as UIs and tests get it: one connection, with a role, to a fresh engine
 * (session/roles.ts enforces the role; disposing the connection disposes the engine).
 */
export function createSession(
  library: ScenarioLibrary,
  open: OpenRequest,
  opts: PlanLoaderOptions & { moduleHost?: SandboxModuleHost } = {},
): Session {
  return guardedSession(createEngineSession(library, opts), open);
}
