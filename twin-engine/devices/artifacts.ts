/**
 * Seeded artifact processes, switchable per bed. Episode state changes only at frame boundaries
 * (FRAME_S); the per-sample parts (noise, mains, wander, compressions) are evaluated inside each
 * channel's generator loop from the per-frame values computed here.
 *
 * Meaning of the 0..1 intensity per kind:
 *  motion          bursts of patient movement: mean gap 8/x s, 1–6 s long, strength x·U(0.5,1).
 *                  ECG low-frequency excursions (≤1 mV), pleth swings (≤3 % AC/DC: false pulses, SpO2
 *                  pulled toward ~85 % — the ratio-of-ratios R → 1 of motion), art ±5 mmHg, resp ±0.5 Ω.
 *  baseline_wander ECG baseline sinusoid at the respiratory rate, 0.4·x mV (ECGSYN uses 0.15 mV).
 *  mains           50/60 Hz interference on the ECG, 0.2·x mV.
 *  electrode_off   x = 1: lead detached (flat line, LEADS_OFF); 0 < x < 1: intermittent, off a fraction
 *                  x of the time in episodes of mean 5 s.
 *  probe_off       the same for the SpO2 probe (flat pleth, PROBE_OFF).
 *  low_perfusion   pleth amplitude × (1 − 0.95·x) (cold fingers, vasoconstriction at the probe site).
 *  damped_art_line first-order low-pass on the arterial line, τ = 0.2·x s (air bubble / kinked line:
 *                  systolic under-read, diastolic over-read, mean preserved, notch lost).
 *  shivering       EMG noise on ECG 0.15·x mV, tremor on pleth/art/resp; input.shivering forces ≥ 0.6.
 *  cpr             compression artifact (110/min, AHA 2020: 100–120/min) on ECG 1.5·x mV. With
 *                  input.cprActive it defaults to 1 (set 0 to suppress); without CPR a non-zero value
 *                  adds compression-like artifact to the ECG only.
 *  dropout         random gaps (NaN samples, numerics held then blanked): per sensor one gap per 20/x s,
 *                  0.3–3 s long.
 */
import type { Prng } from '../util/prng';
import type { ArtifactKind, ArtifactSettings, DeviceInput } from './types';

export const ARTIFACT_KINDS: readonly ArtifactKind[] = Object.freeze([
  'motion',
  'baseline_wander',
  'mains',
  'electrode_off',
  'probe_off',
  'low_perfusion',
  'damped_art_line',
  'shivering',
  'cpr',
  'dropout',
] as ArtifactKind[]);

/** Artifact/NIBP/numerics frame: 0.2 s (an integer number of samples on every channel). */
export const FRAME_S = 0.2;
/** CPR compression rate (AHA 2020 guidelines: 100–120/min). */
export const CPR_RATE_PER_MIN = 110;

/** Sensors with independent dropout / detachment processes. */
export const SENSOR_ECG = 0;
export const SENSOR_SPO2 = 1;
export const SENSOR_ART = 2;
export const SENSOR_CO2 = 3;
export const SENSOR_RESP = 4;

const ON_OFF_MEAN_S = 5;

export class Artifacts {
  /** Settings (intensity 0..1 per kind); NaN = unspecified (only meaningful for cpr). */
  motion = 0;
  wander = 0;
  mains = 0;
  electrodeOff = 0;
  probeOff = 0;
  lowPerfusion = 0;
  damped = 0;
  shivering = 0;
  cprSetting = NaN;
  dropout = 0;
  mainsHz = 50;

  // ---- per-frame state read by the generators ----
  motionLevel = 0;
  motionLeftS = 0;
  leadOff = false;
  probeOffNow = false;
  /** Per-sensor dropout time remaining (s); > 0 = gap. */
  gapLeftS = new Float64Array(5);
  emgLevel = 0;
  cprLevel = 0;
  /** Phase (cycles) of the baseline wander (mains and CPR phases derive from absolute time). */
  wanderPhase = 0;
  wanderHz = 0.25;

  set(a: ArtifactSettings): void {
    const v = (x: number | undefined) => (x === undefined || !(x > 0) ? 0 : Math.min(1, x));
    this.motion = v(a.motion);
    this.wander = v(a.baseline_wander);
    this.mains = v(a.mains);
    this.electrodeOff = v(a.electrode_off);
    this.probeOff = v(a.probe_off);
    this.lowPerfusion = v(a.low_perfusion);
    this.damped = v(a.damped_art_line);
    this.shivering = v(a.shivering);
    this.cprSetting = a.cpr === undefined ? NaN : Math.max(0, Math.min(1, a.cpr));
    this.dropout = v(a.dropout);
    if (this.electrodeOff >= 1) this.leadOff = true;
    if (this.electrodeOff <= 0) this.leadOff = false;
    if (this.probeOff >= 1) this.probeOffNow = true;
    if (this.probeOff <= 0) this.probeOffNow = false;
  }

  get(): ArtifactSettings {
    const out: ArtifactSettings = {};
    const put = (k: ArtifactKind, x: number) => {
      if (x > 0) out[k] = x;
    };
    put('motion', this.motion);
    put('baseline_wander', this.wander);
    put('mains', this.mains);
    put('electrode_off', this.electrodeOff);
    put('probe_off', this.probeOff);
    put('low_perfusion', this.lowPerfusion);
    put('damped_art_line', this.damped);
    put('shivering', this.shivering);
    if (this.cprSetting === this.cprSetting) out.cpr = this.cprSetting;
    put('dropout', this.dropout);
    return out;
  }

  /** Advance the episode processes by one frame. */
  frame(inp: DeviceInput, rng: Prng): void {
    const dt = FRAME_S;
    // motion bursts
    if (this.motionLeftS > 0) {
      this.motionLeftS -= dt;
      if (this.motionLeftS <= 0) this.motionLevel = 0;
    } else if (this.motion > 0 && rng.next() < (this.motion * dt) / 8) {
      this.motionLeftS = rng.uniform(1, 6);
      this.motionLevel = this.motion * rng.uniform(0.5, 1);
    }
    this.leadOff = onOff(this.leadOff, this.electrodeOff, rng);
    this.probeOffNow = onOff(this.probeOffNow, this.probeOff, rng);
    for (let s = 0; s < 5; s++) {
      if (this.gapLeftS[s] > 0) this.gapLeftS[s] = Math.max(0, this.gapLeftS[s] - dt);
      else if (this.dropout > 0 && rng.next() < (this.dropout * dt) / 20) this.gapLeftS[s] = rng.uniform(0.3, 3);
    }
    this.emgLevel = Math.max(this.shivering, inp.shivering ? 0.6 : 0);
    this.cprLevel = inp.cprActive ? (this.cprSetting === this.cprSetting ? this.cprSetting : 1) : this.cprSetting > 0 ? this.cprSetting : 0;
    this.wanderHz = Math.max(0.05, inp.rrBpm / 60);
  }

  gap(sensor: number): boolean {
    return this.gapLeftS[sensor] > 0;
  }
}

/** Two-state episode process with duty cycle x (x ≥ 1: always on; x ≤ 0: off). */
function onOff(on: boolean, x: number, rng: Prng): boolean {
  if (x >= 1) return true;
  if (x <= 0) return false;
  const meanOff = (ON_OFF_MEAN_S * (1 - x)) / x;
  return on ? rng.next() >= FRAME_S / ON_OFF_MEAN_S : rng.next() < FRAME_S / meanOff;
}
