/**
 * The resting 12-lead ECG, drawn from the twin's own cardiac model: the beats the bedside monitor's
 * scheduler plans (beats.ts: rhythm, rate, RR variability, ectopy) and the monitor's wave shapes
 * (ecg-morph.ts, ECGSYN phase form), projected onto twelve leads by a cardiac-dipole model.
 *
 * Dipole model (docs/REFERENCES.md#ecg-12-lead): each wave (P, septal Q, main R, terminal S, T, ST, U;
 * wide ventricular complexes apart) is a heart vector in the Frank orthogonal frame (X left, Y toward the
 * feet, Z toward the back). Leads I, II and V1–V6 are the Dower transform of that vector (Dower 1980);
 * III, aVR, aVL and aVF follow from I and II by the Einthoven and Goldberger identities, exactly, on the
 * stored integer-microvolt samples. A wave's amplitude in lead L is its lead-II amplitude (what the
 * monitor draws) times (L·v)/(II·v) for the nominal vector v, so the 12-lead's lead II is the monitor's
 * lead II beat for beat; each patient's electrical axis is turned a little, deterministically from the
 * seed (normal frontal QRS axis −30° to +90°).
 *
 * The recorder captures the beats of the 10 s after the order as the monitor's scheduler plans them
 * (the same beat times as the monitor's lead II at that moment), then renders 10 s at 500 Hz. Electrode
 * noise follows the monitor's noise model (noise.ts: the default floor and any noise-stress setting),
 * drawn per electrode (RA, LA, LL, V1–V6), so each lead's noise is the difference of its electrodes'.
 * Monitor artifacts (lead-off, motion, CPR) belong to the monitor's electrodes and are not drawn here.
 *
 * What the recording holds is an observation (samples and sampling facts), never the model's truth.
 */
import { Prng } from '../util/prng';
import { dcos, dexp, dsin } from '../util/detmath';
import { ATRIAL_SPIKE, BeatRing, type BeatScheduler } from './beats';
import {
  paceSpike,
  pWave,
  ventricularBeat,
  WAVE_COUNT,
  WAVE_P,
  WAVE_Q,
  WAVE_R,
  WAVE_S,
  WAVE_SPIKE,
  WAVE_ST,
  WAVE_T,
  WAVE_U,
  WAVE_WIDE_R,
  WAVE_WIDE_S,
  WAVE_WIDE_T,
  type BeatMorph,
  type BumpSink,
} from './ecg-morph';
import { AF_F_HZ, AF_F_MV, drawBeatMorph, FLUTTER_MV, VF_COARSE_MV, VF_DECAY_S, VF_FINE_MV } from './ecg';
import { EcgNoise, NOISE_FILTERS, ShapeState, type EcgNoiseSettings } from './noise';
import { GAUSS_STEPS_PER_UNIT, GAUSS_TABLE, NOISE_MASK, NOISE_TABLE, SINE_MASK, SINE_SIZE, SINE_TABLE } from './tables';
import type { StemiTerritory } from '../physiology/condition-params';

export const ECG12_LEADS = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'] as const;
export type Ecg12Lead = (typeof ECG12_LEADS)[number];
/** Diagnostic resting ECG: 10 s at 500 samples/s (the AHA/IEC recommendation for diagnostic recorders). */
export const ECG12_FS = 500;
export const ECG12_DURATION_S = 10;
const N = ECG12_FS * ECG12_DURATION_S;
const DT = 1 / ECG12_FS;
const DEG = Math.PI / 180;

/** A recorded 12-lead ECG: what the cart prints and stores. No model truth (rhythm name, ST, territory). */
export interface Ecg12Recording {
  format: 'wardtwin-ecg12/1';
  fs: number;
  /** Simulated time of the first sample (s). */
  startS: number;
  /**
   * Samples per lead in microvolts, in ECG12_LEADS order. I, II and V1–V6 are whole microvolts; III,
   * aVR, aVL and aVF are computed from I and II by the limb-lead identities, exactly (half microvolts).
   */
  leadsUv: Record<Ecg12Lead, number[]>;
  /** Ventricular rate the cart measured over the 10 s (/min, from its QRS complexes); null with fewer than two. */
  ventricularRateBpm: number | null;
}

/**
 * Dower coefficients (Dower, Machado & Osborne, Clin Cardiol 1980): lead = cx·X + cy·Y + cz·Z for leads
 * I, II, V1–V6, the eight independent leads of the standard 12-lead.
 */
const DOWER: readonly (readonly [number, number, number])[] = [
  [0.632, -0.235, 0.059], // I
  [0.235, 1.066, -0.132], // II
  [-0.515, 0.157, -0.917], // V1
  [0.044, 0.164, -1.387], // V2
  [0.882, 0.098, -1.277], // V3
  [1.213, 0.127, -0.601], // V4
  [1.125, 0.127, -0.086], // V5
  [0.831, 0.076, 0.23], // V6
];
/** Independent lead index (row of DOWER) → ECG12_LEADS index. */
const IND_TO_LEAD = [0, 1, 6, 7, 8, 9, 10, 11];
const NI = 8;
const II = 1;

/**
 * Nominal heart vectors of each wave (Frank X, Y, Z; relative sizes). Directions after the normal
 * vectorcardiogram (docs/REFERENCES.md#ecg-12-lead): the septal Q points right and forward (q in I, aVL,
 * V5, V6; r in V1); the main R left, down and back (frontal axis ≈ +50°; deep S in V1, tall R in V5–V6,
 * transition near V3); the terminal S right, up and back; T near the QRS in the frontal plane and
 * forward (upright in I, II, V2–V6, flat in V1); P toward +60°. Wide complexes (VT, PVC, paced) come
 * from a ventricular focus: a broad anterior-inferior R (positive in V1) with a discordant T.
 */
const WAVE_VECTORS: readonly (readonly [number, number, number])[] = (() => {
  const v: [number, number, number][] = new Array(WAVE_COUNT);
  v[WAVE_P] = [0.12, 0.2, 0];
  v[WAVE_Q] = [-0.12, -0.12, -0.12];
  v[WAVE_R] = [1.0, 0.85, 0.55];
  v[WAVE_S] = [-0.2, -0.15, 0.3];
  v[WAVE_T] = [0.35, 0.3, -0.15];
  v[WAVE_U] = [0.35, 0.3, -0.15];
  v[WAVE_ST] = [-0.3, 1.0, 0.3]; // replaced per territory (ST_TERRITORY_VECTORS)
  v[WAVE_SPIKE] = [0.2, 1.0, 0];
  v[WAVE_WIDE_R] = [0.3, 0.5, -0.9];
  v[WAVE_WIDE_S] = [-0.4, -0.3, 0.4];
  v[WAVE_WIDE_T] = [-0.3, -0.5, 0.9];
  return v;
})();
/** Waves whose direction follows the patient's ventricular axis (turned per patient). */
const VENTRICULAR = [WAVE_Q, WAVE_R, WAVE_S, WAVE_T, WAVE_U];

/**
 * ST-segment injury vector of each STEMI territory, pointing at the injured wall (so leads facing it
 * show elevation and opposite leads reciprocal depression), and the lead the model's ST elevation
 * (stElevationMm) is measured in. Inferior (RCA): down and to the right (ST up III > II, aVF; down in I,
 * aVL), a little backward (depression in V2 from posterior involvement). Anterior (LAD): forward and
 * left (ST up V1–V4). Lateral (circumflex): left and up (ST up I, aVL, V5, V6; down III, aVF, V1).
 */
const ST_TERRITORY_VECTORS: Record<StemiTerritory, { v: readonly [number, number, number]; refLead: number }> = {
  inferior: { v: [-0.3, 1.0, 0.3], refLead: II },
  anterior: { v: [0.3, 0.1, -1.0], refLead: 3 /* V2 */ },
  lateral: { v: [1.0, -0.4, 0.3], refLead: 6 /* V5 */ },
};
/** Continuous atrial/ventricular activity vectors: AF f-waves (largest in V1 and the inferior leads), flutter F-waves (negative sawtooth inferiorly, upright in V1), VF (three independent oscillators). */
const AF_VECTORS = [
  [-0.05, 0.1, -0.12],
  [0.05, 0.12, -0.08],
] as const;
const FLUTTER_VECTOR = [0, 1, 0.6] as const;
const VF_VECTORS = [
  [1, 0.3, 0.2],
  [-0.3, 1, 0.5],
  [0.2, -0.4, -1],
] as const;
/** Per-patient spread of the QRS–T axis (σ, clamp), frontal and horizontal planes: a design choice inside the normal range. */
const AXIS_SD_DEG = 8;
const AXIS_MAX_DEG = 15;

const proj = (row: readonly number[], v: readonly number[]) => row[0] * v[0] + row[1] * v[1] + row[2] * v[2];

/** Lead gains of every wave (relative to its lead-II amplitude) for a patient whose axis is turned by (frontal, horizontal) radians. */
export function ecg12Gains(frontalRad: number, horizontalRad: number, territory: StemiTerritory): Float64Array {
  const g = new Float64Array(WAVE_COUNT * NI);
  const cf = dcos(frontalRad);
  const sf = dsin(frontalRad);
  const ch = dcos(horizontalRad);
  const sh = dsin(horizontalRad);
  for (let w = 0; w < WAVE_COUNT; w++) {
    const nominal = w === WAVE_ST ? ST_TERRITORY_VECTORS[territory].v : WAVE_VECTORS[w];
    let v: readonly number[] = nominal;
    if (VENTRICULAR.includes(w)) {
      // frontal turn (toward +Y = rightward axis), then horizontal turn (about the vertical axis)
      const x1 = nominal[0] * cf - nominal[1] * sf;
      const y1 = nominal[0] * sf + nominal[1] * cf;
      v = [x1 * ch - nominal[2] * sh, y1, x1 * sh + nominal[2] * ch];
    }
    const ref = proj(DOWER[w === WAVE_ST ? ST_TERRITORY_VECTORS[territory].refLead : II], nominal);
    for (let l = 0; l < NI; l++) g[w * NI + l] = proj(DOWER[l], v) / ref;
  }
  return g;
}

/** Oscillator gains (relative to lead II's amplitude) of a vector. */
function vectorGains(v: readonly number[], out: Float64Array, at: number): void {
  const ref = proj(DOWER[II], v);
  for (let l = 0; l < NI; l++) out[at + l] = proj(DOWER[l], v) / ref;
}

/** Plain-data state of a capture in progress (kept in ward snapshots). */
export interface Ecg12CaptureState {
  startS: number;
  beatSeq: number;
  atrialSeq: number;
  /** Per beat: tR, rrPrev, kind, qrsMs, stMm, kMmolL. */
  beats: number[];
  /** Per atrial event: t, kind, amp, rr. */
  atrial: number[];
  /** Per monitor step: time, rhythm, flutter rate (Hz), respiratory rate (/min). */
  segT: number[];
  segRhythm: string[];
  segFlutterHz: number[];
  segRespBpm: number[];
  /** Age of VF (s) at the start, −1 when not in VF. */
  vfAgeS: number;
}

const BEAT_FIELDS = 6;
const ATRIAL_FIELDS = 4;
/** Bumps of a beat reach ±4σ (≤ 0.5 s for a slow T wave) around their centre: capture this far outside the window. */
const MARGIN_S = 1.0;

/**
 * Captures the scheduler's beats over the 10 s after it starts, reading the monitor's rings once per
 * monitor step (the rings hold 32 events, far more than one step's worth at any rate).
 */
export class Ecg12Capture {
  readonly s: Ecg12CaptureState;

  constructor(state: Ecg12CaptureState) {
    this.s = state;
  }

  static start(startS: number, sched: BeatScheduler, vfOnsetS: number): Ecg12Capture {
    const c = new Ecg12Capture({
      startS,
      beatSeq: sched.beats.oldest(),
      atrialSeq: sched.atrial.oldest(),
      beats: [],
      atrial: [],
      segT: [],
      segRhythm: [],
      segFlutterHz: [],
      segRespBpm: [],
      vfAgeS: vfOnsetS >= 0 ? Math.max(0, startS - vfOnsetS) : -1,
    });
    return c;
  }

  get endS(): number {
    return this.s.startS + ECG12_DURATION_S;
  }

  /** After a monitor step at `nowS`: take the newly planned events and the rhythm in force. */
  step(sched: BeatScheduler, nowS: number, rhythm: string, respBpm: number): void {
    const s = this.s;
    const lo = s.startS - MARGIN_S;
    const hi = s.startS + ECG12_DURATION_S + MARGIN_S;
    const b = sched.beats;
    for (let q = Math.max(s.beatSeq, b.oldest()); q < b.count; q++) {
      const i = b.slot(q);
      const t = b.tRS[i];
      if (t >= lo && t <= hi) s.beats.push(t, b.rrPrevS[i], b.kind[i], b.qrsMs[i], b.stMm[i], b.kMmolL[i]);
    }
    s.beatSeq = b.count;
    const a = sched.atrial;
    for (let q = Math.max(s.atrialSeq, a.oldest()); q < a.count; q++) {
      const i = a.slot(q);
      const t = a.tS[i];
      if (t >= lo && t <= hi) s.atrial.push(t, a.kind[i], a.ampMv[i], a.rrS[i]);
    }
    s.atrialSeq = a.count;
    if (nowS <= hi) {
      s.segT.push(nowS);
      s.segRhythm.push(rhythm);
      s.segFlutterHz.push(sched.flutterHz);
      s.segRespBpm.push(respBpm);
    }
  }

  /** Every bump of the window is planned once the monitor has run to the window's end (it plans 1.2 s ahead). */
  complete(nowS: number): boolean {
    return nowS >= this.endS;
  }
}

export interface Ecg12RenderOptions {
  /** Seeds the patient's electrical axis (the same on every ECG of the patient). */
  patientSeed: number;
  /** Seeds the recording's own beat-to-beat variation, oscillators and electrode noise. */
  seed: number;
  territory: StemiTerritory;
  /** The bed's noise-stress setting (null: none) and whether the default noise floor is on. */
  noise: EcgNoiseSettings | null;
  noiseFloor: boolean;
}

/** Collects the bumps of the captured beats (preallocated; grows only if a window holds more). */
class BumpList implements BumpSink {
  n = 0;
  tc = new Float64Array(1024);
  sig = new Float64Array(1024);
  amp = new Float64Array(1024);
  wave = new Int8Array(1024);
  addBump(tcS: number, sigmaS: number, ampMv: number, wave: number): void {
    if (this.n === this.tc.length) {
      const grow = <T extends Float64Array | Int8Array>(a: T, m: number): T => {
        const b = new (a.constructor as new (k: number) => T)(m);
        b.set(a);
        return b;
      };
      const m = this.n * 2;
      this.tc = grow(this.tc, m);
      this.sig = grow(this.sig, m);
      this.amp = grow(this.amp, m);
      this.wave = grow(this.wave, m);
    }
    const i = this.n++;
    this.tc[i] = tcS;
    this.sig[i] = sigmaS;
    this.amp[i] = ampMv;
    this.wave[i] = wave;
  }
}

/** Render a completed capture: 10 s, 500 Hz, twelve leads in whole (derived: half) microvolts. */
export function renderEcg12(cap: Ecg12Capture, opts: Ecg12RenderOptions): Ecg12Recording {
  const s = cap.s;
  const pr = new Prng(opts.patientSeed);
  const axis = () => Math.max(-AXIS_MAX_DEG, Math.min(AXIS_MAX_DEG, AXIS_SD_DEG * pr.normal())) * DEG;
  const gains = ecg12Gains(axis(), axis(), opts.territory);
  const rng = new Prng(opts.seed);
  const morphRng = rng.fork(1);
  const oscRng = rng.fork(2);
  const noiseRng = rng.fork(3);
  const t0 = s.startS;
  const acc: Float64Array[] = [];
  for (let l = 0; l < NI; l++) acc.push(new Float64Array(N));

  // 1. Bumps of the captured beats, with their own per-beat variation and respiratory modulation.
  const bumps = new BumpList();
  const ring = new BeatRing();
  const morph: BeatMorph = { r: 1, qs: 1, t: 1, w: 1 };
  for (let j = 0; j < s.atrial.length; j += ATRIAL_FIELDS) {
    if (s.atrial[j + 1] === ATRIAL_SPIKE) paceSpike(bumps, s.atrial[j]);
    else pWave(bumps, s.atrial[j], s.atrial[j + 3], s.atrial[j + 2]);
  }
  for (let j = 0; j < s.beats.length; j += BEAT_FIELDS) {
    const tR = s.beats[j];
    ring.tRS[0] = tR;
    ring.rrPrevS[0] = s.beats[j + 1];
    ring.kind[0] = s.beats[j + 2];
    ring.qrsMs[0] = s.beats[j + 3];
    ring.stMm[0] = s.beats[j + 4];
    ring.kMmolL[0] = s.beats[j + 5];
    const respHz = segAt(s, tR, s.segRespBpm) / 60;
    const ph = (tR - t0) * respHz;
    drawBeatMorph(morph, morphRng, SINE_TABLE[(ph * SINE_SIZE) & SINE_MASK]);
    ventricularBeat(bumps, ring, 0, morph);
  }
  const G = GAUSS_TABLE;
  const GS = GAUSS_STEPS_PER_UNIT;
  for (let b = 0; b < bumps.n; b++) {
    const sig = bumps.sig[b];
    const tc = bumps.tc[b];
    const k0 = Math.max(0, Math.ceil((tc - 4 * sig - t0) * ECG12_FS));
    const k1 = Math.min(N - 1, Math.floor((tc + 4 * sig - t0) * ECG12_FS));
    const gw = bumps.wave[b] * NI;
    const amp = bumps.amp[b];
    for (let k = k0; k <= k1; k++) {
      const x = (t0 + k * DT - tc) / sig;
      if (!(x > -4 && x < 4)) continue;
      const f = (x + 4) * GS;
      const i = f | 0;
      const g = amp * (G[i] + (G[i + 1] - G[i]) * (f - i));
      for (let l = 0; l < NI; l++) acc[l][k] += g * gains[gw + l];
    }
  }

  // 2. Continuous activity: AF f-waves, flutter F-waves, VF, per monitor step as the rhythm was.
  const og = new Float64Array(6 * NI);
  vectorGains(AF_VECTORS[0], og, 0);
  vectorGains(AF_VECTORS[1], og, NI);
  vectorGains(FLUTTER_VECTOR, og, 2 * NI);
  for (let v = 0; v < 3; v++) vectorGains(VF_VECTORS[v], og, (3 + v) * NI);
  let p1 = oscRng.next();
  let p2 = oscRng.next();
  let p3 = oscRng.next();
  let f1 = AF_F_HZ;
  let f2 = AF_F_HZ * 1.17;
  let f3 = 5;
  let afAmp = AF_F_MV;
  let vfAmp = -1;
  let seg = -1;
  let rhythm = '';
  let flHz = 0;
  for (let k = 0; k < N; k++) {
    const t = t0 + k * DT;
    // per monitor step: the rhythm in force and the oscillators' random walk (as the monitor's ecg.ts)
    while (seg + 1 < s.segT.length && s.segT[seg + 1] <= t + 1e-9) {
      seg++;
      rhythm = s.segRhythm[seg];
      flHz = s.segFlutterHz[seg];
      if (rhythm === 'atrial_fibrillation') {
        f1 = clampF(f1 + 0.1 * oscRng.normal(), 5, 8);
        f2 = clampF(f2 + 0.1 * oscRng.normal(), 5.5, 9);
        afAmp = clampF(afAmp + 0.01 * oscRng.normal(), 0.5 * AF_F_MV, 1.4 * AF_F_MV);
      } else if (rhythm === 'ventricular_fibrillation') {
        const age = (s.vfAgeS >= 0 ? s.vfAgeS : 0) + (t - t0);
        const base = VF_FINE_MV + (VF_COARSE_MV - VF_FINE_MV) * dexp(-age / VF_DECAY_S);
        if (vfAmp < 0) vfAmp = base;
        f1 = clampF(f1 + 0.15 * oscRng.normal(), 3.5, 7);
        f2 = clampF(f2 + 0.2 * oscRng.normal(), 4, 8.5);
        f3 = clampF(f3 + 0.25 * oscRng.normal(), 2, 6);
        vfAmp = clampF(vfAmp + 0.1 * base * oscRng.normal(), 0.5 * base, 1.3 * base);
      }
    }
    if (rhythm === 'atrial_fibrillation') {
      p1 += f1 * DT;
      p2 += f2 * DT;
      const a1 = afAmp * SINE_TABLE[(p1 * SINE_SIZE) & SINE_MASK];
      const a2 = 0.6 * afAmp * SINE_TABLE[(p2 * SINE_SIZE) & SINE_MASK];
      for (let l = 0; l < NI; l++) acc[l][k] += a1 * og[l] + a2 * og[NI + l];
    } else if (flHz > 0) {
      p1 += flHz * DT;
      const fr = p1 - Math.floor(p1);
      const a = FLUTTER_MV * (fr < 0.75 ? 0.5 - fr / 0.75 : -0.5 + (fr - 0.75) / 0.25);
      for (let l = 0; l < NI; l++) acc[l][k] += a * og[2 * NI + l];
    } else if (rhythm === 'ventricular_fibrillation') {
      p1 += f1 * DT;
      p2 += f2 * DT;
      p3 += f3 * DT;
      const a1 = vfAmp * SINE_TABLE[(p1 * SINE_SIZE) & SINE_MASK];
      const a2 = 0.5 * vfAmp * SINE_TABLE[(p2 * SINE_SIZE) & SINE_MASK];
      const a3 = 0.35 * vfAmp * SINE_TABLE[(p3 * SINE_SIZE) & SINE_MASK];
      for (let l = 0; l < NI; l++) acc[l][k] += a1 * og[3 * NI + l] + a2 * og[4 * NI + l] + a3 * og[5 * NI + l];
    }
  }

  // 3. Electrode noise (RA, LA, LL, V1–V6): each electrode carries half the lead-II noise power, so a
  //    bipolar limb lead has the monitor's noise level; V leads reference Wilson's central terminal.
  addElectrodeNoise(acc, noiseRng, opts);

  // 4. Whole microvolts for the independent leads; the others by the limb-lead identities.
  const uv = (a: Float64Array) => Array.from(a, (v) => Math.round(v * 1000));
  const I = uv(acc[0]);
  const IIs = uv(acc[1]);
  const leads = {} as Record<Ecg12Lead, number[]>;
  leads.I = I;
  leads.II = IIs;
  leads.III = IIs.map((v, k) => v - I[k]);
  leads.aVR = IIs.map((v, k) => -(I[k] + v) / 2);
  leads.aVL = IIs.map((v, k) => I[k] - v / 2);
  leads.aVF = IIs.map((v, k) => v - I[k] / 2);
  for (let l = 2; l < NI; l++) leads[ECG12_LEADS[IND_TO_LEAD[l]]] = uv(acc[l]);
  return { format: 'wardtwin-ecg12/1', fs: ECG12_FS, startS: t0, leadsUv: leads, ventricularRateBpm: measuredRate(cap) };
}

/** Mean ventricular rate over the recording: (complexes − 1) over the time from the first to the last. */
function measuredRate(c: Ecg12Capture): number | null {
  const s = c.s;
  let n = 0;
  let first = 0;
  let last = 0;
  for (let j = 0; j < s.beats.length; j += BEAT_FIELDS) {
    const t = s.beats[j];
    if (t < s.startS || t >= c.endS) continue;
    if (n === 0) first = t;
    last = t;
    n++;
  }
  return n < 2 ? null : Math.round((60 * (n - 1)) / (last - first));
}

/** The value of a per-step series in force at time t (the last step at or before t; the first before it). */
function segAt(s: Ecg12CaptureState, t: number, series: readonly number[]): number {
  let v = series.length ? series[0] : 0;
  for (let i = 0; i < s.segT.length && s.segT[i] <= t; i++) v = series[i];
  return v;
}

const ELECTRODES = 9; // RA, LA, LL, V1..V6
const PIECE = 50; // noise envelopes change per 0.1 s piece, like the monitor's step

function addElectrodeNoise(acc: Float64Array[], rng: Prng, opts: Ecg12RenderOptions): void {
  const nz: EcgNoise[] = [];
  for (let e = 0; e < ELECTRODES; e++) {
    const z = new EcgNoise(rng.fork(e));
    z.set(opts.noise);
    z.floorOn = opts.noiseFloor;
    nz.push(z);
  }
  const { BW_A } = NOISE_FILTERS;
  const shapes = nz.map(() => new ShapeState());
  const perElectrode = Math.SQRT1_2;
  const ev = new Float64Array(ELECTRODES);
  for (let k0 = 0; k0 < N; k0 += PIECE) {
    for (const z of nz) z.piece(PIECE);
    for (let k = k0; k < k0 + PIECE; k++) {
      for (let e = 0; e < ELECTRODES; e++) {
        // The noise model of noise.ts, one electrode at a time: its gains and envelopes, its filters.
        const z = nz[e];
        let u = z.u;
        u ^= u << 13;
        u ^= u >>> 17;
        u ^= u << 5;
        z.bw1 = BW_A * z.bw1 + (1 - BW_A) * NOISE_TABLE[u & NOISE_MASK];
        z.bw2 = BW_A * z.bw2 + (1 - BW_A) * z.bw1;
        let v = z.gBw * z.bw2 + z.gHf * NOISE_TABLE[(u >>> 13) & NOISE_MASK];
        if (z.gMa > 0 || z.gEm > 0) {
          u ^= u << 13;
          u ^= u >>> 17;
          u ^= u << 5;
          const sh = shapes[e];
          sh.step(NOISE_TABLE[u & NOISE_MASK], NOISE_TABLE[(u >>> 13) & NOISE_MASK]);
          const fr = (k - k0) / PIECE;
          v += z.gMa * (z.maEnv0 + (z.maEnv - z.maEnv0) * fr) * sh.ma + z.gEm * (z.emEnv0 + (z.emEnv - z.emEnv0) * fr) * sh.em;
        }
        z.u = u;
        ev[e] = perElectrode * v;
      }
      const wct = (ev[0] + ev[1] + ev[2]) / 3;
      acc[0][k] += ev[1] - ev[0];
      acc[1][k] += ev[2] - ev[0];
      for (let l = 2; l < NI; l++) acc[l][k] += ev[l + 1] - wct;
    }
  }
}

function clampF(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/**
 * The recording as CSV: a SIMULATION notice line, then time (s) and the twelve leads in microvolts,
 * one row per sample.
 */
export function ecg12Csv(rec: Ecg12Recording, header: string): string {
  const lines = [`# SIMULATION — NOT FOR CLINICAL USE. WardTwin 12-lead ECG, ${rec.fs} Hz, microvolts. ${header}`.replace(/[\r\n]+/g, ' ')];
  lines.push(['time_s', ...ECG12_LEADS].join(','));
  const n = rec.leadsUv.I.length;
  for (let k = 0; k < n; k++) {
    const row = [(rec.startS + k / rec.fs).toFixed(3)];
    for (const l of ECG12_LEADS) row.push(String(rec.leadsUv[l][k]));
    lines.push(row.join(','));
  }
  return lines.join('\n') + '\n';
}
