/** Builds the engine's in-process session over a scenario library (every host starts here). */
import { InProcessSession } from './in-process';
import type { SandboxModuleHost } from '../modules-host/module-host';
import type { ScenarioLibrary } from '../core/library';
import { createPlanLoader, type PlanLoaderOptions } from '../core/load';

export function createEngineSession(
  library: ScenarioLibrary,
  opts: PlanLoaderOptions & { moduleHost?: SandboxModuleHost } = {},
): InProcessSession {
  return new InProcessSession({ loadPlan: createPlanLoader(library, opts), moduleHost: opts.moduleHost });
}
