/**
 * Cohort patients → ward plans the engine can run. `core/load.ts` refuses cohort files for live wards
 * (a cohort is a population, not a ward), so evaluation builds its plans here: one sampled patient per
 * one-bed ward, with the patient's scenario runtime attached to the bed. One bed per plan keeps every
 * patient's simulation independent of which other patients share a worker, which is what makes the
 * metrics identical whatever the worker count or sharding.
 */
import type { BedPlan } from '../core/bed';
import type { WardPlan } from '../core/ward-engine';
import { bedControlFor, parseCohort, sampleCohort, ScenarioRuntime, formatDiagnostic, type Cohort, type CohortInstance, type ReadFile } from '../scenario/index';

export function loadCohort(text: string, fileName: string, readFile: ReadFile): Cohort {
  const r = parseCohort(text, fileName, readFile);
  if (!r.ok) throw new Error(`${fileName} has ${r.diagnostics.length} error(s):\n${r.diagnostics.slice(0, 12).map(formatDiagnostic).join('\n')}`);
  return r.value;
}

/** The one-bed ward that plays cohort instance `inst`. Bed id is the instance id (stable across shards). */
export function instancePlan(cohort: Cohort, inst: CohortInstance): WardPlan {
  const bed: BedPlan = {
    bedId: inst.id,
    label: inst.label,
    profile: inst.profile,
    seed: inst.seed,
    startOffsetS: inst.startOffsetS,
    ...(inst.monitor ? { monitor: inst.monitor } : {}),
    scenarioTitle: inst.scenarioFile === null ? null : inst.scenario.title,
    attachScenario: (b) => new ScenarioRuntime(inst.scenario, bedControlFor(() => b.patient, () => b.monitor.numerics)),
  };
  return { wardId: `${cohort.id}-${inst.index + 1}`, title: cohort.title, sourceFile: cohort.sourceFile, beds: [bed] };
}

export { sampleCohort };
