/**
 * Ward or scenario text → a WardPlan whose beds play their scenarios. core/load.ts builds plans without
 * attaching the scenario runtime (see the report to the lead); exports need the scenario to run, so
 * this mirrors load.ts and attaches a ScenarioRuntime to each bed.
 */
import type { BedPlan } from '../core/bed';
import { detectKind, LoadError, mixSeed } from '../core/load';
import type { WardPlan } from '../core/ward-engine';
import { bedControlFor, parseScenario, parseWard, profileOf, ScenarioRuntime, type ReadFile, type Ward } from '../scenario/index';

export function playablePlan(text: string, fileName: string, readFile: ReadFile, runSeed?: number): WardPlan {
  const kind = detectKind(text);
  let ward: Ward;
  if (kind === 'ward') {
    const r = parseWard(text, fileName, readFile);
    if (!r.ok) throw new LoadError(fileName, r.diagnostics);
    ward = r.value;
  } else if (kind === 'scenario') {
    const r = parseScenario(text, fileName);
    if (!r.ok) throw new LoadError(fileName, r.diagnostics);
    const s = r.value;
    ward = { id: s.id, title: s.title, description: null, sourceFile: fileName, beds: [{ id: 'bed-1', label: 'Bed 1', seed: 1, startOffsetS: 0, scenarioFile: fileName, scenario: s, profile: profileOf(s), patientName: null }] };
  } else throw new Error(`${fileName} is a cohort: evaluate cohorts with 'wardtwin eval'`);
  const beds: BedPlan[] = ward.beds.map((b) => ({
    bedId: b.id,
    label: b.label,
    profile: b.profile,
    seed: runSeed === undefined ? b.seed : mixSeed(runSeed, b.seed),
    startOffsetS: b.startOffsetS,
    scenarioTitle: b.scenarioFile === null ? null : b.scenario.title,
    attachScenario: b.scenarioFile === null ? undefined : (bed) => new ScenarioRuntime(b.scenario, bedControlFor(() => bed.patient, () => bed.monitor.numerics)),
  }));
  return { wardId: ward.id, title: ward.title, sourceFile: ward.sourceFile, beds };
}
