import type { TrueState } from '../physiology/index';
import type { TruthSummary } from './api';

/** Copy the hidden state's headline values (1 Hz, for instructor views and exports; never for modules). */
export function summariseTruth(s: Readonly<TrueState>): TruthSummary {
  return {
    rhythm: s.rhythm,
    hrBpm: s.hrBpm,
    sbpMmHg: s.sbpMmHg,
    dbpMmHg: s.dbpMmHg,
    mapMmHg: s.mapMmHg,
    coLPerMin: s.coLPerMin,
    svMl: s.svMl,
    cvpMmHg: s.cvpMmHg,
    bloodVolumeMl: s.bloodVolumeMl,
    rrBpm: s.rrBpm,
    tidalVolumeMl: s.tidalVolumeMl,
    sao2Pct: s.sao2Pct,
    pao2MmHg: s.pao2MmHg,
    paco2MmHg: s.paco2MmHg,
    etco2MmHg: s.etco2MmHg,
    fio2: s.fio2,
    ph: s.ph,
    lactateMmolL: s.lactateMmolL,
    coreTempC: s.coreTempC,
    glucoseMgDl: s.glucoseMgDl,
    gcs: s.gcs,
    avpu: s.avpu,
    peripheralPerfusion: s.peripheralPerfusion,
  };
}
