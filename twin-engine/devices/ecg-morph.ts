/**
 * ECG wave morphology (lead II) in the analytic phase form of ECGSYN (McSharry et al., IEEE TBME 2003;
 * docs/REFERENCES.md#ecgsyn).
 *
 * In ECGSYN each beat is a trajectory around a limit cycle whose angle θ advances by 2π/RR per second;
 * the ECG z(θ) integrates to a sum of Gaussian bumps Σ aᵢ·bᵢ²·exp(−Δθᵢ²/2bᵢ²) with Δθᵢ = θ − θᵢ.
 * Published parameters (P, Q, R, S, T): θᵢ = (−70, −15, 0, 15, 100)°, aᵢ = (1.2, −5, 30, −7.5, 0.75),
 * bᵢ = (0.25, 0.1, 0.1, 0.1, 0.4); with heart-rate factor h = √(HR/60) the widths scale bᵢ·h, the Q/S
 * angles θᵢ·h and the P/T angles θᵢ·√h (ECGSYN reference code).
 *
 * We evaluate that phase form directly: bump i of a beat with cycle length RR sits at time
 * tR + θᵢ·RR/2π with width bᵢ·h·RR/2π, and in the render loop its normalised coordinate
 * x = Δθᵢ/bᵢ advances by a constant per sample — no ODE, no RK4. Amplitudes are aᵢbᵢ² scaled so that
 * R = 1 mV (P 0.25, Q −0.17, R 1.0, S −0.25, T 0.4 mV; ECGSYN rescales its output the same way).
 *
 * Pathological variants (documented next to each constant) add, widen or re-sign bumps.
 */
import { BEAT_PACED, BEAT_PVC, BEAT_VT, type BeatRing } from './beats';
import { dpow } from '../util/detmath';

const DEG = Math.PI / 180;
const TWO_PI = 2 * Math.PI;
/** ECGSYN θᵢ (rad), bᵢ, and aᵢ·bᵢ² normalised to R = 1 mV. */
export const ECGSYN_THETA = [-70 * DEG, -15 * DEG, 0, 15 * DEG, 100 * DEG];
export const ECGSYN_B = [0.25, 0.1, 0.1, 0.1, 0.4];
export const ECGSYN_A = [1.2, -5, 30, -7.5, 0.75];
const AMP_SCALE = 1 / (ECGSYN_A[2] * ECGSYN_B[2] * ECGSYN_B[2]);
export const P_MV = ECGSYN_A[0] * ECGSYN_B[0] * ECGSYN_B[0] * AMP_SCALE; // 0.25
const Q_MV = ECGSYN_A[1] * ECGSYN_B[1] * ECGSYN_B[1] * AMP_SCALE; // −0.167
const R_MV = 1;
const S_MV = ECGSYN_A[3] * ECGSYN_B[3] * ECGSYN_B[3] * AMP_SCALE; // −0.25
const T_MV = ECGSYN_A[4] * ECGSYN_B[4] * ECGSYN_B[4] * AMP_SCALE; // 0.4
/** Normal QRS duration reference (ms) against which qrsWidthMs widens the complex. */
const QRS_REF_MS = 95;
/** 1 mm on ECG paper = 0.1 mV. */
const MV_PER_MM = 0.1;

/**
 * Which wave a bump belongs to. Lead II (the monitor) ignores it; the 12-lead recorder (ecg12.ts) gives
 * each wave its own cardiac vector and projects it onto every lead.
 */
export const WAVE_P = 0;
export const WAVE_Q = 1;
export const WAVE_R = 2;
export const WAVE_S = 3;
export const WAVE_T = 4;
export const WAVE_ST = 5;
export const WAVE_U = 6;
export const WAVE_SPIKE = 7;
/** Wide ventricular complexes (PVC, VT, paced): their own activation sequence, so their own vectors. */
export const WAVE_WIDE_R = 8;
export const WAVE_WIDE_S = 9;
export const WAVE_WIDE_T = 10;
export const WAVE_COUNT = 11;

/** Sink for the Gaussian bumps of one beat (center time s, width s, amplitude mV in lead II, wave). */
export interface BumpSink {
  addBump(tcS: number, sigmaS: number, ampMv: number, wave: number): void;
}

/** P wave (or other atrial deflection) at its peak time. */
export function pWave(sink: BumpSink, tP: number, rr: number, ampRel: number): void {
  if (ampRel <= 0) return;
  const h = Math.sqrt(1 / rr);
  sink.addBump(tP, (ECGSYN_B[0] * h * rr) / TWO_PI, P_MV * ampRel, WAVE_P);
}

/** Pacemaker stimulus: a very narrow spike (monitors enhance it; σ = 2 ms keeps it visible at 500 Hz). */
export function paceSpike(sink: BumpSink, t: number): void {
  sink.addBump(t, 0.002, 2.0, WAVE_SPIKE);
  sink.addBump(t + 0.008, 0.006, -0.12, WAVE_SPIKE);
}

/**
 * Per-beat morphology factors (respiratory modulation of amplitude and electrical axis, beat-to-beat
 * variation; ecg.ts): R amplitude, Q/S amplitude, T amplitude and QRS width multipliers.
 */
export interface BeatMorph {
  r: number;
  qs: number;
  t: number;
  w: number;
}
export const IDENTITY_MORPH: Readonly<BeatMorph> = Object.freeze({ r: 1, qs: 1, t: 1, w: 1 });

/** QRS–T (and ST, U) bumps of ventricular beat `slot` of the ring. */
export function ventricularBeat(sink: BumpSink, b: BeatRing, slot: number, m: Readonly<BeatMorph> = IDENTITY_MORPH): void {
  const tR = b.tRS[slot];
  const rr = b.rrPrevS[slot];
  const kind = b.kind[slot];
  const sqrtRr = Math.sqrt(rr);
  const k = b.kMmolL[slot];
  const st = b.stMm[slot] * MV_PER_MM;
  // Potassium effects on repolarisation (illustrative gains): hyperkalaemia > 5.5 mmol/L → tall, narrow,
  // peaked T; hypokalaemia < 3.5 → flat T and a U wave (classic ECG signs of dyskalaemia).
  let tAmp = 1;
  let tWidth = 1;
  let uMv = 0;
  if (k > 5.5) {
    tAmp = 1 + 0.6 * (k - 5.5);
    tWidth = 1 / (1 + 0.3 * (k - 5.5));
  } else if (k < 3.5) {
    tAmp = Math.max(0.3, 1 - 0.35 * (3.5 - k));
    uMv = 0.02 + 0.06 * (3.5 - k);
  }
  if (kind === BEAT_PVC || kind === BEAT_VT || kind === BEAT_PACED) {
    // Wide ventricular complex (~150–170 ms) with discordant T (ventricular activation outside the
    // conduction system). PVC: large and bizarre; VT: monomorphic sine-like; paced: LBBB-like.
    const rAmp = (kind === BEAT_PVC ? 1.5 : kind === BEAT_VT ? 1.3 : 0.9) * m.r;
    const sigR = (kind === BEAT_VT ? 0.038 : 0.032) * m.w;
    sink.addBump(tR, sigR, rAmp, WAVE_WIDE_R);
    sink.addBump(tR + 0.065 * m.w, 0.03 * m.w, (kind === BEAT_PACED ? -0.25 : -0.55) * m.qs, WAVE_WIDE_S);
    const tT = tR + 0.3 * dpow(rr, 0.5);
    sink.addBump(tT, 0.07 * sqrtRr, -0.45 * rAmp * Math.min(tAmp, 2), WAVE_WIDE_T);
    if (st !== 0) sink.addBump(tR + 0.15, 0.045 * sqrtRr, st, WAVE_ST);
    return;
  }
  const h = Math.sqrt(1 / rr);
  const h2 = Math.sqrt(h);
  const toS = rr / TWO_PI;
  // QRS widening (bundle-branch block, hyperkalaemia, drugs): spread Q, R, S by w = qrs/95 ms.
  const w = Math.max(1, Math.min(2.4, b.qrsMs[slot] / QRS_REF_MS)) * m.w;
  const sigQrs = ECGSYN_B[2] * h * toS * w;
  const tQ = tR + ECGSYN_THETA[1] * h * toS * w;
  const tS = tR + ECGSYN_THETA[3] * h * toS * w;
  sink.addBump(tQ, ECGSYN_B[1] * h * toS * w, Q_MV * m.qs, WAVE_Q);
  if (w > 1.25) {
    // BBB in lead II: broad notched R (two fused peaks), secondary ST–T change (T opposite to QRS)
    sink.addBump(tR - 0.45 * sigQrs, sigQrs * 0.85, 0.7 * R_MV * m.r, WAVE_R);
    sink.addBump(tR + 0.55 * sigQrs, sigQrs * 0.85, 0.6 * R_MV * m.r, WAVE_R);
    tAmp *= -0.5;
  } else {
    sink.addBump(tR, sigQrs, R_MV * m.r, WAVE_R);
  }
  sink.addBump(tS, ECGSYN_B[3] * h * toS * w, S_MV * m.qs, WAVE_S);
  tAmp *= m.t;
  const tT = tR + ECGSYN_THETA[4] * h2 * toS + (w - 1) * 0.04;
  const sigT = ECGSYN_B[4] * h * toS * tWidth;
  // ST elevation: a broad bump centred 60 ms after the J point (end of S ≈ tS + 2σS), where STEMI
  // criteria measure it (J+60–80 ms); hyperacute T grows with it.
  if (st !== 0) {
    const tJ = tS + 2 * ECGSYN_B[3] * h * toS * w;
    sink.addBump(tJ + 0.06, 0.045 * sqrtRr, st, WAVE_ST);
    tAmp += tAmp > 0 ? 0.3 * st : 0;
  }
  sink.addBump(tT, sigT, T_MV * tAmp, WAVE_T);
  if (uMv > 0) sink.addBump(tT + 0.16 * sqrtRr, 0.04 * sqrtRr, uMv, WAVE_U);
}
