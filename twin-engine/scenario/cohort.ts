/**
 * Cohorts: distributions over patient profiles and a template scenario's parameters, sampled by seed
 * into concrete beds — with a stated share of patients who never deteriorate (the negatives an AI tool
 * must not alarm on).
 */
import { monitorSettingsSchema, toBedMonitorSettings, type BedMonitorSettings } from './monitor-settings';
import { own } from './own';
import { PROFILE_RANGES } from '../physiology/params';
import { Prng } from '../util/prng';
import type { LoadResult } from './diagnostics';
import { didYouMean } from './diagnostics';
import { resolveRef } from './paths';
import { bindScenario, paramRange, parseScenario, profileOf, type Scenario } from './scenario';
import { anyQty, dflt, literal, map, num, obj, opt, qty, ref, req, str, type Infer, type Prop } from './schema';
import { DIMENSIONS, formatQuantity, parseQuantity, type Dimension } from './units';
import { INVALID, parseYaml, reportAt, sortDiagnostics, validate, type ValidateContext } from './validate-yaml';
import { CHRONIC_AF_RATE_BPM, COMORBIDITIES, HEART_FAILURE_SBP_MMHG, CONFOUNDER_KEYS, type Confounders, type PatientProfile } from './vocab';
import { stableScenario, type ReadFile, type WardBed } from './ward';
import { dexp, dlog } from '../util/detmath';
import { EPISODE_LABELS } from '../physiology/index';

const range2 = obj({ min: req(anyQty()), max: req(anyQty()) });
const distObj = obj(
  {
    fixed: opt(anyQty('Always this value.')),
    uniform: opt(range2),
    normal: opt(obj({ mean: req(anyQty()), sd: req(anyQty()) })),
    lognormal: opt(obj({ median: req(anyQty()), gsd: req(num({ what: 'a geometric standard deviation', min: 1, max: 10 })) })),
    min: opt(anyQty('Lower bound (values outside are redrawn).')),
    max: opt(anyQty('Upper bound.')),
  },
  'One of fixed / uniform / normal / lognormal, optionally bounded by min and max.',
);
const distSchema = ref('distribution', () => distObj);
const share = num({ what: 'a share', min: 0, max: 1 });
const weights = (keys: readonly string[], what: string) => obj(Object.fromEntries(keys.map((k) => [k, opt(num({ what, min: 0, max: 1000 }))])) as Record<string, ReturnType<typeof opt<number>>>);

export const cohortSchema = obj(
  {
    $schema: opt(str(), 'schemaRef'),
    kind: dflt(literal('cohort'), 'cohort'),
    id: req(str({ pattern: /^[a-z][a-z0-9_-]*$/, patternWhat: "an id like 'sepsis-cohort'" })),
    title: req(str({ minLength: 1 })),
    description: opt(str()),
    scenario: req(str({ pattern: /\.ya?ml$/, patternWhat: "a scenario file like '../sepsis.yaml'" })),
    never_deteriorate: req(share, 'neverDeteriorateShare'),
    monitor: opt(monitorSettingsSchema),
    profile: dflt(
      obj({
        age: opt(distSchema),
        height: opt(distSchema),
        weight: opt(distSchema),
        sex: opt(weights(['male', 'female'], 'a weight')),
        skin_tone: opt(weights(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'], 'a weight')),
        comorbidities: opt(obj(Object.fromEntries(COMORBIDITIES.map((c) => [c, opt(share, c)])) as Record<(typeof COMORBIDITIES)[number], Prop<number, false, (typeof COMORBIDITIES)[number]>>)),
        confounders: opt(
          obj(
            Object.fromEntries(Object.entries(CONFOUNDER_KEYS).map(([yaml, key]) => [yaml, opt(share, key)])) as Record<keyof typeof CONFOUNDER_KEYS, Prop<number, false, (typeof CONFOUNDER_KEYS)[keyof typeof CONFOUNDER_KEYS]>>,
            'Share of patients with each pre-existing trait that confounds the vitals (docs/REFERENCES.md § Confounders): beta_blocker (chronic β-blocker: lower resting HR, blunted reflex tachycardia), afebrile_response (no fever with infection), non_bacterial_fever (38.3 °C without infection), chronic_af (permanent AF, resting rate 93 ± 8/min), treated_hypertension (resting systolic 136 mmHg), contained_infection (a local bacterial infection with a 38.9 °C fever that never becomes sepsis), heart_failure_sbp (the share of heart-failure patients whose resting systolic is drawn from 123.2 ± 19.0 mmHg).',
          ),
        ),
      }),
      {},
    ),
    parameters: dflt(map(distSchema, /^[a-z][a-z0-9_]*$/, 'a parameter name'), {}),
    start_offset: opt(distSchema, 'startOffset'),
    duration: opt(qty('duration', 60, 48 * 3600, { what: 'a cohort duration', doc: "Simulated time per patient (default: the scenario's duration); the outcomes' incidence and onset are stated within it." }), 'durationS'),
    outcomes: dflt(
      map(
        obj(
          {
            incidence: req(share),
            onset: req(distSchema),
            source: req(str({ minLength: 1, doc: 'Where the incidence comes from (a citation of an entry in docs/REFERENCES.md), and whether the cohort is enriched.' })),
          },
          'What the cohort delivers: the share of patients with at least one truth episode of this label within the duration, and when the first one starts.',
        ),
        /^[a-z][a-z0-9_]*$/,
        'a truth episode label',
      ),
      {},
    ),
  },
  'A WardTwin cohort: patients sampled from distributions. SIMULATION ONLY.',
);
type CohortYaml = Infer<typeof cohortSchema>;
type DistYaml = Infer<typeof distSchema>;

/** A distribution in base units. Bounded draws are redrawn (truncated), then clamped as a last resort. */
export type Dist =
  | { type: 'fixed'; value: number }
  | { type: 'uniform'; min: number; max: number }
  | { type: 'normal'; mean: number; sd: number; min: number; max: number }
  | { type: 'lognormal'; median: number; gsd: number; min: number; max: number };

export interface Cohort {
  id: string;
  title: string;
  description: string | null;
  sourceFile: string;
  scenarioFile: string;
  template: Scenario;
  neverDeteriorateShare: number;
  /** Monitor artifacts and ECG noise of every sampled bed, if the file sets them. */
  monitor?: BedMonitorSettings;
  profile: {
    age: Dist | null;
    heightCm: Dist | null;
    weightKg: Dist | null;
    /** Probability of 'female' (normalised from the file's weights). */
    femaleShare: number | null;
    /** Probabilities of Monk tones 1..10 (index 0 = tone 1), or null to keep the template's. */
    skinTone: number[] | null;
    comorbidities: Partial<Record<(typeof COMORBIDITIES)[number], number>> | null;
    /** Share of patients with each confounder, or null for none (the template's own, if any). */
    confounders: Partial<Record<keyof Confounders, number>> | null;
  };
  params: Record<string, Dist>;
  startOffset: Dist | null;
  /** Simulated time per patient, or null for the template scenario's duration. */
  durationS: number | null;
  /** Stated outcomes per truth episode label (METRICS.md § Cohorts): tests check the engine delivers them. */
  outcomes: Record<string, CohortOutcome>;
}

export interface CohortOutcome {
  /** Share of all patients (deteriorating or not) with at least one episode of the label within the duration. */
  incidence: number;
  /** Distribution of the first episode's onset, seconds after the patient's start. */
  onset: Dist;
  source: string;
}

export interface CohortInstance extends WardBed {
  index: number;
  deteriorates: boolean;
  /** Sampled parameter values (base units); empty for patients who never deteriorate. */
  params: Record<string, number>;
}

export function parseCohort(text: string, fileName: string, readFile: ReadFile): LoadResult<Cohort> {
  const { ctx, root } = parseYaml(text, fileName);
  if (root === null) return { ok: false, diagnostics: ctx.diagnostics };
  const c = validate(cohortSchema, root, ctx);
  if (c === INVALID) return { ok: false, diagnostics: ctx.diagnostics };
  const ref = resolveRef(fileName, c.scenario);
  let src: string;
  try {
    src = readFile(ref);
  } catch (e) {
    reportAt(ctx, 'scenario', `expected an existing scenario file, found '${c.scenario}' (${e instanceof Error ? e.message : String(e)})`);
    return { ok: false, diagnostics: ctx.diagnostics };
  }
  const t = parseScenario(src, ref);
  if (!t.ok) {
    reportAt(ctx, 'scenario', `expected a valid scenario, found ${t.diagnostics.length} error${t.diagnostics.length === 1 ? '' : 's'} in '${ref}'`);
    return { ok: false, diagnostics: [...ctx.diagnostics, ...t.diagnostics] };
  }
  const template = t.value;
  const p = c.profile;
  const params: Record<string, Dist> = {};
  for (const [name, d] of Object.entries(c.parameters)) {
    const decl = own(template.parameters, name);
    if (decl === undefined) {
      const known = Object.keys(template.parameters);
      reportAt(ctx, `parameters.${name}`, `expected a parameter of '${ref}' (${known.join(', ') || 'none'}), found '${name}'`, didYouMean(name, known));
      continue;
    }
    const dist = toDist(d, decl.default.dim, `parameters.${name}`, ctx);
    if (dist) params[name] = dist;
  }
  const value: Cohort = {
    id: c.id,
    title: c.title,
    description: c.description ?? null,
    sourceFile: fileName,
    scenarioFile: ref,
    template,
    neverDeteriorateShare: c.neverDeteriorateShare,
    ...(c.monitor || template.monitor ? { monitor: toBedMonitorSettings(c.monitor) ?? toBedMonitorSettings(template.monitor) } : {}),
    profile: {
      age: p.age ? toDist(p.age, 'age', 'profile.age', ctx, PROFILE_RANGES.ageY) : null,
      heightCm: p.height ? toDist(p.height, 'length', 'profile.height', ctx, PROFILE_RANGES.heightCm) : null,
      weightKg: p.weight ? toDist(p.weight, 'bodyMass', 'profile.weight', ctx, PROFILE_RANGES.weightKg) : null,
      femaleShare: p.sex ? normalise([p.sex.male ?? 0, p.sex.female ?? 0], 'profile.sex', ctx)?.[1] ?? null : null,
      skinTone: p.skinTone ? normalise(Array.from({ length: 10 }, (_, i) => p.skinTone![String(i + 1)] ?? 0), 'profile.skin_tone', ctx) : null,
      comorbidities: p.comorbidities ?? null,
      confounders: p.confounders ?? null,
    },
    params,
    startOffset: c.startOffset ? toDist(c.startOffset, 'duration', 'start_offset', ctx) : null,
    durationS: c.durationS ?? null,
    outcomes: {},
  };
  const durS = c.durationS ?? template.durationS;
  for (const [label, o] of Object.entries(c.outcomes)) {
    if (!(EPISODE_LABELS as readonly string[]).includes(label)) {
      reportAt(ctx, `outcomes.${label}`, `expected a truth episode label, found '${label}'`, didYouMean(label, EPISODE_LABELS));
      continue;
    }
    const onset = toDist(o.onset, 'duration', `outcomes.${label}.onset`, ctx);
    if (!onset) continue;
    const hi = onset.type === 'fixed' ? onset.value : onset.max;
    if (hi > durS) reportAt(ctx, `outcomes.${label}.onset`, `expected an onset within the cohort's duration (${durS / 60} min), found one reaching ${hi / 60} min; bound it with max or lengthen duration`);
    if (o.incidence > 1 - c.neverDeteriorateShare + 1e-9) reportAt(ctx, `outcomes.${label}.incidence`, `expected at most the deteriorating share (1 − never_deteriorate = ${(1 - c.neverDeteriorateShare).toFixed(2)}), found ${o.incidence}`);
    value.outcomes[label] = { incidence: o.incidence, onset, source: o.source };
  }
  if (ctx.diagnostics.length > 0) return { ok: false, diagnostics: sortDiagnostics(ctx.diagnostics) };
  return { ok: true, value };
}

function normalise(w: number[], path: string, ctx: ValidateContext): number[] | null {
  const sum = w.reduce((a, b) => a + b, 0);
  if (sum <= 0) {
    reportAt(ctx, path, 'expected at least one weight above 0, found none');
    return null;
  }
  return w.map((x) => x / sum);
}

type Q = { dim: Dimension | null; value: number; text: string };

/** Convert a distribution's values into the target dimension's base unit. */
/**
 * Convert a distribution's values into the target dimension's base unit. With `range` (the model's
 * own, e.g. PROFILE_RANGES.ageY) every value it can draw must lie inside it: fixed values, uniform
 * limits, and the min/max that truncate a normal or lognormal (which are then required).
 */
function toDist(d: DistYaml, dim: Dimension | null, path: string, ctx: ValidateContext, range?: { min: number; max: number }): Dist | null {
  const kinds = (['fixed', 'uniform', 'normal', 'lognormal'] as const).filter((k) => d[k] !== undefined);
  if (kinds.length !== 1) {
    reportAt(ctx, path, `expected exactly one of fixed, uniform, normal, lognormal; found ${kinds.length === 0 ? 'none' : kinds.join(' and ')}`);
    return null;
  }
  let ok = true;
  const v = (q: Q | undefined, key: string, fallback: number): number => {
    if (q === undefined) return fallback;
    const r = inDim(q, dim);
    if (typeof r === 'string') {
      reportAt(ctx, `${path}.${key}`, r);
      ok = false;
      return NaN;
    }
    return r;
  };
  const lo = v(d.min, 'min', -Infinity);
  const hi = v(d.max, 'max', Infinity);
  let out: Dist;
  if (d.fixed) out = { type: 'fixed', value: v(d.fixed, 'fixed', 0) };
  else if (d.uniform) out = { type: 'uniform', min: v(d.uniform.min, 'uniform.min', 0), max: v(d.uniform.max, 'uniform.max', 0) };
  else if (d.normal) out = { type: 'normal', mean: v(d.normal.mean, 'normal.mean', 0), sd: v(d.normal.sd, 'normal.sd', 0), min: lo, max: hi };
  else out = { type: 'lognormal', median: v(d.lognormal!.median, 'lognormal.median', 0), gsd: d.lognormal!.gsd, min: lo, max: hi };
  if (!ok) return null;
  if (out.type === 'uniform' && !(out.min <= out.max)) {
    reportAt(ctx, `${path}.uniform`, `expected min <= max, found min ${d.uniform!.min.text} and max ${d.uniform!.max.text}`);
    return null;
  }
  if ((out.type === 'normal' || out.type === 'lognormal') && !(out.min < out.max)) {
    reportAt(ctx, path, `expected min < max, found min ${d.min?.text} and max ${d.max?.text}`);
    return null;
  }
  if (out.type === 'normal' && out.sd < 0) {
    reportAt(ctx, `${path}.normal.sd`, `expected a standard deviation of at least 0, found '${d.normal!.sd.text}'`);
    return null;
  }
  if (out.type === 'lognormal' && out.median <= 0) {
    reportAt(ctx, `${path}.lognormal.median`, `expected a median above 0, found '${d.lognormal!.median.text}'`);
    return null;
  }
  if (range !== undefined && dim !== null) {
    const [a, b, where] = out.type === 'fixed' ? [out.value, out.value, 'fixed'] : out.type === 'uniform' ? [out.min, out.max, 'uniform'] : [out.min, out.max, d.min === undefined ? 'min' : d.max === undefined ? 'max' : 'min'];
    if (!(a >= range.min && b <= range.max)) {
      const span = `${formatQuantity(range.min, dim)} and ${formatQuantity(range.max, dim)}`;
      const found = a === b ? formatQuantity(a, dim) : `${Number.isFinite(a) ? formatQuantity(a, dim) : 'unbounded'} to ${Number.isFinite(b) ? formatQuantity(b, dim) : 'unbounded'}`;
      reportAt(ctx, `${path}.${where}`, `expected values between ${span} (the patients the model is built for), found ${found}`);
      return null;
    }
  }
  return out;
}

function inDim(q: Q, dim: Dimension | null): number | string {
  if (dim === null) return q.dim === null ? q.value : `expected a plain number, found '${q.text}'`;
  if (q.dim === null) return `expected ${DIMENSIONS[dim].what} like '${DIMENSIONS[dim].example}', found ${q.text} (no unit)`;
  const r = parseQuantity(q.text, dim);
  return r.ok ? r.value : r.message;
}

const MAX_REDRAWS = 100;
/** Label of the child generator the confounders are drawn from (any fixed number). */
const CONFOUNDER_FORK = 0xc0f;

export function sampleDist(d: Dist, rng: Prng): number {
  switch (d.type) {
    case 'fixed':
      return d.value;
    case 'uniform':
      return rng.uniform(d.min, d.max);
    case 'normal':
    case 'lognormal': {
      for (let i = 0; i < MAX_REDRAWS; i++) {
        const x = d.type === 'normal' ? rng.normal(d.mean, d.sd) : d.median * dexp(dlog(d.gsd) * rng.normal());
        if (x >= d.min && x <= d.max) return x;
      }
      return Math.min(d.max, Math.max(d.min, d.type === 'normal' ? d.mean : d.median));
    }
  }
}

function categorical(p: readonly number[], rng: Prng): number {
  let u = rng.next();
  for (let i = 0; i < p.length; i++) {
    u -= p[i];
    if (u < 0) return i;
  }
  return p.length - 1;
}

/**
 * Draw `n` concrete patients. Instance i depends only on (seed, i), so a larger n extends a smaller
 * one. Draw order per instance is fixed: sex, age, height, weight, skin tone, comorbidities,
 * deteriorates, parameters (in file order), start offset, bed seed; the confounders come last from a
 * child generator, so adding them to a cohort leaves every other draw (and its incidence) as it was.
 */
export function sampleCohort(def: Cohort, n: number, seed: number): CohortInstance[] {
  const master = new Prng(seed);
  const out: CohortInstance[] = [];
  const base = profileOf(def.template);
  for (let i = 0; i < n; i++) {
    const rng = master.fork(i);
    const pr = def.profile;
    const sex: PatientProfile['sex'] = pr.femaleShare === null ? base.sex : rng.next() < pr.femaleShare ? 'female' : 'male';
    const round1 = (x: number) => Math.round(x * 10) / 10;
    const profile: PatientProfile = {
      ...base,
      sex,
      ageY: pr.age ? Math.floor(sampleDist(pr.age, rng)) : base.ageY,
      heightCm: pr.heightCm ? round1(sampleDist(pr.heightCm, rng)) : base.heightCm,
      weightKg: pr.weightKg ? round1(sampleDist(pr.weightKg, rng)) : base.weightKg,
      skinToneMonk: pr.skinTone ? categorical(pr.skinTone, rng) + 1 : base.skinToneMonk,
      comorbidities: pr.comorbidities ? COMORBIDITIES.filter((c) => rng.next() < (pr.comorbidities![c] ?? 0)) : [...base.comorbidities],
    };
    const deteriorates = rng.next() >= def.neverDeteriorateShare;
    const params: Record<string, number> = {};
    for (const [name, d] of Object.entries(def.params)) {
      // Clamp into what the scenario accepts (e.g. severity 0..1) so a wide distribution stays valid.
      const [lo, hi] = paramRange(def.template, name);
      params[name] = Math.min(hi, Math.max(lo, sampleDist(d, rng)));
    }
    const startOffsetS = def.startOffset ? Math.round(sampleDist(def.startOffset, rng)) : 0;
    const bedSeed = rng.nextU32();
    if (pr.confounders) {
      const crng = rng.fork(CONFOUNDER_FORK);
      const c: Confounders = {};
      for (const key of Object.values(CONFOUNDER_KEYS)) {
        if (!(crng.next() < (pr.confounders[key] ?? 0))) continue;
        if (key === 'heartFailureSbpMmHg') {
          // A trait of heart failure: drawn for the patients who have it (the share is of them).
          if (!profile.comorbidities.includes('heart_failure')) continue;
          const R = HEART_FAILURE_SBP_MMHG;
          c[key] = Math.round(sampleDist({ type: 'normal', mean: R.mean, sd: R.sd, min: R.min, max: R.max }, crng));
        } else if (key === 'chronicAfRateBpm') {
          const R = CHRONIC_AF_RATE_BPM;
          c[key] = Math.round(sampleDist({ type: 'normal', mean: R.mean, sd: R.sd, min: R.min, max: R.max }, crng));
        } else c[key] = true;
      }
      profile.confounders = c;
    }
    // The scenario's patient section has no confounders (they are cohort data on the bed's profile).
    const { confounders: _c, ...plain } = profile;
    const patientYaml = { ...def.template.patient, ...plain, comorbidities: profile.comorbidities };
    const scenario = deteriorates
      ? { ...bindScenario(def.template, params), patient: patientYaml }
      : stableScenario(patientYaml, def.sourceFile);
    out.push({
      index: i,
      id: `${def.id}-${i + 1}`,
      label: `${def.title} #${i + 1}`,
      seed: bedSeed,
      startOffsetS,
      scenarioFile: deteriorates ? def.scenarioFile : null,
      scenario,
      profile,
      patientName: null,
      ...(def.monitor ? { monitor: def.monitor } : {}),
      deteriorates,
      params: deteriorates ? params : {},
    });
  }
  return out;
}

export type { CohortYaml };
