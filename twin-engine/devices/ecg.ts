/**
 * ECG lead II generator, 500 Hz. Sums the Gaussian bumps of the beats planned by the BeatScheduler
 * (ecg-morph.ts, ECGSYN phase form) plus continuous atrial/ventricular activity (AF f-waves, flutter
 * F-waves, VF) and the ECG artifacts. Hot loop: table lookups only, no allocation.
 */
import { Prng } from '../util/prng';
import type { DeviceInput } from './types';
import { ATRIAL_SPIKE, type BeatScheduler } from './beats';
import { paceSpike, pWave, ventricularBeat, type BeatMorph, type BumpSink } from './ecg-morph';
import { EcgNoise, NOISE_FILTERS } from './noise';
import { CPR_RATE_PER_MIN, SENSOR_ECG, type Artifacts } from './artifacts';
import { GAUSS_STEPS_PER_UNIT, GAUSS_TABLE, NOISE_MASK, NOISE_TABLE, SINE_MASK, SINE_SIZE, SINE_TABLE } from './tables';
import type { SampleRing } from './ring';
import { dexp } from '../util/detmath';

const FS = 500;
const DT = 1 / FS;
const MAX_BUMPS = 64;
/**
 * Respiratory modulation of the QRS (chest-wall movement and the heart's rotation with the diaphragm
 * change the lead's view of the cardiac vector; the basis of ECG-derived respiration, Moody et al.
 * 1985, docs/REFERENCES.md#edr): R amplitude ± RESP_R_MOD with breathing, and an electrical-axis
 * swing that moves amplitude between R and Q/S in lead II (RESP_AXIS_MOD on Q/S, opposite sign).
 * Beat-to-beat variation (σ of per-beat multipliers): calibrated with the noise floor against MIT-BIH
 * records (scripts/ecg-calibration.ts, docs/SIGNALS.md).
 */
const RESP_R_MOD = 0.08;
const RESP_AXIS_MOD = 0.12;
const BEAT_R_SD = 0.03;
const BEAT_QS_SD = 0.08;
const BEAT_T_SD = 0.12;
const BEAT_W_SD = 0.02;
/** AF fibrillatory waves: 0.05–0.1 mV at 350–600/min (≈ 6–8 Hz), irregular in amplitude and rate. */
export const AF_F_MV = 0.07;
export const AF_F_HZ = 6.5;
/** Atrial flutter F-waves in II: negative sawtooth ~0.2 mV (classic "sawtooth" in the inferior leads). */
export const FLUTTER_MV = 0.22;
/** VF: chaotic 4–8 Hz oscillation; coarse (≥ 0.3 mV) early, becoming fine within minutes. */
export const VF_COARSE_MV = 0.6;
export const VF_FINE_MV = 0.15;
export const VF_DECAY_S = 300;

/**
 * One beat's morphology factors: respiratory modulation at respiratory phase sine `sn` and beat-to-beat
 * variation drawn from `rng` (the monitor's lead II and the 12-lead recorder, ecg12.ts, vary alike).
 */
export function drawBeatMorph(m: BeatMorph, rng: Prng, sn: number): void {
  m.r = (1 + RESP_R_MOD * sn) * (1 + BEAT_R_SD * rng.normal());
  m.qs = (1 - RESP_AXIS_MOD * sn) * (1 + BEAT_QS_SD * rng.normal());
  m.t = (1 + 0.5 * RESP_R_MOD * sn) * (1 + BEAT_T_SD * rng.normal());
  m.w = 1 + BEAT_W_SD * clampF(rng.normal(), -2.5, 2.5);
}

export class EcgSynth implements BumpSink {
  // pending bumps (not yet inside their ±4σ window)
  pTc = new Float64Array(MAX_BUMPS);
  pSig = new Float64Array(MAX_BUMPS);
  pAmp = new Float64Array(MAX_BUMPS);
  nPend = 0;
  // active bumps: normalised coordinate x advancing by dx per sample
  aX = new Float64Array(MAX_BUMPS);
  aDx = new Float64Array(MAX_BUMPS);
  aAmp = new Float64Array(MAX_BUMPS);
  nAct = 0;
  beatSeq = 0;
  atrialSeq = 0;
  noisePos = 0;
  // continuous oscillators (phases in cycles)
  ph1 = 0;
  ph2 = 0;
  ph3 = 0;
  f1 = AF_F_HZ;
  f2 = AF_F_HZ * 1.17;
  f3 = 5;
  oscAmp = 0;
  vfOnsetS = -1;
  motionState = 0;
  /** Respiratory phase (cycles) for the QRS modulation. */
  respPh = 0;
  /** Morphology factors of the beat being collected (reused: no allocation). */
  morph: BeatMorph = { r: 1, qs: 1, t: 1, w: 1 };
  /** Per-beat variation and respiratory modulation on (off only in tests that need exact templates). */
  morphOn = true;
  rng: Prng;
  noise: EcgNoise;

  constructor(rng: Prng, noiseRng: Prng = new Prng(0x0e5e)) {
    this.rng = rng;
    this.noise = new EcgNoise(noiseRng);
  }

  addBump(tc: number, sigma: number, amp: number): void {
    if (this.nPend >= MAX_BUMPS) return;
    const i = this.nPend++;
    this.pTc[i] = tc;
    this.pSig[i] = sigma;
    this.pAmp[i] = amp;
  }

  /** Pull newly planned beats into pending bumps. */
  private collect(s: BeatScheduler, t0: number, respHz: number): void {
    const a = s.atrial;
    if (this.atrialSeq < a.oldest()) this.atrialSeq = a.oldest();
    for (; this.atrialSeq < a.count; this.atrialSeq++) {
      const i = a.slot(this.atrialSeq);
      if (a.kind[i] === ATRIAL_SPIKE) paceSpike(this, a.tS[i]);
      else pWave(this, a.tS[i], a.rrS[i], a.ampMv[i]);
    }
    const b = s.beats;
    if (this.beatSeq < b.oldest()) this.beatSeq = b.oldest();
    const m = this.morph;
    for (; this.beatSeq < b.count; this.beatSeq++) {
      const slot = b.slot(this.beatSeq);
      if (this.morphOn) {
        const ph = this.respPh + (b.tRS[slot] - t0) * respHz;
        drawBeatMorph(m, this.rng, SINE_TABLE[(ph * SINE_SIZE) & SINE_MASK]);
      }
      ventricularBeat(this, b, slot, m);
    }
  }

  /** Move pending bumps whose window starts before tEnd into the active set; drop finished ones. */
  private activate(t0: number, tEnd: number): void {
    let j = 0;
    for (let i = 0; i < this.nAct; i++) {
      if (this.aX[i] < 4) {
        this.aX[j] = this.aX[i];
        this.aDx[j] = this.aDx[i];
        this.aAmp[j] = this.aAmp[i];
        j++;
      }
    }
    this.nAct = j;
    let p = 0;
    for (let i = 0; i < this.nPend; i++) {
      const sig = this.pSig[i];
      const tc = this.pTc[i];
      if (tc - 4 * sig < tEnd && this.nAct < MAX_BUMPS) {
        const x = (t0 - tc) / sig;
        if (x < 4) {
          const n = this.nAct++;
          this.aX[n] = x;
          this.aDx[n] = DT / sig;
          this.aAmp[n] = this.pAmp[i];
        }
      } else {
        this.pTc[p] = tc;
        this.pSig[p] = sig;
        this.pAmp[p] = this.pAmp[i];
        p++;
      }
    }
    this.nPend = p;
  }

  /** Per-piece update of the continuous oscillators' rates and amplitude. Returns mode 0 none, 1 AF, 2 flutter, 3 VF. */
  private oscMode(inp: DeviceInput, s: BeatScheduler, t0: number): number {
    const r = inp.rhythm;
    if (r === 'ventricular_fibrillation') {
      if (this.vfOnsetS < 0) this.vfOnsetS = t0;
      const age = t0 - this.vfOnsetS;
      const base = VF_FINE_MV + (VF_COARSE_MV - VF_FINE_MV) * dexp(-age / VF_DECAY_S);
      // random walk of rates and amplitude → chaotic, non-repeating
      this.f1 = clampF(this.f1 + 0.15 * this.rng.normal(), 3.5, 7);
      this.f2 = clampF(this.f2 + 0.2 * this.rng.normal(), 4, 8.5);
      this.f3 = clampF(this.f3 + 0.25 * this.rng.normal(), 2, 6);
      this.oscAmp = clampF(this.oscAmp + 0.1 * base * this.rng.normal(), 0.5 * base, 1.3 * base);
      return 3;
    }
    this.vfOnsetS = -1;
    if (r === 'atrial_fibrillation') {
      this.f1 = clampF(this.f1 + 0.1 * this.rng.normal(), 5, 8);
      this.f2 = clampF(this.f2 + 0.1 * this.rng.normal(), 5.5, 9);
      this.oscAmp = clampF(this.oscAmp + 0.01 * this.rng.normal(), 0.5 * AF_F_MV, 1.4 * AF_F_MV);
      return 1;
    }
    if (s.flutterHz > 0) {
      this.f1 = s.flutterHz;
      return 2;
    }
    return 0;
  }

  render(
    ring: SampleRing,
    k0: number,
    k1: number,
    inp: DeviceInput,
    s: BeatScheduler,
    art: Artifacts,
  ): void {
    const t0 = k0 * DT;
    const tEnd = k1 * DT;
    const respHz = inp.apnea ? 0 : Math.max(0, inp.rrBpm) / 60;
    this.collect(s, t0, respHz);
    this.activate(t0, tEnd);
    const mode = this.oscMode(inp, s, t0);
    const n = k1 - k0;
    const buf = ring.buf;
    const mask = ring.mask;
    let head = ring.head;
    const aX = this.aX;
    const aDx = this.aDx;
    const aAmp = this.aAmp;
    const nAct = this.nAct;
    const G = GAUSS_TABLE;
    const GS = GAUSS_STEPS_PER_UNIT;
    const NT = NOISE_TABLE;
    let np = (this.noisePos + ((this.rng.next() * 4096) | 0)) & NOISE_MASK;
    // per-piece artifact parameters
    const gap = art.gap(SENSOR_ECG);
    const leadOff = art.leadOff;
    const wanderMv = 0.4 * art.wander;
    const mainsMv = 0.2 * art.mains;
    const emgMv = 0.15 * art.emgLevel;
    const motionMv = 1.0 * art.motionLevel;
    const cprMv = 1.5 * art.cprLevel;
    const anyArt = wanderMv > 0 || mainsMv > 0 || emgMv > 0 || motionMv > 0 || cprMv > 0;
    let wPh = art.wanderPhase;
    // fixed-frequency artifacts take their phase from absolute time (same compressions on every channel)
    let mPh = t0 * art.mainsHz;
    mPh -= Math.floor(mPh);
    let cPh = (t0 * CPR_RATE_PER_MIN) / 60;
    cPh -= Math.floor(cPh);
    const wInc = art.wanderHz * DT;
    const mInc = art.mainsHz * DT;
    const cInc = (CPR_RATE_PER_MIN / 60) * DT;
    let ms = this.motionState;
    let p1 = this.ph1;
    let p2 = this.ph2;
    let p3 = this.ph3;
    const i1 = this.f1 * DT;
    const i2 = this.f2 * DT;
    const i3 = this.f3 * DT;
    const oa = this.oscAmp;
    // noise (noise.ts): per-piece gains and envelopes, per-sample shaping filters inlined here
    const nz = this.noise;
    nz.piece(n);
    const gBw = nz.gBw;
    const gHf = nz.gHf;
    const gMa = nz.gMa;
    const gEm = nz.gEm;
    const maE0 = nz.maEnv0;
    const maDe = (nz.maEnv - maE0) / n;
    const emE0 = nz.emEnv0;
    const emDe = (nz.emEnv - emE0) / n;
    const { BW_A, MA_HP, MA_LP, EM_HP, EM_LP } = NOISE_FILTERS;
    let u = nz.u;
    let bw1 = nz.bw1;
    let bw2 = nz.bw2;
    let maHp = nz.maHp;
    let maX = nz.maX;
    let maL1 = nz.maL1;
    let maL2 = nz.maL2;
    let emHp = nz.emHp;
    let emX = nz.emX;
    let emL1 = nz.emL1;
    let emL2 = nz.emL2;
    for (let k = 0; k < n; k++) {
      let v = 0;
      for (let c = 0; c < nAct; c++) {
        const x = aX[c];
        if (x > -4 && x < 4) {
          const f = (x + 4) * GS;
          const i = f | 0;
          const g = G[i];
          v += aAmp[c] * (g + (G[i + 1] - g) * (f - i));
        }
        aX[c] = x + aDx[c];
      }
      if (mode !== 0) {
        p1 += i1;
        if (mode === 1) {
          p2 += i2;
          v += oa * (SINE_TABLE[(p1 * SINE_SIZE) & SINE_MASK] + 0.6 * SINE_TABLE[(p2 * SINE_SIZE) & SINE_MASK]);
        } else if (mode === 2) {
          const fr = p1 - Math.floor(p1);
          // slow descent over 75 % of the cycle, fast return (negative sawtooth, zero mean)
          v += FLUTTER_MV * (fr < 0.75 ? 0.5 - fr / 0.75 : -0.5 + (fr - 0.75) / 0.25);
        } else {
          p2 += i2;
          p3 += i3;
          v +=
            oa *
            (SINE_TABLE[(p1 * SINE_SIZE) & SINE_MASK] +
              0.5 * SINE_TABLE[(p2 * SINE_SIZE) & SINE_MASK] +
              0.35 * SINE_TABLE[(p3 * SINE_SIZE) & SINE_MASK]);
        }
      }
      u ^= u << 13;
      u ^= u >>> 17;
      u ^= u << 5;
      const g0 = NT[u & NOISE_MASK];
      bw1 = BW_A * bw1 + (1 - BW_A) * g0;
      bw2 = BW_A * bw2 + (1 - BW_A) * bw1;
      v += gBw * bw2 + gHf * NT[(u >>> 13) & NOISE_MASK];
      if (gMa > 0 || gEm > 0) {
        u ^= u << 13;
        u ^= u >>> 17;
        u ^= u << 5;
        const g1 = NT[u & NOISE_MASK];
        const g2 = NT[(u >>> 13) & NOISE_MASK];
        maHp = MA_HP * (maHp + g1 - maX);
        maX = g1;
        maL1 = MA_LP * maL1 + (1 - MA_LP) * maHp;
        maL2 = MA_LP * maL2 + (1 - MA_LP) * maL1;
        emHp = EM_HP * (emHp + g2 - emX);
        emX = g2;
        emL1 = EM_LP * emL1 + (1 - EM_LP) * emHp;
        emL2 = EM_LP * emL2 + (1 - EM_LP) * emL1;
        v += gMa * (maE0 + maDe * k) * maL2 + gEm * (emE0 + emDe * k) * emL2;
      }
      np = (np + 1) & NOISE_MASK;
      if (anyArt) {
        wPh += wInc;
        mPh += mInc;
        cPh += cInc;
        ms = 0.995 * ms + 0.1 * NT[(np + 4099) & NOISE_MASK];
        v +=
          wanderMv * SINE_TABLE[(wPh * SINE_SIZE) & SINE_MASK] +
          mainsMv * SINE_TABLE[(mPh * SINE_SIZE) & SINE_MASK] +
          emgMv * NT[(np + 2053) & NOISE_MASK] +
          motionMv * 0.1 * ms;
        if (cprMv > 0) {
          const fr = cPh - Math.floor(cPh);
          v += fr < 0.5 ? cprMv * SINE_TABLE[(fr * SINE_SIZE) & SINE_MASK] : 0;
        }
      }
      if (leadOff) v = 0;
      buf[head & mask] = gap ? NaN : v;
      head++;
    }
    ring.head = head;
    ring.fixOverflow();
    this.noisePos = np;
    this.ph1 = p1 - Math.floor(p1);
    this.ph2 = p2 - Math.floor(p2);
    this.ph3 = p3 - Math.floor(p3);
    this.motionState = ms;
    art.wanderPhase = wPh - Math.floor(wPh);
    nz.u = u;
    nz.bw1 = bw1;
    nz.bw2 = bw2;
    nz.maHp = maHp;
    nz.maX = maX;
    nz.maL1 = maL1;
    nz.maL2 = maL2;
    nz.emHp = emHp;
    nz.emX = emX;
    nz.emL1 = emL1;
    nz.emL2 = emL2;
    const rp = this.respPh + n * DT * respHz;
    this.respPh = rp - Math.floor(rp);
  }

  /** Re-enabling the channel: drop old bumps and re-read the beats still ahead of (or just before) now. */
  resync(s: BeatScheduler, nowS: number): void {
    this.nAct = 0;
    this.nPend = 0;
    const a = s.atrial;
    let q = a.oldest();
    while (q < a.count && a.tS[a.slot(q)] < nowS - 0.5) q++;
    this.atrialSeq = q;
    const b = s.beats;
    q = b.oldest();
    while (q < b.count && b.tRS[b.slot(q)] < nowS - 1) q++;
    this.beatSeq = q;
  }
}

function clampF(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
