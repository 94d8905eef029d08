/**
 * Public types of the bedside-monitor devices. SIMULATION ONLY — NOT FOR CLINICAL USE.
 *
 * The devices never see the patient model: their only input is `DeviceInput`, which the lead maps from
 * the physiology's hidden true state every physiology step (~0.05–0.1 s).
 */
import type { Rhythm } from '../physiology/rhythm';

export interface DeviceInput {
  hrBpm: number;
  rhythm: Rhythm;
  sbpMmHg: number;
  dbpMmHg: number;
  mapMmHg: number;
  svMl: number;
  rrBpm: number;
  tidalVolumeMl: number;
  etco2MmHg: number;
  sao2Pct: number;
  coreTempC: number;
  /** 0..1, 1 = normal peripheral perfusion (scales the pleth amplitude / perfusion index). */
  peripheralPerfusion: number;
  stElevationMm: number;
  qrsWidthMs: number;
  potassiumMmolL: number;
  cprActive: boolean;
  apnea: boolean;
  intubated: boolean;
  pacing: boolean;
  shivering: boolean;
  /** Optional: probability that a beat is replaced by a premature ventricular complex (0..1, default 0). */
  pvcProbability?: number;
  /** Optional: probability that a sinus beat is replaced by a premature atrial complex (0..1, default 0). */
  pacProbability?: number;
}

export type ChannelId = 'ecg_ii' | 'art' | 'pleth' | 'co2' | 'resp';

export interface ChannelMeta {
  id: ChannelId;
  label: string;
  sampleRateHz: number;
  units: string;
  /** For WFDB export: ADC units per physical unit. */
  adcGain: number;
  adcZero: number;
  physMin: number;
  physMax: number;
}

/** What the monitor DISPLAYS; null when unavailable (lead off, probe off, dropout, not enough data). */
export interface MonitorNumerics {
  hrBpm: number | null;
  prBpm: number | null;
  spo2Pct: number | null;
  perfusionIndexPct: number | null;
  rrBpm: number | null;
  etco2MmHg: number | null;
  artSysMmHg: number | null;
  artDiaMmHg: number | null;
  artMeanMmHg: number | null;
  nibpSysMmHg: number | null;
  nibpDiaMmHg: number | null;
  nibpMeanMmHg: number | null;
  /** Monitor time (s) at which the shown NIBP reading completed. */
  nibpTimeS: number | null;
  tempC: number | null;
}

export type ArtifactKind =
  | 'motion'
  | 'baseline_wander'
  | 'mains'
  | 'electrode_off'
  | 'probe_off'
  | 'low_perfusion'
  | 'damped_art_line'
  | 'shivering'
  | 'cpr'
  | 'dropout';

/** Intensity 0..1 per artifact kind; 0 or absent = off. See artifacts.ts for what each intensity means. */
export type ArtifactSettings = Partial<Record<ArtifactKind, number>>;

export type AlarmPriority = 'high' | 'medium' | 'low';

export interface AlarmLimits {
  hrLow: number;
  hrHigh: number;
  spo2Low: number;
  rrLow: number;
  rrHigh: number;
  mapLow: number;
  mapHigh: number;
  sysLow: number;
  sysHigh: number;
  etco2Low: number;
  etco2High: number;
  tempLow: number;
  tempHigh: number;
}

export interface MonitorAlarm {
  /** Unique per occurrence, e.g. 'HR_HIGH#3'. */
  id: string;
  /** e.g. 'HR_HIGH', 'SPO2_LOW', 'ASYSTOLE', 'VF', 'LEADS_OFF', 'PROBE_OFF'. */
  code: string;
  kind: 'physiological' | 'technical';
  priority: AlarmPriority;
  message: string;
  onsetS: number;
  /** The condition is still present. */
  active: boolean;
  /** Shown although the condition ended (high priority, until acknowledged). */
  latched: boolean;
  acknowledged: boolean;
}

export interface AlarmEvent {
  type: 'raised' | 'cleared' | 'acknowledged' | 'silenced';
  timeS: number;
  alarm: MonitorAlarm;
}

export interface MonitorOptions {
  seed: number;
  /** Monk skin tone scale 1..10 (1 lightest). Drives the pulse-oximetry bias (pulseox.ts). */
  skinToneMonk: number;
  /** Skin-tone-dependent pulse-oximetry bias (default true). */
  pulseOxBias?: boolean;
  /** Channels generated (default all). Disabled channels cost nothing; numerics still work. */
  enabledChannels?: readonly ChannelId[];
  artifacts?: ArtifactSettings;
  limits?: Partial<AlarmLimits>;
  /** NIBP cycle in seconds (default 900; 0 = manual only). */
  nibpIntervalS?: number;
  /** ECG noise-stress setting (devices/noise.ts; NST types mixed at an SNR). Default: none beyond the noise floor. */
  ecgNoise?: import('./noise').EcgNoiseSettings | null;
  /**
   * The ECG's default noise floor (baseline wander and broadband noise calibrated to MIT-BIH, noise.ts).
   * Default true; false leaves only the ~10 µV instrument noise (a clean trace for morphology tests).
   */
  ecgNoiseFloor?: boolean;
  /** Mains frequency for the 'mains' artifact and the QRS detector's notch (default 50). */
  mainsHz?: 50 | 60;
}
