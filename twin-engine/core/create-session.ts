/** Builds the engine's in-process session over a scenario library (every host starts here). */
import type { OpenRequest, Session } from '../session/api';
import { InProcessSession } from '../session/in-process';
import { guardedSession } from '../session/roles';
import type { SandboxModuleHost } from '../modules-host/module-host';
import type { ScenarioLibrary } from './library';
import { createPlanLoader, type PlanLoaderOptions } from './load';

export function createEngineSession(
  library: ScenarioLibrary,
  opts: PlanLoaderOptions & { moduleHost?: SandboxModuleHost } = {},
): InProcessSession {
  return new InProcessSession({ loadPlan: createPlanLoader(library, opts), moduleHost: opts.moduleHost });
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
