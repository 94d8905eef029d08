/**
 * Non-invasive (oscillometric cuff) blood pressure: cycled every `intervalS` (default 900 s; 0 = manual)
 * or on demand; a measurement takes ~30 s (inflation, stepwise deflation over the oscillation envelope)
 * and reports the mean true pressure over that time plus oscillometric error.
 *
 * Error model: MAP is measured directly (oscillation maximum) and is the most accurate; SBP/DBP are
 * derived. Errors per ISO 81060-2 acceptance scale (mean ≤ 5 mmHg, SD ≤ 8 mmHg): a per-device offset
 * (SD 2) plus per-reading noise (SD 4 MAP, 6 SBP/DBP). Level dependence: oscillometry over-reads SBP in
 * hypotension and under-reads it in hypertension relative to arterial lines (Lehman et al., Crit Care Med
 * 2013;41:34, MIMIC-II) — modelled as +0.12 mmHg per mmHg below 115 (illustrative gain).
 * Failure: no pulse (arrest), CPR, or motion/shivering through much of the measurement → NIBP_FAIL.
 */
import type { Prng } from '../util/prng';
import type { DeviceInput, MonitorNumerics } from './types';
import type { Artifacts } from './artifacts';
import { clamp } from './tables';

export const NIBP_DEFAULT_INTERVAL_S = 900;
const LEVEL_GAIN = 0.12;
const LEVEL_REF_MMHG = 115;

export class Nibp {
  intervalS: number;
  nextAutoS = 0;
  measuring = false;
  startS = 0;
  durS = 30;
  sumSys = 0;
  sumDia = 0;
  sumMap = 0;
  nSamp = 0;
  nDisturbed = 0;
  nNoPulse = 0;
  offsetSys: number;
  offsetDia: number;
  offsetMap: number;
  failed = false;
  failedAtS = -1;
  rng: Prng;

  constructor(intervalS: number, rng: Prng) {
    this.intervalS = intervalS;
    this.rng = rng;
    this.offsetSys = rng.normal(0, 2);
    this.offsetDia = rng.normal(0, 2);
    this.offsetMap = rng.normal(0, 2);
    this.nextAutoS = intervalS > 0 ? 0 : Infinity;
  }

  request(nowS: number): void {
    if (!this.measuring) this.begin(nowS, 72);
  }

  private begin(nowS: number, hrBpm: number): void {
    this.measuring = true;
    this.startS = nowS;
    // deflation needs a few pulses per pressure step: slower at low heart rates
    this.durS = clamp(20 + 600 / Math.max(hrBpm, 20), 25, 45);
    this.sumSys = this.sumDia = this.sumMap = 0;
    this.nSamp = this.nDisturbed = this.nNoPulse = 0;
  }

  /** Called once per frame. Returns true when a reading (or failure) completed this frame. */
  frame(nowS: number, inp: DeviceInput, art: Artifacts, out: MonitorNumerics): boolean {
    if (!this.measuring) {
      if (nowS >= this.nextAutoS) {
        this.begin(nowS, inp.hrBpm);
        this.nextAutoS = this.intervalS > 0 ? nowS + this.intervalS : Infinity;
      } else return false;
    }
    this.sumSys += inp.sbpMmHg;
    this.sumDia += inp.dbpMmHg;
    this.sumMap += inp.mapMmHg;
    this.nSamp++;
    if (art.motionLevel > 0.3 || art.emgLevel > 0.5 || inp.cprActive) this.nDisturbed++;
    if (inp.rhythm === 'ventricular_fibrillation' || inp.rhythm === 'asystole' || inp.rhythm === 'pea' || inp.sbpMmHg < 30)
      this.nNoPulse++;
    if (nowS - this.startS < this.durS) return false;
    this.measuring = false;
    const n = this.nSamp;
    if (this.nNoPulse > 0.3 * n || this.nDisturbed > 0.3 * n) {
      this.failed = true;
      this.failedAtS = nowS;
      return true;
    }
    const sys = this.sumSys / n;
    const dia = this.sumDia / n;
    const map = this.sumMap / n;
    const lvl = LEVEL_GAIN * (LEVEL_REF_MMHG - sys);
    const mSys = sys + lvl + this.offsetSys + this.rng.normal(0, 6);
    const mDia = dia + this.offsetDia + this.rng.normal(0, 6);
    const mMap = map + 0.3 * lvl + this.offsetMap + this.rng.normal(0, 4);
    out.nibpSysMmHg = Math.round(Math.max(mSys, mMap + 2));
    out.nibpDiaMmHg = Math.round(Math.min(mDia, mMap - 2));
    out.nibpMeanMmHg = Math.round(mMap);
    out.nibpTimeS = nowS;
    this.failed = false;
    return true;
  }
}
