/**
 * Ward or scenario text → a WardPlan whose beds play their scenarios (the same loader the session
 * uses; exports drive the WardEngine directly because WFDB annotations need the monitor's beats).
 */
import { libraryFromFiles } from '../core/library';
import { createPlanLoader } from '../core/load';
import type { WardPlan } from '../core/ward-engine';
import type { ReadFile } from '../scenario/index';

export function playablePlan(text: string, fileName: string, readFile: ReadFile, runSeed?: number): WardPlan {
  return createPlanLoader(libraryFromFiles({}), { readFile })({ kind: 'text', fileName, text, seed: runSeed });
}
