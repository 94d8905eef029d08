/**
 * ECG noise after the MIT-BIH Noise Stress Test (Moody, Muldrow & Mark, Computers in Cardiology 1984;
 * docs/REFERENCES.md#nst): three noise types mixed into the clean ECG at a stated signal-to-noise ratio.
 *
 *  bw  baseline wander: mostly below 1 Hz (respiration, electrode drift) — here white noise through two
 *      one-pole low-passes at 0.3 Hz (a 1/f⁴ fall-off above the corner).
 *  ma  muscle (EMG) artifact: broadband, overlapping the QRS and extending far above it — band-pass
 *      5–60 Hz noise with a slowly varying log-normal envelope (contractions wax and wane).
 *  em  electrode motion: the NST's hardest type because its energy lies in the QRS band — band-pass
 *      0.7–12 Hz noise in bursts (on ~2 s, off ~4 s, 30 % level between bursts) with a log-normal jitter.
 *
 * No real noise recording is copied: each type is a stochastic process shaped to the published
 * description of its spectrum, drawn from the bed's seeded generator (deterministic per seed).
 *
 * SNR convention of the NST (`nst` manual page, WFDB): S = (peak-to-peak QRS amplitude)² / 8, the power of
 * a sine wave with that peak-to-peak amplitude; N = mean-square noise; SNR = 10·log10(S/N) dB. The NST's
 * standard levels are 24, 18, 12, 6, 0 and −6 dB. With several types selected the noise power is split
 * equally between them.
 *
 * Every monitor also carries a small default noise floor (baseline wander and broadband noise), calibrated
 * so that the ECG's signal statistics fall within those of MIT-BIH Arrhythmia Database records
 * (scripts/ecg-calibration.ts, docs/SIGNALS.md).
 */
import { Prng } from '../util/prng';
import { dexp, dpow } from '../util/detmath';
import { NOISE_MASK, NOISE_TABLE } from './tables';

export type EcgNoiseType = 'bw' | 'ma' | 'em';
export const ECG_NOISE_TYPES: readonly EcgNoiseType[] = Object.freeze(['bw', 'ma', 'em'] as EcgNoiseType[]);
/** Noise-stress settings of one bed: the SNR (dB, NST convention) and the noise types mixed in. */
export interface EcgNoiseSettings {
  snrDb: number;
  types: EcgNoiseType[];
}
/** The NST's standard SNR levels (dB). */
export const NST_SNR_LEVELS_DB: readonly number[] = Object.freeze([24, 18, 12, 6, 0, -6]);
/** Valid range of snrDb accepted in scenarios (beyond ±40 dB the noise is either negligible or all there is). */
export const NOISE_SNR_MIN_DB = -20;
export const NOISE_SNR_MAX_DB = 40;

/**
 * Peak-to-peak amplitude (mV) of the normal QRS the SNR refers to: R 1 mV, S −0.25 mV (ecg-morph.ts).
 * The NST measures it on the clean record; here it is the model's nominal QRS.
 */
export const QRS_PP_MV = 1.25;

/** RMS noise amplitude (mV) for an SNR in dB (NST: S = pp²/8). */
export function noiseRmsForSnr(snrDb: number, qrsPpMv = QRS_PP_MV): number {
  return (qrsPpMv / Math.sqrt(8)) * dpow(10, -snrDb / 20);
}

/**
 * Default noise floor (RMS, mV), calibrated against MIT-BIH records (docs/SIGNALS.md): stochastic
 * baseline wander and broadband (white, 0–250 Hz) noise standing for amplifier, EMG and contact noise
 * of a resting patient.
 */
export const DEFAULT_BW_RMS_MV = 0.052;
export const DEFAULT_HF_RMS_MV = 0.017;
/** Without the floor (MonitorOptions.ecgNoiseFloor false): only the instrument's ~10 µV RMS front-end noise. */
export const INSTRUMENT_NOISE_MV = 0.01;

const FS = 500;
const DT = 1 / FS;
const TWO_PI = 2 * Math.PI;
const lp = (fc: number) => dexp(-TWO_PI * fc * DT);
const BW_A = lp(0.5);
const MA_HP = lp(5);
const MA_LP = lp(60);
const EM_HP = lp(0.7);
const EM_LP = lp(12);
/** Envelope parameters. */
const MA_ENV_TAU_S = 1;
const MA_ENV_SD = 0.5;
const EM_ON_MEAN_S = 2;
const EM_OFF_MEAN_S = 4;
const EM_OFF_LEVEL = 0.3;
const EM_ENV_SD = 0.3;
/** Burst level so that the envelope's mean square is 1 (duty d = on/(on+off)). */
const EM_ON_LEVEL = (() => {
  const d = EM_ON_MEAN_S / (EM_ON_MEAN_S + EM_OFF_MEAN_S);
  return 1 / Math.sqrt(d + (1 - d) * EM_OFF_LEVEL * EM_OFF_LEVEL);
})();

/** Filter states of the band-passed types (used at load to measure their gains; the hot loop inlines the same steps). */
export class ShapeState {
  maHp = 0;
  maX = 0;
  maL1 = 0;
  ma = 0;
  emHp = 0;
  emX = 0;
  emL1 = 0;
  em = 0;
  step(g1: number, g2: number): void {
    this.maHp = MA_HP * (this.maHp + g1 - this.maX);
    this.maX = g1;
    this.maL1 = MA_LP * this.maL1 + (1 - MA_LP) * this.maHp;
    this.ma = MA_LP * this.ma + (1 - MA_LP) * this.maL1;
    this.emHp = EM_HP * (this.emHp + g2 - this.emX);
    this.emX = g2;
    this.emL1 = EM_LP * this.emL1 + (1 - EM_LP) * this.emHp;
    this.em = EM_LP * this.em + (1 - EM_LP) * this.emL1;
  }
}

/** Unit-variance gains of the shaping filters (bw analytic; the band-passes measured once at load on a fixed seed). */
const BW_GAIN = (() => {
  const a = BW_A;
  // two identical one-pole low-passes: Σh² = (1−a)⁴(1+a²)/(1−a²)³
  return 1 / Math.sqrt((dpow(1 - a, 4) * (1 + a * a)) / dpow(1 - a * a, 3));
})();
const BAND_GAINS = (() => {
  const st = new ShapeState();
  let u = 0x2545f491 | 0;
  let sMa = 0;
  let sEm = 0;
  const n = 1 << 17;
  for (let k = 0; k < n + 4096; k++) {
    u ^= u << 13;
    u ^= u >>> 17;
    u ^= u << 5;
    st.step(NOISE_TABLE[u & NOISE_MASK], NOISE_TABLE[(u >>> 13) & NOISE_MASK]);
    if (k >= 4096) {
      sMa += st.ma * st.ma;
      sEm += st.em * st.em;
    }
  }
  return { ma: 1 / Math.sqrt(sMa / n), em: 1 / Math.sqrt(sEm / n) };
})();

/**
 * Per-monitor noise generator. Per-piece: envelopes and gains (frame-rate processes); per-sample: the
 * shaping filters, inlined by `EcgSynth.render` through `step` (no allocation).
 */
export class EcgNoise {
  /** NST setting (null = off). */
  snrDb = NaN;
  bwOn = false;
  maOn = false;
  emOn = false;
  /** Default floor on (false: a clean trace for morphology measurements and teaching strips). */
  floorOn = true;
  // sample source: xorshift32 state indexing the shared Gaussian table
  u = 0x9e3779b9 | 0;
  // filter states
  bw1 = 0;
  bw2 = 0;
  maHp = 0;
  maX = 0;
  maL1 = 0;
  maL2 = 0;
  emHp = 0;
  emX = 0;
  emL1 = 0;
  emL2 = 0;
  // envelopes (value at the end of the last piece)
  maLog = 0;
  emLog = 0;
  emBurst = false;
  maEnv = 1;
  emEnv = 1;
  // per-piece gains (mV per unit-variance shaped noise), read by the render loop
  gBw = 0;
  gMa = 0;
  gEm = 0;
  gHf = 0;
  maEnv0 = 1;
  emEnv0 = 1;
  rng: Prng;

  constructor(rng: Prng) {
    this.rng = rng;
    this.u = (rng.nextU32() | 1) | 0;
  }

  set(s: EcgNoiseSettings | null): void {
    if (s === null || !(s.snrDb === s.snrDb)) {
      this.snrDb = NaN;
      this.bwOn = this.maOn = this.emOn = false;
      return;
    }
    this.snrDb = s.snrDb;
    this.bwOn = s.types.includes('bw');
    this.maOn = s.types.includes('ma');
    this.emOn = s.types.includes('em');
  }

  get(): EcgNoiseSettings | null {
    if (!(this.snrDb === this.snrDb)) return null;
    const types: EcgNoiseType[] = [];
    if (this.bwOn) types.push('bw');
    if (this.maOn) types.push('ma');
    if (this.emOn) types.push('em');
    return { snrDb: this.snrDb, types };
  }

  /** Per-piece update of envelopes and gains for a piece of `n` samples. */
  piece(n: number): void {
    const dt = n * DT;
    const r = this.rng;
    this.maEnv0 = this.maEnv;
    this.emEnv0 = this.emEnv;
    const nst = this.snrDb === this.snrDb;
    const nTypes = (this.bwOn ? 1 : 0) + (this.maOn ? 1 : 0) + (this.emOn ? 1 : 0);
    const per = nst && nTypes > 0 ? noiseRmsForSnr(this.snrDb) / Math.sqrt(nTypes) : 0;
    const fl = this.floorOn ? 1 : 0;
    const bwRms = Math.sqrt(fl * DEFAULT_BW_RMS_MV * DEFAULT_BW_RMS_MV + (this.bwOn ? per * per : 0));
    this.gBw = bwRms * BW_GAIN;
    this.gHf = this.floorOn ? DEFAULT_HF_RMS_MV : INSTRUMENT_NOISE_MV;
    this.gMa = this.maOn ? per * BAND_GAINS.ma : 0;
    this.gEm = this.emOn ? per * BAND_GAINS.em : 0;
    if (this.maOn) {
      const a = dexp(-dt / MA_ENV_TAU_S);
      this.maLog = a * this.maLog + Math.sqrt(1 - a * a) * MA_ENV_SD * r.normal();
      this.maEnv = dexp(this.maLog - MA_ENV_SD * MA_ENV_SD);
    }
    if (this.emOn) {
      if (r.next() < dt / (this.emBurst ? EM_ON_MEAN_S : EM_OFF_MEAN_S)) this.emBurst = !this.emBurst;
      const a = dexp(-dt / 0.5);
      this.emLog = a * this.emLog + Math.sqrt(1 - a * a) * EM_ENV_SD * r.normal();
      this.emEnv = (this.emBurst ? EM_ON_LEVEL : EM_ON_LEVEL * EM_OFF_LEVEL) * dexp(this.emLog - EM_ENV_SD * EM_ENV_SD);
    }
  }
}

export const NOISE_FILTERS = { BW_A, MA_HP, MA_LP, EM_HP, EM_LP } as const;
