/**
 * Turns a load request (a library path or file text) into a ward plan: ward files as they are, a
 * single scenario as a one-bed ward. Parsing and validation live in ../scenario; a file with errors
 * is refused with every diagnostic, each naming file:line:column.
 */
import { toBedMonitorSettings } from '../scenario/monitor-settings';
import { formatDiagnostic, parseCohort, parseScenario, parseWard, profileOf, sampleCohort, type Diagnostic, type Ward } from '../scenario/index';
import { bedControlFor } from '../scenario/bed-adapter';
import { ScenarioRuntime } from '../scenario/runtime';
import type { LoadSource } from '../shared/session-data';
import type { BedPlan } from './bed';
import { normalizePath, type ScenarioLibrary } from './library';
import type { WardPlan } from './ward-engine';

/** Most diagnostics quoted in one error message; the rest are counted. */
const MAX_QUOTED = 12;

export { detectKind, type FileKind } from '../scenario/kind';
import { detectKind } from '../scenario/kind';

export class LoadError extends Error {
  constructor(
    readonly fileName: string,
    readonly diagnostics: Diagnostic[],
  ) {
    const shown = diagnostics.slice(0, MAX_QUOTED).map(formatDiagnostic);
    const more = diagnostics.length > MAX_QUOTED ? `\n… and ${diagnostics.length - MAX_QUOTED} more` : '';
    super(`${fileName} has ${diagnostics.length} error${diagnostics.length === 1 ? '' : 's'}:\n${shown.join('\n')}${more}`);
  }
}

/** Mix a run seed with a bed's own seed (splitmix-style avalanche), so seeds stay independent per bed. */
export function mixSeed(runSeed: number, bedSeed: number): number {
  let z = (Math.imul(runSeed >>> 0, 0x9e3779b1) ^ (bedSeed >>> 0)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

export interface PlanLoaderOptions {
  /** Extra file access for text sources that reference files outside the library (CLI: the disk). */
  readFile?: (path: string) => string;
}

export function createPlanLoader(library: ScenarioLibrary, opts: PlanLoaderOptions = {}): (source: LoadSource) => WardPlan {
  return (source) => {
    const fileName = source.kind === 'builtin' ? normalizePath(source.path) : source.fileName;
    const text = source.kind === 'builtin' ? library.read(fileName) : source.text;
    const files = source.kind === 'text' ? source.files ?? {} : {};
    const readFile = (path: string): string => {
      if (path in files) return files[path];
      if (opts.readFile) {
        try {
          return opts.readFile(path);
        } catch {
          /* fall back to the library */
        }
      }
      return library.read(path);
    };
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
      ward = {
        id: s.id,
        title: s.title,
        description: null,
        sourceFile: fileName,
        beds: [
          {
            id: 'bed-1',
            label: 'Bed 1',
            seed: 1,
            startOffsetS: 0,
            scenarioFile: fileName,
            scenario: s,
            profile: profileOf(s),
            patientName: s.patient.name ?? null,
            monitor: toBedMonitorSettings(s.monitor),
          },
        ],
      };
    } else {
      return cohortPlan(text, fileName, readFile, source.cohortSize ?? DEFAULT_COHORT_SIZE, source.seed ?? 1);
    }
    return toPlan(ward, source.seed);
  };
}

/** Patients sampled from a cohort file when no size is given. */
export const DEFAULT_COHORT_SIZE = 200;
/** More beds than this in one live session would not be a ward any more: evaluate larger cohorts with `wardtwin eval`. */
const MAX_COHORT_BEDS = 2000;

/**
 * A cohort as one ward: every sampled patient in a bed of their own (bed id = the instance id), playing
 * their own scenario instance. Sampling depends only on file, size and seed.
 */
function cohortPlan(text: string, fileName: string, readFile: (p: string) => string, n: number, seed: number): WardPlan {
  if (!Number.isInteger(n) || n < 1 || n > MAX_COHORT_BEDS) throw new Error(`Cohort size must be an integer from 1 to ${MAX_COHORT_BEDS}; got ${n}`);
  const r = parseCohort(text, fileName, readFile);
  if (!r.ok) throw new LoadError(fileName, r.diagnostics);
  const cohort = r.value;
  const beds: BedPlan[] = sampleCohort(cohort, n, seed).map((inst) => ({
    bedId: inst.id,
    label: inst.label,
    profile: inst.profile,
    seed: inst.seed,
    startOffsetS: inst.startOffsetS,
    ...(inst.monitor ? { monitor: inst.monitor } : {}),
    scenarioTitle: inst.deteriorates ? inst.scenario.title : null,
    states: Object.keys(inst.scenario.states),
    attachScenario: (bed) => new ScenarioRuntime(inst.scenario, bedControlFor(() => bed.patient, () => bed.monitor.numerics)),
  }));
  return { wardId: cohort.id, title: `${cohort.title} (${n} patients, seed ${seed})`, sourceFile: fileName, beds };
}

function toPlan(ward: Ward, runSeed: number | undefined): WardPlan {
  const beds: BedPlan[] = ward.beds.map((b) => ({
    bedId: b.id,
    label: b.label,
    profile: b.profile,
    seed: runSeed === undefined ? b.seed : mixSeed(runSeed, b.seed),
    startOffsetS: b.startOffsetS,
    ...(b.monitor ? { monitor: b.monitor } : {}),
    scenarioTitle: b.scenarioFile === null ? null : b.scenario.title,
    states: Object.keys(b.scenario.states),
    // The runtime reads the bed through getters: a restore replaces the bed's model and monitor.
    attachScenario: (bed) => new ScenarioRuntime(b.scenario, bedControlFor(() => bed.patient, () => bed.monitor.numerics)),
  }));
  return { wardId: ward.id, title: ward.title, sourceFile: ward.sourceFile, beds };
}
