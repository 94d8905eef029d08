/**
 * Maps the hidden true state onto what the bedside devices sense. Kept in one place so that the
 * devices never read the truth directly and the truth never leaks into what modules see.
 */
import type { DeviceInput } from '../devices/index';
import type { TrueState } from '../physiology/index';

/** Core temperature at which shivering starts (thermoregulatory threshold ~35.5 °C; Sessler, Anesthesiology 2000). */
const SHIVER_THRESHOLD_C = 35.5;

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
}
