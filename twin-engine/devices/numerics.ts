/**
 * Numerics computed the way a monitor computes them, published once per second:
 *  HR    60 / mean of the last ≤ 8 R–R intervals (15 s window) from the R waves (beats.ts);
 *        0 when no QRS for 6 s (asystole); null when leads are off / the ECG drops out.
 *  PR    the same from pleth pulse peaks; PI = mean pleth peak-to-trough (AC/DC %) of the last 4 pulses.
 *  SpO2  8-s average of 1-s readings (SaO2 + device error, pulseox.ts), only while pulses are found;
 *        error SD shrinks toward saturation and readings are capped at 100 %; motion pulls readings toward
 *        85 % (R → 1), low PI adds noise; null on probe off / no pulse.
 *  RR    60 / mean of the last ≤ 4 breath intervals (scheduled breaths);
 *        0 after 20 s without a breath.
 *  EtCO2 mean per-breath maximum of the capnogram over the last 2 breaths (0 in apnea).
 *  ART   mean per-beat SBP / DBP / MAP of the last 4 arterial pulses; no reading before the first pulse;
 *        flat (runoff floor) after 6 s without a pulse.
 *  TEMP  core probe, 0.1 °C resolution.
 *
 * ONE derivation, whatever is generated or subscribed: the numerics come from the scheduler's events
 * (R times for HR, pulse arrivals for PR/PI/ART, scheduled breaths for RR/EtCO2), never from the rendered
 * waveforms, so attaching a module or showing a trace cannot change what the monitor reads (issue 19).
 * Sensor states (lead/probe off, dropout, low perfusion, motion on SpO2) and the damped arterial line
 * (fundamental gain of the line's low-pass) apply here. Not modelled in the numerics: false QRS from ECG
 * noise and impedance miscounts (they would need every waveform generated for every bed: about half the
 * engine's throughput).
 */
import type { Prng } from '../util/prng';
import type { DeviceInput, MonitorNumerics } from './types';
import { EventLog } from './event-log';
import type { BeatScheduler } from './beats';
import type { BreathScheduler } from './resp';
import { PAT_ART_S, PAT_PLETH_S, PI_NOMINAL_PCT } from './hemo';
import { SENSOR_ART, SENSOR_CO2, SENSOR_ECG, SENSOR_RESP, SENSOR_SPO2, type Artifacts } from './artifacts';
import {
  SPO2_AVG_S,
  SPO2_DRIFT_FRAC,
  SPO2_DRIFT_TAU_S,
  SPO2_FAST_FRAC,
  SPO2_OFFSET_FRAC,
  pulseOxBiasPct,
  spo2ErrorSdPct,
} from './pulseox';
import { clamp } from './tables';
import { dexp } from '../util/detmath';

/** How the monitor derives its numerics; stated on evaluation reports (issue 19). */
export const MONITOR_DERIVATION =
  'Monitor numerics derived from the scheduled beat, pulse and breath events with sensor states applied (devices/numerics.ts), identical whatever waveforms the UI or modules subscribe to.';

/** Pleth amplitude below which the oximeter finds no pulse (AC/DC %; weak-signal cut-off). */
export const PI_MIN_DETECT_PCT = 0.08;
/** HR shown as 0 (asystole) after this long without a QRS. */
export const ASYSTOLE_NO_QRS_S = 6;
/** RR shown as 0 after this long without a breath (default apnea delay of many monitors: 20 s). */
export const APNEA_NO_BREATH_S = 20;

export function emptyNumerics(): MonitorNumerics {
  return {
    hrBpm: null,
    prBpm: null,
    spo2Pct: null,
    perfusionIndexPct: null,
    rrBpm: null,
    etco2MmHg: null,
    artSysMmHg: null,
    artDiaMmHg: null,
    artMeanMmHg: null,
    nibpSysMmHg: null,
    nibpDiaMmHg: null,
    nibpMeanMmHg: null,
    nibpTimeS: null,
    tempC: null,
  };
}

export class EventPaths {
  /** Scheduler-fed logs used when the corresponding channel is not generated. */
  beats = new EventLog();
  pleth = new EventLog();
  art = new EventLog();
  breaths = new EventLog();
  beatSeq = 0;
  plethSeq = 0;
  artSeq = 0;
  breathSeq = 0;

  feedBeats(s: BeatScheduler, tEnd: number, art: Artifacts): void {
    const b = s.beats;
    if (this.beatSeq < b.oldest()) this.beatSeq = b.oldest();
    while (this.beatSeq < b.count && b.tRS[b.slot(this.beatSeq)] <= tEnd) {
      const i = b.slot(this.beatSeq++);
      if (!art.leadOff && !art.gap(SENSOR_ECG)) this.beats.add(b.tRS[i], 1, 0);
    }
  }

  feedPleth(s: BeatScheduler, tEnd: number, inp: DeviceInput, art: Artifacts): void {
    const b = s.beats;
    if (this.plethSeq < b.oldest()) this.plethSeq = b.oldest();
    const perf = clamp(inp.peripheralPerfusion, 0, 1.5) * (1 - 0.95 * art.lowPerfusion);
    while (this.plethSeq < b.count && b.tRS[b.slot(this.plethSeq)] + PAT_PLETH_S <= tEnd) {
      const i = b.slot(this.plethSeq++);
      const pi = PI_NOMINAL_PCT * perf * Math.min(b.pulseRel[i], 1.3) * Math.sqrt(clamp(inp.svMl / 70, 0.05, 2));
      if (pi >= PI_MIN_DETECT_PCT && !art.probeOffNow && !art.gap(SENSOR_SPO2)) this.pleth.add(b.tRS[i] + PAT_PLETH_S, pi, 0, 0);
    }
  }

  feedArt(s: BeatScheduler, tEnd: number, art: Artifacts): void {
    const b = s.beats;
    if (this.artSeq < b.oldest()) this.artSeq = b.oldest();
    while (this.artSeq < b.count && b.tRS[b.slot(this.artSeq)] + PAT_ART_S <= tEnd) {
      const i = b.slot(this.artSeq++);
      const rel = Math.min(b.pulseRel[i], 1.3);
      if (rel > 0 && !art.gap(SENSOR_ART)) {
        const dbp = b.dbp[i];
        const sbp = dbp + (b.sbp[i] - dbp) * rel;
        const map = dbp + (b.map[i] - dbp) * rel;
        // damped line (artifacts.ts: first-order low-pass, τ = 0.2·x s): systolic under-read, diastolic
        // over-read, mean kept. The peak is as narrow as ejection (LVET), the trough as wide as diastole, so
        // the gains are fitted to hemo.ts's rendered line: 1/√(1+(4.1τ/LVET)²) above and 1/√(1+(3.8τ/RR)²)
        // below the mean (within 3 mmHg of the waveform's extrema at HR 50–120, tests/devices).
        let gs = 1;
        let gd = 1;
        if (art.damped > 0) {
          const tau = 0.2 * art.damped;
          const rr = clamp(b.nextRS[i] - b.tRS[i], 0.25, 3);
          const lvet = Math.max(0.12, Math.min(0.413 - (0.0017 * 60) / rr, 0.75 * rr));
          const xs = (4.1 * tau) / lvet;
          const xd = (3.8 * tau) / rr;
          gs = 1 / Math.sqrt(1 + xs * xs);
          gd = 1 / Math.sqrt(1 + xd * xd);
        }
        this.art.add(b.tRS[i] + PAT_ART_S, map + (sbp - map) * gs, map - (map - dbp) * gd, map);
      }
    }
  }

  feedBreaths(r: BreathScheduler, tEnd: number, art: Artifacts): void {
    if (this.breathSeq < r.oldest()) this.breathSeq = r.oldest();
    while (this.breathSeq < r.count) {
      const i = this.breathSeq & 7;
      const tExpEnd = r.startS[i] + r.periodS[i];
      if (tExpEnd > tEnd) break;
      this.breathSeq++;
      if (!art.gap(SENSOR_CO2) || !art.gap(SENSOR_RESP)) this.breaths.add(tExpEnd, r.etco2[i], 0);
    }
  }
}

/** 1-s SpO2 readings and the device's error state. */
export class Spo2Engine {
  readings = new Float64Array(SPO2_AVG_S);
  valid = new Uint8Array(SPO2_AVG_S);
  idx = 0;
  offset: number;
  drift: number;
  rng: Prng;

  constructor(rng: Prng) {
    this.rng = rng;
    // unit-SD error processes, scaled by σ(SaO2) each second (pulseox.ts)
    this.offset = rng.normal(0, SPO2_OFFSET_FRAC);
    this.drift = rng.normal(0, SPO2_DRIFT_FRAC);
  }

  /** One second: add a reading (or an invalid slot) and return the displayed average or null. */
  second(inp: DeviceInput, monk: number, biasOn: boolean, pulseOk: boolean, piPct: number, motion: number): number | null {
    // Ornstein–Uhlenbeck drift, exact discretisation over 1 s
    const a = dexp(-1 / SPO2_DRIFT_TAU_S);
    this.drift = a * this.drift + SPO2_DRIFT_FRAC * Math.sqrt(1 - a * a) * this.rng.normal();
    const z = this.rng.normal();
    const i = this.idx;
    this.idx = (i + 1) % SPO2_AVG_S;
    if (!pulseOk) {
      this.valid[i] = 0;
    } else {
      const sd = spo2ErrorSdPct(inp.sao2Pct);
      // a weak pleth (PI < 0.3 %) adds per-second noise (3 % SD), which the 8-s average reduces
      const fast = z * (SPO2_FAST_FRAC * sd + (piPct < 0.3 ? 3 : 0));
      let v = inp.sao2Pct + pulseOxBiasPct(monk, biasOn) + sd * (this.offset + this.drift) + fast;
      const w = Math.min(0.85, motion);
      v = (1 - w) * v + w * 85;
      if (v > 100) v = 100; // an oximeter never reports above 100 %
      this.readings[i] = v;
      this.valid[i] = 1;
    }
    let s = 0;
    let n = 0;
    for (let k = 0; k < SPO2_AVG_S; k++)
      if (this.valid[k]) {
        s += this.readings[k];
        n++;
      }
    if (n < SPO2_AVG_S / 2) return null;
    return Math.min(100, Math.max(0, Math.round(s / n)));
  }

  clear(): void {
    this.valid.fill(0);
  }
}
