/**
 * Engine core: owns the state, integrates the systems at a fixed step and exposes the public
 * PatientModel API. Multirate scheme: fast systems (autonomic, cardiovascular with 5 Euler
 * substeps) every PHYSIOLOGY_DT_S = 0.1 s; slow systems every SLOW_EVERY steps (1 s) in a fixed
 * order. The hot loop allocates nothing. Deterministic: one seeded PRNG for inter-individual
 * variation (used once) and one for events (shock outcomes, arrhythmia hazards).
 */
import { Prng, type PrngState } from '../util/prng';
import { RHYTHMS } from './rhythm';
import { CONDITION_PARAMS, NAMED_CONDITION_PARAMS, STEMI_TERRITORIES, stemiTerritory } from './condition-params';
import { deriveParams, validateProfile, type Params } from './params';
import {
  createEffects,
  N_DRUG_SLOTS,
  OD_OPIOID_SLOT,
  resetEffects,
  type ConditionRecord,
  type Ctx,
  type Effects,
  type Hidden,
} from './model';
import { autonomic } from './autonomic';
import { cardiovascular } from './cardiovascular';
import { pharmacology } from './pharmacology';
import { conditions, DEFAULT_RAMP_S } from './conditions';
import { electrophysiology } from './electrophysiology';
import { respiration } from './respiration';
import { gasExchange } from './gasExchange';
import { metabolism } from './metabolism';
import { fluids, initFluids } from './fluids';
import { glucose } from './glucose';
import { neuro } from './neuro';
import { labs } from './labs';
import { BOUNDED_KEYS, clampToBounds, outOfBounds } from './bounds';
import { createEpisodeTracker, stepEpisodes, type EpisodeTrackerState } from './episodes';
import { applyIntervention as applyInterventionImpl } from './interventions';
import { initialHidden, initialState } from './init';
import { visibleSigns, type VisibleSigns } from './visible-signs';
import {
  CONDITION_KINDS,
  PHYSIOLOGY_DT_S,
  type ConditionSpec,
  type EpisodeChange,
  type InterventionSpec,
  type PatientProfile,
  type PatientSnapshot,
  type TrueState,
  type TruthEpisode,
} from './types';

/** Slow systems run every SLOW_EVERY fast steps (1 s). */
export const SLOW_EVERY = 10;
/** Silent settling period run by the constructor so t = 0 starts from equilibrium (s). */
export const WARMUP_S = 900;

function cloneProfile(p: PatientProfile): PatientProfile {
  return { ...p, comorbidities: p.comorbidities.slice(), ...(p.confounders ? { confounders: { ...p.confounders } } : {}) };
}

function validateCondition(spec: ConditionSpec, partial: boolean): void {
  const bad = (m: string): never => {
    throw new Error(`ConditionSpec: ${m}`);
  };
  if (!spec || typeof spec !== 'object') bad('spec must be an object');
  if (!partial || spec.kind !== undefined) {
    if (CONDITION_KINDS.indexOf(spec.kind) < 0)
      bad(`unknown kind '${String(spec.kind)}'; allowed: ${CONDITION_KINDS.join(', ')}`);
  }
  if (spec.severity !== undefined && !(typeof spec.severity === 'number' && spec.severity >= 0 && spec.severity <= 1))
    bad(`severity must be a number in 0..1, got ${String(spec.severity)}`);
  if (spec.rampS !== undefined && !(typeof spec.rampS === 'number' && spec.rampS >= 0 && spec.rampS <= 7 * 86400))
    bad(`rampS must be a number in 0..604800 s, got ${String(spec.rampS)}`);
  const params = spec.params;
  if (params === undefined) return;
  if (typeof params !== 'object' || params === null) bad('params must be an object');
  for (const k of Object.keys(params)) {
    const v = params[k];
    // A name the model does not read (a misspelling) would silently do nothing.
    if (!(NAMED_CONDITION_PARAMS as readonly string[]).includes(k) && !Object.prototype.hasOwnProperty.call(CONDITION_PARAMS, k))
      bad(`params.${k} is not a parameter the model reads; known: ${[...NAMED_CONDITION_PARAMS, ...Object.keys(CONDITION_PARAMS)].join(', ')}`);
    if (typeof v === 'number' ? !Number.isFinite(v) : typeof v !== 'string')
      bad(`params.${k} must be a finite number or a string, got ${String(v)}`);
  }
  const num = (k: string, lo: number, hi: number) => {
    const v = params[k];
    if (v !== undefined && !(typeof v === 'number' && v >= lo && v <= hi))
      bad(`params.${k} must be a number in ${lo}..${hi}, got ${String(v)}`);
  };
  for (const [k, d] of Object.entries(CONDITION_PARAMS)) num(k, d.min, d.max);
  if (params.territory !== undefined && stemiTerritory(params) === undefined)
    bad(`params.territory must be one of ${STEMI_TERRITORIES.join(', ')}; got ${String(params.territory)}`);
  // A change of a running arrhythmia may set its rate alone: it keeps its rhythm.
  if ((spec.kind === 'arrhythmia' && !partial) || (partial && params.rhythm !== undefined)) {
    const r = params.rhythm;
    if (typeof r !== 'string' || RHYTHMS.indexOf(r as never) < 0)
      bad(`arrhythmia needs params.rhythm, one of ${RHYTHMS.join(', ')}; got ${String(r)}`);
  }
}

/**
 * Settled (post-warm-up) states of the last WARM_MAX profile+seed pairs built: a ward of identical
 * beds, a re-run or a restored session starts without re-settling 900 s of physiology. Copies, so a
 * model built from the cache is bit for bit the model built by settling (tests/physiology/determinism).
 */
interface WarmState {
  p: Params;
  state: TrueState;
  x: Hidden;
  e: Effects;
  rng: PrngState;
  clamps: Uint32Array;
}
const WARM = new Map<string, WarmState>();
const WARM_MAX = 128;

export class PatientModel {
  readonly profile: PatientProfile;
  readonly state: TrueState;
  private readonly seed: number;
  private p: Params;
  private x: Hidden;
  private e: Effects;
  private rng: Prng;
  private conds: ConditionRecord[] = [];
  private condSeq = 0;
  private tracker: EpisodeTrackerState;
  private ctx: Ctx;
  /** Steps at which each BOUNDED_KEYS value had to be clamped (the model left its physical bounds). */
  private readonly clamps = new Uint32Array(BOUNDED_KEYS.length);

  constructor(profile: PatientProfile, seed: number) {
    validateProfile(profile);
    if (!Number.isFinite(seed)) throw new Error(`PatientModel: seed must be a finite number, got ${seed}`);
    this.profile = cloneProfile(profile);
    this.seed = seed;
    const root = new Prng(seed);
    this.p = deriveParams(this.profile, root.fork(1));
    this.rng = root.fork(2);
    this.e = createEffects();
    this.x = initialHidden(this.p);
    this.state = initialState(this.p);
    initFluids(this.p, this.x);
    this.tracker = createEpisodeTracker();
    this.ctx = { s: this.state, x: this.x, p: this.p, e: this.e, rng: this.rng, conditions: this.conds };
    // Settle, then restart the clock and the bookkeeping from equilibrium. The settled state depends
    // only on the profile and the seed, so a patient built before is copied rather than re-settled.
    const key = JSON.stringify([this.profile, seed]);
    const warm = WARM.get(key);
    if (warm !== undefined) {
      Object.assign(this.p, structuredClone(warm.p));
      Object.assign(this.state, structuredClone(warm.state));
      Object.assign(this.x, structuredClone(warm.x));
      Object.assign(this.e, structuredClone(warm.e));
      this.rng.setState(warm.rng);
      this.clamps.set(warm.clamps);
      WARM.delete(key); // most recently used last
      WARM.set(key, warm);
    } else {
      const n = Math.round(WARMUP_S / PHYSIOLOGY_DT_S);
      for (let i = 0; i < n; i++) this.step();
      WARM.set(key, {
        p: structuredClone(this.p),
        state: structuredClone(this.state),
        x: structuredClone(this.x),
        e: structuredClone(this.e),
        rng: this.rng.getState(),
        clamps: this.clamps.slice(),
      });
      if (WARM.size > WARM_MAX) WARM.delete(WARM.keys().next().value as string);
    }
    this.x.stepCount = 0;
    this.state.timeS = 0;
    this.state.fluidBalanceMl = 0;
    this.x.cumBleedMl = 0;
    this.x.sofaBaseline = this.state.sofaScore;
    this.tracker = createEpisodeTracker();
  }

  /** Forget every settled state (tests compare a settled model with one copied from the cache). */
  static clearWarmCache(): void {
    WARM.clear();
  }

  get timeS(): number {
    return this.state.timeS;
  }

  /** Advance exactly PHYSIOLOGY_DT_S. */
  step(): void {
    const ctx = this.ctx;
    autonomic.step(ctx, PHYSIOLOGY_DT_S);
    cardiovascular.step(ctx, PHYSIOLOGY_DT_S);
    const x = this.x;
    x.stepCount++;
    this.state.timeS = x.stepCount * PHYSIOLOGY_DT_S;
    if (x.stepCount % SLOW_EVERY === 0) this.slowStep();
    // The published state never leaves the physical world, whatever is stacked (physiology/bounds.ts).
    clampToBounds(this.state, this.clamps);
  }

  /**
   * How many steps each bounded true-state number had to be clamped to its physical bound since the
   * model was built (warm-up included); only the keys clamped at least once. Empty when the model's
   * own dynamics stayed physical.
   */
  boundsClamps(): Record<string, number> {
    const out: Record<string, number> = {};
    for (let i = 0; i < BOUNDED_KEYS.length; i++) if (this.clamps[i] > 0) out[BOUNDED_KEYS[i]] = this.clamps[i];
    return out;
  }

  private slowStep(): void {
    const ctx = this.ctx;
    const dt = PHYSIOLOGY_DT_S * SLOW_EVERY;
    resetEffects(this.e);
    pharmacology.step(ctx, dt);
    conditions.step(ctx, dt);
    electrophysiology.step(ctx, dt);
    respiration.step(ctx, dt);
    gasExchange.step(ctx, dt);
    metabolism.step(ctx, dt);
    fluids.step(ctx, dt);
    glucose.step(ctx, dt);
    neuro.step(ctx, dt);
    labs.step(ctx, dt);
    stepEpisodes(this.tracker, ctx);
  }

  /** Advance by whole steps (seconds rounded to the nearest step). */
  advance(seconds: number): void {
    if (!(seconds >= 0) || !Number.isFinite(seconds)) throw new Error(`advance: seconds must be ≥ 0, got ${seconds}`);
    const n = Math.round(seconds / PHYSIOLOGY_DT_S);
    for (let i = 0; i < n; i++) this.step();
  }

  startCondition(spec: ConditionSpec): string {
    validateCondition(spec, false);
    this.condSeq++;
    const id = `${spec.kind}-${this.condSeq}`;
    this.conds.push({
      id,
      seq: this.condSeq,
      kind: spec.kind,
      severity: spec.severity ?? 0.5,
      rampS: spec.rampS ?? DEFAULT_RAMP_S[spec.kind],
      params: { ...(spec.params ?? {}) },
      startedS: this.state.timeS,
      st0: 0,
      st1: 0,
      st2: 0,
      st3: 0,
    });
    return id;
  }

  updateCondition(id: string, patch: Partial<ConditionSpec>): void {
    const c = this.conds.find((r) => r.id === id);
    if (!c) throw new Error(`updateCondition: no active condition '${id}'`);
    if (patch.kind !== undefined && patch.kind !== c.kind)
      throw new Error(`updateCondition: cannot change kind of '${id}' from ${c.kind} to ${patch.kind}`);
    validateCondition({ kind: c.kind, ...patch } as ConditionSpec, true);
    if (patch.severity !== undefined) c.severity = patch.severity;
    if (patch.rampS !== undefined) c.rampS = patch.rampS;
    if (patch.params !== undefined) c.params = { ...c.params, ...patch.params };
  }

  /** Stop (remove) a condition; unknown ids (e.g. already terminated by a shock) are ignored. */
  stopCondition(id: string): void {
    const i = this.conds.findIndex((r) => r.id === id);
    if (i < 0) return;
    const c = this.conds[i];
    if (c.kind === 'opioid_overdose') this.x.drugDepot[OD_OPIOID_SLOT] = 0; // unabsorbed drug removed
    this.conds.splice(i, 1);
  }

  activeConditions(): { id: string; spec: ConditionSpec; startedS: number }[] {
    return this.conds.map((c) => ({
      id: c.id,
      spec: { kind: c.kind, severity: c.severity, rampS: c.rampS, params: { ...c.params } },
      startedS: c.startedS,
    }));
  }

  applyIntervention(spec: InterventionSpec): void {
    applyInterventionImpl(this.ctx, spec);
  }

  episodes(): readonly TruthEpisode[] {
    return this.tracker.list;
  }

  /** What a nurse sees at the bedside now (visible-signs.ts): observations, not hidden truth. */
  visibleSigns(): VisibleSigns {
    return visibleSigns(this.state, this.x.sympDrive, this.p.vt0Ml);
  }

  drainEpisodeChanges(): EpisodeChange[] {
    const out = this.tracker.changes;
    this.tracker.changes = [];
    return out;
  }

  snapshot(): PatientSnapshot {
    const body = JSON.stringify({
      version: 1,
      profile: this.profile,
      seed: this.seed,
      params: this.p,
      state: this.state,
      hidden: this.x,
      effects: this.e,
      conditions: this.conds,
      condSeq: this.condSeq,
      rng: this.rng.getState(),
      tracker: this.tracker,
    });
    const snap = JSON.parse(body) as PatientSnapshot;
    snap.checksum = hashSnapshotText(body);
    return snap;
  }
  static restore(snap: PatientSnapshot): PatientModel {
    if (!snap || snap.version !== 1) throw new Error('PatientModel.restore: unsupported snapshot (version must be 1)');
    checkSnapshot(snap);
    const m = new PatientModel(snap.profile as PatientProfile, snap.seed as number);
    const cp = <T>(v: unknown): T => JSON.parse(JSON.stringify(v)) as T;
    const fresh = { p: { ...m.p }, state: { ...m.state }, x: { ...m.x }, e: { ...m.e } };
    Object.assign(m.p, cp<Params>(snap.params));
    Object.assign(m.state, cp<TrueState>(snap.state));
    Object.assign(m.x, cp<Hidden>(snap.hidden));
    Object.assign(m.e, cp<Effects>(snap.effects));
    m.conds.length = 0;
    for (const c of cp<ConditionRecord[]>(snap.conditions)) m.conds.push(c);
    m.condSeq = snap.condSeq as number;
    m.rng.setState(snap.rng as PrngState);
    m.tracker = cp<EpisodeTrackerState>(snap.tracker);
    // Re-link episode change entries to the list's objects.
    m.tracker.changes = m.tracker.changes.map((ch) => ({
      type: ch.type,
      episode: m.tracker.list.find((ep) => ep.id === ch.episode.id) ?? ch.episode,
    }));
    if (m.x.drugDepot.length !== N_DRUG_SLOTS) throw new Error('PatientModel.restore: corrupt drug state');
    // Shape: every field a fresh model has, of the same type (a corrupt file must not half-restore).
    for (const [name, a, b] of [['params', m.p, fresh.p], ['state', m.state, fresh.state], ['hidden', m.x, fresh.x], ['effects', m.e, fresh.e]] as const) {
      for (const k of Object.keys(b)) {
        const va = (a as unknown as Record<string, unknown>)[k];
        const vb = (b as unknown as Record<string, unknown>)[k];
        if (typeof va !== typeof vb || (typeof va === 'number' && !Number.isFinite(va))) {
          throw new Error(`PatientModel.restore: corrupt snapshot: ${name}.${k} is ${JSON.stringify(va)}, expected a ${typeof vb}`);
        }
      }
    }
    const bad = outOfBounds(m.state);
    if (bad.length) throw new Error(`PatientModel.restore: corrupt snapshot: state outside physical bounds: ${bad.join(', ')}`);
    for (const c of m.conds) validateCondition({ kind: c.kind, severity: c.severity, rampS: c.rampS, params: c.params } as ConditionSpec, false);
    return m;
  }
}

/**
 * FNV-1a over the snapshot's JSON without its checksum, two 32-bit lanes (64 bits). Not a defence
 * against a deliberate forger (the audit log is that); it catches torn or corrupted snapshot files,
 * which would otherwise restore silently and run away.
 */
function snapshotChecksum(snap: PatientSnapshot): string {
  const { checksum: _omit, ...body } = snap as PatientSnapshot & { checksum?: string };
  void _omit;
  return hashSnapshotText(JSON.stringify(body));
}

/** The checksum of a snapshot's JSON text (without its checksum key). */
function hashSnapshotText(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c ^ (i & 0xff), 0x01000193) >>> 0;
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}

function checkSnapshot(snap: PatientSnapshot): void {
  const sum = (snap as { checksum?: unknown }).checksum;
  if (typeof sum !== 'string') throw new Error('PatientModel.restore: snapshot has no checksum (written by an older version, or damaged); start the session again');
  if (snapshotChecksum(snap) !== sum) throw new Error('PatientModel.restore: snapshot checksum does not match its contents (the saved session is damaged); start the session again');
}
