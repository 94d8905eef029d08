/**
 * Maps the hidden true state onto what the bedside devices sense. Kept in one place so that the
 * devices never read the truth directly and the truth never leaks into what modules see.
 */
import type { DeviceInput } from '../devices/index';
import type { TrueState } from '../physiology/index';

/** Core temperature at which shivering starts (thermoregulatory threshold ~35.5 °C; Sessler, Anesthesiology 2000). */
const SHIVER_THRESHOLD_C = 35.5;

/**
 * Ectopy from the model state (docs/REFERENCES.md#ectopy). Per-beat probabilities of a premature
 * ventricular (PVC) and atrial (PAC) complex: a healthy resting baseline multiplied by the state's
 * pro-arrhythmic factors. Baselines: 24-h Holter of healthy adults — PVCs in about 40 % of people,
 * mostly fewer than a few per hour (Kostis 1981); PACs more common (Conen 2012). We take ~1 PVC/h and
 * ~3 PAC/h at 70/min. Factors (multiplicative, illustrative gains with the direction and rough size of
 * the cited effects): sympathetic drive read from sinus tachycardia (catecholamines lower the threshold
 * for ventricular ectopy, Podrid 1990), hypoxaemia SaO2 < 90 % (ventricular ectopy rises with nocturnal
 * desaturation in COPD, Shepard 1985), hypokalaemia < 3.5 mmol/L (Helfant 1986), ischaemia (ST elevation:
 * PVCs in most patients in the first hours of acute MI), acidaemia pH < 7.2.
 */
const PVC_BASE_P = 1 / 4200;
const PAC_BASE_P = 3 / 4200;
const ECTOPY_MAX_P = 0.25;

/** Multiplier of the baseline ectopy probability; `atrial` selects the PAC factor (numbers only: no allocation). */
export function ectopyFactor(s: Readonly<TrueState>, atrial: boolean): number {
  const sympathetic = s.hrBpm > 90 ? 1 + (s.hrBpm - 90) / 20 : 1;
  const hypox = s.sao2Pct < 90 ? 1 + 0.5 * (90 - s.sao2Pct) : 1;
  const hypoK = s.potassiumMmolL < 3.5 ? 1 + 8 * (3.5 - s.potassiumMmolL) : 1;
  if (atrial) return sympathetic * (1 + 0.5 * (hypox - 1)) * (1 + 0.3 * (hypoK - 1));
  const isch = s.stElevationMm > 0.5 ? 1 + 10 * Math.min(1, s.stElevationMm / 3) : 1;
  const acid = s.ph < 7.2 ? 1 + 20 * (7.2 - s.ph) : 1;
  return sympathetic * hypox * hypoK * isch * acid;
}

export function createDeviceInput(): DeviceInput {
  return {
    hrBpm: 72,
    rhythm: 'sinus',
    sbpMmHg: 120,
    dbpMmHg: 80,
    mapMmHg: 93,
    svMl: 70,
    rrBpm: 14,
    tidalVolumeMl: 500,
    etco2MmHg: 38,
    sao2Pct: 98,
    coreTempC: 37,
    peripheralPerfusion: 1,
    stElevationMm: 0,
    qrsWidthMs: 90,
    potassiumMmolL: 4.2,
    cprActive: false,
    apnea: false,
    intubated: false,
    pacing: false,
    shivering: false,
    pvcProbability: 0,
    pacProbability: 0,
  };
}

/** Copy the true state into the device input in place (called every physiology step: no allocation). */
export function updateDeviceInput(s: Readonly<TrueState>, out: DeviceInput): void {
  out.hrBpm = s.hrBpm;
  out.rhythm = s.rhythm;
  out.sbpMmHg = s.sbpMmHg;
  out.dbpMmHg = s.dbpMmHg;
  out.mapMmHg = s.mapMmHg;
  out.svMl = s.svMl;
  out.rrBpm = s.rrBpm;
  out.tidalVolumeMl = s.tidalVolumeMl;
  out.etco2MmHg = s.etco2MmHg;
  out.sao2Pct = s.sao2Pct;
  out.coreTempC = s.coreTempC;
  out.peripheralPerfusion = s.peripheralPerfusion;
  out.stElevationMm = s.stElevationMm;
  out.qrsWidthMs = s.qrsWidthMs;
  out.potassiumMmolL = s.potassiumMmolL;
  out.cprActive = s.cprActive;
  out.apnea = s.apnea;
  out.intubated = s.intubated;
  out.pacing = s.rhythm === 'paced';
  out.shivering = s.coreTempC < SHIVER_THRESHOLD_C && s.coreTempC > 30;
  out.pvcProbability = Math.min(ECTOPY_MAX_P, PVC_BASE_P * ectopyFactor(s, false));
  out.pacProbability = Math.min(ECTOPY_MAX_P, PAC_BASE_P * ectopyFactor(s, true));
}
