/**
 * WardTwin bedside-monitor devices: waveforms, numerics computed from signals, artifacts, pulse-oximetry
 * bias and IEC 60601-1-8-style alarms. SIMULATION ONLY — NOT FOR CLINICAL USE.
 */
export type {
  DeviceInput,
  ChannelId,
  ChannelMeta,
  MonitorNumerics,
  ArtifactKind,
  ArtifactSettings,
  AlarmPriority,
  AlarmLimits,
  MonitorAlarm,
  AlarmEvent,
  MonitorOptions,
} from './types';
export { CHANNELS, CHANNEL_IDS, isGap } from './channels';
export { ARTIFACT_KINDS } from './artifacts';
export { ALARM_LIMIT_PAIRS, ALARM_LIMIT_RANGES, DEFAULT_ADULT_LIMITS, SPO2_DESAT_PCT, SPO2_SCALE2_LOW_PCT, alarmLimitProblems, defaultAlarmLimits, spo2ScaleFor, type AlarmLimitRange, type Spo2Scale } from './alarms';
export { BedsideMonitor } from './monitor';
export { renderStripSvg } from './svg';
export { ECG12_LEADS, ECG12_FS, ECG12_DURATION_S, Ecg12Capture, renderEcg12, ecg12Csv, type Ecg12Lead, type Ecg12Recording, type Ecg12CaptureState } from './ecg12';
export { benchDevices, benchInput } from './bench';
export {
  pulseOxBiasPct,
  spo2Reading,
  sampleReferenceSao2,
  sampleMonk,
  occultRate,
  fitBias,
  spo2ErrorSdPct,
  B_LIGHT_PCT,
  B_DARK_PCT,
  SPO2_ERROR_SD_PCT,
  SJODING_OCCULT_RATE_BLACK,
  SJODING_OCCULT_RATE_WHITE,
} from './pulseox';
export { MONITOR_DERIVATION } from './numerics';
export type { EcgNoiseSettings, EcgNoiseType } from './noise';
export { ECG_NOISE_TYPES, NST_SNR_LEVELS_DB, NOISE_SNR_MIN_DB, NOISE_SNR_MAX_DB, noiseRmsForSnr, QRS_PP_MV } from './noise';
