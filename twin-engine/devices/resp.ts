/**
 * Breathing: a breath scheduler (rate, I:E, per-breath EtCO2 and tidal volume) driving the capnogram
 * (25 Hz) and the thoracic impedance respiration signal (25 Hz).
 *
 * Capnogram phases (Bhavani-Shankar & Philip, Anesth Analg 2000;91:973 — time capnogram):
 *  phase 0 inspiratory downstroke, phase I inspiratory baseline (0), phase II expiratory upstroke,
 *  phase III alveolar plateau rising slowly to the end-tidal value at end-expiration (= EtCO2).
 * Apnea: no breaths → the trace falls to 0 and stays flat.
 */
import type { Prng } from '../util/prng';
import type { DeviceInput } from './types';
import type { SampleRing } from './ring';
import { NOISE_MASK, NOISE_TABLE, SINE_MASK, SINE_SIZE, SINE_TABLE, clamp } from './tables';
import { SENSOR_CO2, SENSOR_RESP, type Artifacts } from './artifacts';
import { dexp } from '../util/detmath';

const RING = 8;
const RING_MASK = RING - 1;
/** I:E = 1:2 (spontaneous adult breathing), inspiration capped at 1.6 s. */
const TI_FRACTION = 1 / 3;
const TI_MAX_S = 1.6;
/** Breath-to-breath variability of the period (CV ~5 %). */
const BREATH_CV = 0.05;
/** Impedance pneumography: ~1 Ω per litre of tidal volume (order of magnitude for transthoracic ΔZ). */
export const OHM_PER_L = 1.0;
/** Cardiogenic impedance oscillation (Ω), the classic source of false breath counts. */
const CARDIOGENIC_OHM = 0.03;

export class BreathScheduler {
  count = 0;
  startS = new Float64Array(RING);
  periodS = new Float64Array(RING);
  tiS = new Float64Array(RING);
  etco2 = new Float64Array(RING);
  tidalMl = new Float64Array(RING);
  nextS = 0.5;
  rng: Prng;

  constructor(rng: Prng) {
    this.rng = rng;
  }

  plan(inp: DeviceInput, nowS: number, horizonS: number): void {
    if (inp.apnea || inp.rrBpm < 0.5) {
      if (this.nextS < horizonS) this.nextS = horizonS + 0.1;
      return;
    }
    if (this.nextS > nowS + 2 + 60 / inp.rrBpm) this.nextS = nowS + 0.5; // apnea just ended
    let guard = 0;
    while (this.nextS <= horizonS && guard++ < 8) {
      const period = (60 / inp.rrBpm) * clamp(1 + BREATH_CV * this.rng.normal(), 0.8, 1.2);
      const i = this.count & RING_MASK;
      this.startS[i] = this.nextS;
      this.periodS[i] = period;
      this.tiS[i] = Math.min(TI_MAX_S, period * TI_FRACTION);
      this.etco2[i] = inp.etco2MmHg;
      this.tidalMl[i] = inp.tidalVolumeMl;
      this.count++;
      this.nextS += period;
    }
  }

  oldest(): number {
    return this.count > RING ? this.count - RING : 0;
  }
}

/** Shared per-channel breath follower. */
class BreathFollower {
  seq = -1;
  startS = -1e9;
  periodS = 1;
  tiS = 0.5;
  et = 0;
  tidal = 0;
  endLevel = 0;

  /** Advance to the breath containing time t (returns true when a new breath started). */
  follow(b: BreathScheduler, t: number): boolean {
    let started = false;
    let q = Math.max(this.seq + 1, b.oldest());
    while (q < b.count && b.startS[q & RING_MASK] <= t) {
      const i = q & RING_MASK;
      this.seq = q;
      this.startS = b.startS[i];
      this.periodS = b.periodS[i];
      this.tiS = b.tiS[i];
      this.et = b.etco2[i];
      this.tidal = b.tidalMl[i];
      started = true;
      q++;
    }
    return started;
  }
}

export class CapnoGen {
  f = new BreathFollower();
  last = 0;

  render(ring: SampleRing, k0: number, k1: number, b: BreathScheduler, art: Artifacts): void {
    const dt = 1 / 25;
    const gap = art.gap(SENSOR_CO2);
    const f = this.f;
    let head = ring.head;
    for (let k = k0; k < k1; k++) {
      const t = k * dt;
      if (f.follow(b, t)) f.endLevel = this.last;
      const u = t - f.startS;
      let c: number;
      if (u < f.tiS) {
        c = f.endLevel * clamp(1 - u / 0.2, 0, 1); // phase 0 downstroke, then phase I baseline
      } else if (u < f.periodS) {
        const ue = u - f.tiS;
        const r = clamp(ue / 0.35, 0, 1);
        const rise = r * r * (3 - 2 * r); // phase II
        c = f.et * (0.9 + 0.1 * Math.min(1, ue / (f.periodS - f.tiS))) * rise; // phase III slope → EtCO2
      } else {
        c = f.et * dexp(-(u - f.periodS) / 0.4); // no next breath (apnea): washout to 0
      }
      this.last = c;
      ring.buf[head & ring.mask] = gap ? NaN : c;
      head++;
    }
    ring.head = head;
    ring.fixOverflow();
  }
}

export class ImpedanceGen {
  f = new BreathFollower();
  motion = 0;
  cardioPh = 0;
  noisePos = 333;

  render(ring: SampleRing, k0: number, k1: number, inp: DeviceInput, b: BreathScheduler, art: Artifacts): void {
    const dt = 1 / 25;
    // impedance uses the ECG electrodes: a lead off reads 0 (below), a sensor gap as no data
    const gap = art.gap(SENSOR_RESP);
    const f = this.f;
    const motionAmp = 0.5 * art.motionLevel;
    const tremor = 0.1 * art.emgLevel;
    const cInc = (inp.rhythm === 'asystole' || inp.rhythm === 'ventricular_fibrillation' ? 0 : inp.hrBpm / 60) * dt;
    let np = this.noisePos;
    let head = ring.head;
    for (let k = k0; k < k1; k++) {
      const t = k * dt;
      f.follow(b, t);
      const u = t - f.startS;
      const zt = (f.tidal / 1000) * OHM_PER_L;
      let z = 0;
      if (u < f.tiS) z = zt * 0.5 * (1 - SINE_TABLE[((0.25 + (0.5 * u) / f.tiS) * SINE_SIZE) & SINE_MASK]);
      else if (u < f.periodS) {
        const r = Math.min(1, (u - f.tiS) / (0.6 * (f.periodS - f.tiS)));
        z = zt * 0.5 * (1 + SINE_TABLE[((0.25 + 0.5 * r) * SINE_SIZE) & SINE_MASK]);
      }
      this.cardioPh += cInc;
      if (this.cardioPh > 1) this.cardioPh -= 1;
      z += CARDIOGENIC_OHM * SINE_TABLE[(this.cardioPh * SINE_SIZE) & SINE_MASK];
      if (motionAmp > 0 || tremor > 0) {
        this.motion = 0.9 * this.motion + 0.3 * NOISE_TABLE[np];
        z += motionAmp * this.motion + tremor * NOISE_TABLE[(np + 1511) & NOISE_MASK];
        np = (np + 1) & NOISE_MASK;
      }
      const v = art.leadOff ? 0 : z;
      ring.buf[head & ring.mask] = gap ? NaN : v;
      head++;
    }
    this.noisePos = np;
    ring.head = head;
    ring.fixOverflow();
  }
}
