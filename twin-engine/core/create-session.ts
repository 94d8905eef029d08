/** Builds the engine's in-process session over a scenario library (every host starts here). */
import { InProcessSession } from '../session/in-process';
import type { ScenarioLibrary } from './library';
import { createPlanLoader, type PlanLoaderOptions } from './load';

export function createEngineSession(library: ScenarioLibrary, opts: PlanLoaderOptions = {}): InProcessSession {
  return new InProcessSession({ loadPlan: createPlanLoader(library, opts) });
}
