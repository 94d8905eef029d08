/**
 * Wards: a list of beds, each either playing a scenario file or holding a stable patient.
 */
import { hashString32 } from '../util/prng';
import type { Diagnostic, LoadResult } from './diagnostics';
import { resolveRef } from './paths';
import { parseScenario, profileOf, type Scenario } from './scenario';
import { patient } from './scenario-schema';
import { monitorSettingsSchema, toBedMonitorSettings, type BedMonitorSettings } from './monitor-settings';
import { anyQty, arr, dflt, literal, map, num, obj, opt, qty, req, str, type Infer } from './schema';
import { INVALID, parseYaml, reportAt, sortDiagnostics, validate } from './validate-yaml';
import type { PatientProfile } from './vocab';

const BED_ID_RE = /^[a-z0-9][a-z0-9_-]*$/;
const DAY_S = 86_400;

const bedSchema = obj(
  {
    id: req(str({ pattern: BED_ID_RE, patternWhat: "a bed id like 'bed-1'" })),
    label: opt(str({ minLength: 1 })),
    scenario: opt(str({ pattern: /\.ya?ml$/, patternWhat: "a scenario file like '../sepsis.yaml'", doc: 'Scenario file, relative to this ward file.' })),
    params: opt(map(anyQty(), /^[a-z][a-z0-9_]*$/, 'a parameter name', "Override the scenario's parameters.")),
    patient: opt(patient),
    start_offset: dflt(qty('duration', -DAY_S, DAY_S, { what: 'a start offset', doc: 'Ward time at which the scenario starts (negative: already under way).' }), 0, 'startOffsetS'),
    seed: opt(num({ what: 'a seed', min: 0, max: 4294967295, integer: true })),
    monitor: opt(monitorSettingsSchema),
  },
  'A bed: give either `scenario` (a file) or `patient` (a stable patient).',
);

export const wardSchema = obj(
  {
    $schema: opt(str(), 'schemaRef'),
    kind: dflt(literal('ward'), 'ward'),
    id: req(str({ pattern: BED_ID_RE, patternWhat: "an id like 'default'" })),
    title: req(str({ minLength: 1 })),
    description: opt(str()),
    beds: req(arr(bedSchema, { minItems: 1, maxItems: 64 })),
  },
  'A WardTwin ward: beds with scenarios or stable patients. SIMULATION ONLY.',
);
export type WardYaml = Infer<typeof wardSchema>;

export interface WardBed {
  id: string;
  label: string;
  seed: number;
  /** Ward time at which the bed's scenario clock reads 0. */
  startOffsetS: number;
  /** Library path of the scenario file, or null for a stable patient. */
  scenarioFile: string | null;
  /** The scenario to play (a synthesized empty one for stable patients). */
  scenario: Scenario;
  profile: PatientProfile;
  /** Fictional display name, if the file gives one. */
  patientName: string | null;
  /** Monitor artifacts and ECG noise for this bed, if the file sets them. */
  monitor?: BedMonitorSettings;
}

export interface Ward {
  id: string;
  title: string;
  description: string | null;
  sourceFile: string;
  beds: WardBed[];
}

export type ReadFile = (libraryPath: string) => string;

/** A scenario with nothing happening: a patient who stays at baseline. */
export function stableScenario(p: Scenario['patient'], sourceFile: string): Scenario {
  return {
    kind: 'scenario',
    id: 'stable',
    title: 'Stable patient',
    level: 'novice',
    author: 'WardTwin',
    durationS: DAY_S,
    objectives: ['Recognise a patient who does not deteriorate (no false alarms).'],
    parameters: {},
    patient: p,
    conditions: [],
    timeline: [],
    triggers: [],
    states: {},
    expectedActions: [],
    debrief: [],
    labels: [],
    sourceFile,
    bindings: [],
    paramValues: {},
  };
}

export function parseWard(text: string, fileName: string, readFile: ReadFile): LoadResult<Ward> {
  const { ctx, root } = parseYaml(text, fileName);
  if (root === null) return { ok: false, diagnostics: ctx.diagnostics };
  const w = validate(wardSchema, root, ctx);
  if (w === INVALID) return { ok: false, diagnostics: sortDiagnostics(ctx.diagnostics) };
  const extra: Diagnostic[] = [];
  const beds: WardBed[] = [];
  const seen = new Set<string>();
  w.beds.forEach((b, i) => {
    const path = `beds[${i}]`;
    if (seen.has(b.id)) reportAt(ctx, `${path}.id`, `duplicate bed id '${b.id}'`);
    seen.add(b.id);
    if ((b.scenario === undefined) === (b.patient === undefined)) {
      reportAt(ctx, path, `expected exactly one of 'scenario' or 'patient', found ${b.scenario === undefined ? 'neither' : 'both'}`);
      return;
    }
    const seed = b.seed ?? hashString32(`${w.id}/${b.id}`);
    const label = b.label ?? b.id;
    if (b.patient !== undefined) {
      if (b.params !== undefined) reportAt(ctx, `${path}.params`, `expected no 'params' for a stable patient (they override a scenario's parameters)`);
      const scenario = stableScenario(b.patient, fileName);
      beds.push({ id: b.id, label, seed, startOffsetS: b.startOffsetS, scenarioFile: null, scenario, profile: profileOf(scenario), patientName: b.patient.name ?? null, monitor: toBedMonitorSettings(b.monitor) });
      return;
    }
    const ref = resolveRef(fileName, b.scenario!);
    let src: string;
    try {
      src = readFile(ref);
    } catch (e) {
      reportAt(ctx, `${path}.scenario`, `expected an existing scenario file, found '${b.scenario}' (${e instanceof Error ? e.message : String(e)})`);
      return;
    }
    const params: Record<string, number | string> = {};
    for (const [k, v] of Object.entries(b.params ?? {})) params[k] = v.dim === null ? v.value : v.text;
    const r = parseScenario(src, ref, {
      params,
      reportOverride: (name, message, suggestion) => reportAt(ctx, `${path}.params.${name}`, message, suggestion),
    });
    if (!r.ok) {
      if (r.diagnostics.length === 0) return; // only override problems, already reported here
      extra.push(...r.diagnostics);
      reportAt(ctx, `${path}.scenario`, `expected a valid scenario, found ${r.diagnostics.length} error${r.diagnostics.length === 1 ? '' : 's'} in '${ref}'`);
      return;
    }
    beds.push({
      id: b.id,
      label,
      seed,
      startOffsetS: b.startOffsetS,
      scenarioFile: ref,
      scenario: r.value,
      profile: profileOf(r.value),
      patientName: r.value.patient.name ?? null,
      // the bed's own setting wins over the scenario's
      monitor: toBedMonitorSettings(b.monitor) ?? toBedMonitorSettings(r.value.monitor),
    });
  });
  const diagnostics = [...sortDiagnostics(ctx.diagnostics), ...extra];
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  return { ok: true, value: { id: w.id, title: w.title, description: w.description ?? null, sourceFile: fileName, beds } };
}

/** Convenience for hosts: read and parse a ward from the library. */
export function loadWard(path: string, readFile: ReadFile): LoadResult<Ward> {
  let text: string;
  try {
    text = readFile(path);
  } catch (e) {
    return { ok: false, diagnostics: [{ file: path, line: 1, column: 1, path: '', message: `could not read the ward file: ${e instanceof Error ? e.message : String(e)}` }] };
  }
  return parseWard(text, path, readFile);
}
