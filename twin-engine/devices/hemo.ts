/**
 * Arterial pressure (radial line, 125 Hz) and SpO2 plethysmogram (finger, 125 Hz).
 *
 * One pulse per ejecting ventricular beat (BeatRing.pulseRel > 0), arriving a pulse-arrival time (PAT =
 * pre-ejection period + pulse transit time) after the R wave. Per beat the arterial template rises
 * (sin²) from DBP to exactly SBP, falls to the dicrotic notch at the end of ejection (LVET, Weissler:
 * LVET = 0.413 − 0.0017·HR s), shows a small dicrotic wave, then decays exponentially to exactly DBP at
 * the next pulse; the decay curvature is solved per beat so that the waveform's time mean equals the
 * input MAP. Beats without ejection (PEA, VF, asystole, dropped beats) let the pressure run off toward
 * min(MAP, 20 mmHg) with τ = 1.5 s (arterial runoff). CPR compressions add their own pulses.
 */
import type { DeviceInput } from './types';
import type { BeatScheduler } from './beats';
import type { SampleRing } from './ring';
import { CPR_RATE_PER_MIN, SENSOR_ART, SENSOR_SPO2, type Artifacts } from './artifacts';
import { NOISE_MASK, NOISE_TABLE, SINE_MASK, SINE_SIZE, SINE_TABLE, clamp } from './tables';
import { dexp } from '../util/detmath';

/** Radial PAT at MAP 93 mmHg: PEP ≈ 90 ms + aorta→radial transit ≈ 50 ms. */
export const PAT_ART_S = 0.14;
/** Finger PAT at MAP 93 mmHg ≈ 210 ms (published ECG-to-finger PAT 150–300 ms). */
export const PAT_PLETH_S = 0.21;
/** PAT lengthens as pressure falls (PTT ∝ 1/pulse-wave velocity, which falls with BP): ~1.5 ms/mmHg. */
const PAT_S_PER_MMHG = 0.0015;
/** Typical finger perfusion index (AC/DC) of a well-perfused adult, % (reported range 0.2–20 %). */
export const PI_NOMINAL_PCT = 3;
const RUNOFF_TAU_S = 1.5;

/** Mean of the normalised diastolic decay D(x) = (e^{−kx} − e^{−k})/(1 − e^{−k}) over x ∈ [0, 1]. */
function decayMean(k: number): number {
  if (Math.abs(k) < 1e-6) return 0.5;
  const e = dexp(-k);
  return ((1 - e) / k - e) / (1 - e);
}

function solveDecayK(mTarget: number): number {
  let lo = -8;
  let hi = 30;
  const m = clamp(mTarget, decayMean(hi), decayMean(lo));
  for (let i = 0; i < 30; i++) {
    const mid = 0.5 * (lo + hi);
    if (decayMean(mid) > m) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

export class PulseGen {
  readonly isArt: boolean;
  readonly fs = 125;
  seq = 0;
  // current pulse
  onS = -1e9;
  endS = -1e9; // predicted next onset (where the decay reaches the diastolic value)
  dia = 0;
  pp = 0;
  s0 = 0;
  tRise = 0.1;
  lvet = 0.3;
  notch = 0.55;
  decayK = 3;
  decayE = dexp(-3);
  // next pulse (from the beat ring)
  nextOnS = Infinity;
  nextSlot = -1;
  last = 0;
  floor = 20;
  damped = 0;
  motion = 0;
  noisePos = 0;

  constructor(isArt: boolean, seedOffset: number) {
    this.isArt = isArt;
    this.noisePos = seedOffset & NOISE_MASK;
  }

  private pat(mapMmHg: number): number {
    return (this.isArt ? PAT_ART_S : PAT_PLETH_S) + clamp(PAT_S_PER_MMHG * (93 - mapMmHg), -0.05, 0.1);
  }

  /** Channel switched on again: forget the pending beat (its ring slot may have been reused). */
  resync(): void {
    this.nextSlot = -1;
    this.nextOnS = Infinity;
  }

  /** Find the next ejecting beat after the current one. */
  private findNext(s: BeatScheduler, nowS: number): void {
    const b = s.beats;
    const tMin = Math.max(this.onS + 0.15, nowS - 0.3);
    if (this.seq < b.oldest()) this.seq = b.oldest();
    this.nextOnS = Infinity;
    this.nextSlot = -1;
    for (let q = this.seq; q < b.count; q++) {
      const i = b.slot(q);
      if (b.pulseRel[i] > 0) {
        const on = b.tRS[i] + this.pat(b.map[i]);
        if (on > tMin) {
          this.nextOnS = on;
          this.nextSlot = i;
          this.seq = q;
          return;
        }
      }
      this.seq = q + 1;
    }
  }

  /** Start the pulse of beat slot i at time on, from the current pressure value. */
  private start(s: BeatScheduler, i: number, on: number, inp: DeviceInput, perfusion: number): void {
    const b = s.beats;
    const rel = b.pulseRel[i];
    const rr = clamp(b.nextRS[i] - b.tRS[i], 0.25, 3);
    const hr = 60 / rr;
    this.onS = on;
    this.endS = on + rr;
    this.lvet = Math.max(0.12, Math.min(0.413 - 0.0017 * hr, 0.75 * rr));
    if (this.isArt) {
      const sbp = b.sbp[i];
      const dbp = b.dbp[i];
      this.dia = dbp;
      this.pp = Math.max(1, (sbp - dbp) * Math.min(rel, 1.3));
      this.tRise = 0.3 * this.lvet;
      this.notch = 0.55;
      // solve the diastolic curvature so that the beat's mean equals the input MAP
      const ff = clamp((b.map[i] - dbp) / Math.max(sbp - dbp, 1), 0.1, 0.9);
      const aSys = this.tRise / 2 + (this.lvet - this.tRise) * (this.notch + (1 - this.notch) / 2) + 0.06 * 0.02 * 2.5;
      const tDia = Math.max(rr - this.lvet, 0.05);
      this.decayK = solveDecayK((ff * rr - aSys) / (this.notch * tDia));
    } else {
      this.dia = 0;
      this.pp = PI_NOMINAL_PCT * perfusion * Math.min(rel, 1.3) * Math.sqrt(clamp(inp.svMl / 70, 0.05, 2));
      this.tRise = 0.45 * this.lvet;
      this.notch = 0.6;
      this.decayK = 2.5;
    }
    if (Math.abs(this.decayK) < 1e-4) this.decayK = 1e-4;
    this.decayE = dexp(-this.decayK);
    this.s0 = this.pp > 0 ? clamp((this.last - this.dia) / this.pp, -1, 1) : 0;
  }

  render(
    ring: SampleRing,
    k0: number,
    k1: number,
    inp: DeviceInput,
    s: BeatScheduler,
    art: Artifacts,
  ): void {
    const dt = 1 / this.fs;
    const isArt = this.isArt;
    const sensor = isArt ? SENSOR_ART : SENSOR_SPO2;
    const gap = art.gap(sensor);
    const off = !isArt && art.probeOffNow;
    const perfusion = clamp(inp.peripheralPerfusion, 0, 1.5) * (1 - 0.95 * art.lowPerfusion);
    this.floor = Math.min(inp.mapMmHg, 20);
    if (!isArt) this.floor = 0;
    const motionAmp = (isArt ? 5 : 3) * art.motionLevel;
    const tremor = (isArt ? 1 : 0.3) * art.emgLevel;
    const cprAmp = inp.cprActive
      ? isArt
        ? inp.sbpMmHg - inp.dbpMmHg > 10 ? inp.sbpMmHg - this.floor : 60 - this.floor
        : 0.3 * PI_NOMINAL_PCT * perfusion
      : 0;
    const alpha = art.damped > 0 && isArt ? 1 - dexp(-dt / (0.2 * art.damped)) : 1;
    let head = ring.head;
    const buf = ring.buf;
    const mask = ring.mask;
    let np = this.noisePos;
    if (this.onS < -1e8) {
      this.dia = isArt ? inp.dbpMmHg : 0;
      this.last = this.dia;
      this.damped = this.dia;
      this.onS = k0 * dt - 10;
      this.endS = this.onS;
      this.pp = 0;
    }
    if (this.nextSlot < 0 || this.nextOnS === Infinity) this.findNext(s, k0 * dt);
    for (let k = k0; k < k1; k++) {
      const t = k * dt;
      if (t >= this.nextOnS) {
        this.start(s, this.nextSlot, this.nextOnS, inp, perfusion);
        this.seq++;
        this.findNext(s, t);
      }
      const u = t - this.onS;
      let sh: number; // normalised shape (0 = diastolic, 1 = systolic)
      if (u < this.tRise) {
        const r = u / this.tRise;
        const c = SINE_TABLE[((0.25 + 0.5 * r) * SINE_SIZE) & SINE_MASK]; // cos(πr)
        sh = this.s0 + (1 - this.s0) * 0.5 * (1 - c);
      } else if (u < this.lvet) {
        const r = (u - this.tRise) / (this.lvet - this.tRise);
        const c = SINE_TABLE[((0.25 + 0.5 * r) * SINE_SIZE) & SINE_MASK];
        sh = this.notch + (1 - this.notch) * 0.5 * (1 + c);
      } else if (t < this.endS) {
        const x = (u - this.lvet) / (this.endS - this.onS - this.lvet);
        const e = this.decayE;
        sh = (this.notch * (dexp(-this.decayK * x) - e)) / (1 - e);
        const dd = (u - this.lvet - 0.03) / 0.02;
        if (dd > -3 && dd < 3) sh += (isArt ? 0.06 : 0.03) * dexp(-0.5 * dd * dd) * (1 - x);
      } else {
        // no pulse arrived: arterial runoff toward the floor
        sh = -(1 - dexp(-(t - this.endS) / RUNOFF_TAU_S)) * (this.pp > 0 ? (this.dia - this.floor) / this.pp : 0);
      }
      let v = this.dia + this.pp * sh;
      if (this.pp <= 0) v = this.dia;
      this.last = v;
      if (cprAmp > 0) {
        let fr = (t * CPR_RATE_PER_MIN) / 60;
        fr -= Math.floor(fr);
        if (fr < 0.5) v += cprAmp * SINE_TABLE[(fr * SINE_SIZE) & SINE_MASK];
      }
      if (motionAmp > 0 || tremor > 0) {
        this.motion = 0.97 * this.motion + 0.25 * NOISE_TABLE[np];
        v += motionAmp * this.motion * 0.5 + tremor * NOISE_TABLE[(np + 977) & NOISE_MASK];
        np = (np + 1) & NOISE_MASK;
      }
      if (alpha < 1) {
        this.damped += alpha * (v - this.damped);
        v = this.damped;
      } else this.damped = v;
      if (off) v = 0;
      buf[head & mask] = gap ? NaN : v;
      head++;
    }
    this.noisePos = np;
    ring.head = head;
    ring.fixOverflow();
  }
}
