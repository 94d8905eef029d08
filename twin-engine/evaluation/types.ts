/**
 * Data that evaluation works on. Everything here is plain JSON: workers post it, shards write it, and
 * `eval merge` reads it back, so a merged run recomputes exactly the metrics of a single run.
 * SIMULATION ONLY — NOT FOR CLINICAL USE.
 */
import type { Comorbidity, Sex } from '../physiology/index';

/** A hidden-truth episode as the evaluator sees it (offsetS null = still open at the end of the record). */
export interface EvalEpisode {
  label: string;
  onsetS: number;
  offsetS: number | null;
  severity: string;
}

/**
 * One alert from whatever is being evaluated: a module finding (one label, instantaneous) or a monitor
 * alarm (labels from ALARM_LABELS, with a duration). Scored by time and label only.
 */
export interface EvalAlert {
  /** Simulated time the alert was raised. */
  tS: number;
  /** Episode labels this alert claims; empty for alarms that map to no episode. */
  labels: string[];
  /** 0..1, used by the window (AUROC/Brier) metrics. */
  score: number;
  /** When the alert cleared (alarms); null for point findings or alarms still active at the end. */
  endS: number | null;
  /** Technical alarms (leads off, probe off) are burden but never true or false. */
  technical: boolean;
  /** A module finding whose label claims no episode (manifest `detects: []`): burden, never true or false. */
  informational?: boolean;
  /** Source code or label, for display ('HR_HIGH', 'shock'). */
  code: string;
}

/** One value of the evaluated module's score stream, on its declared scale (ScoringOptions.scoreStreams). */
export interface EvalScorePoint {
  tS: number;
  label: string;
  value: number;
}

/**
 * A score stream the evaluated module declares (its manifest `scores` entry, modules-host/contract.ts
 * ScoreSpec). Stored with the scoring options so a merged run scores the stream exactly as a single run.
 */
export interface ScoreStreamSpec {
  label: string;
  detects: string[];
  range: [number, number];
  probability: boolean;
  threshold: number;
  mapping: string;
}

export interface PatientProfileLite {
  sex: Sex;
  ageY: number;
  skinToneMonk: number;
  comorbidities: Comorbidity[];
}

/** Everything one simulated patient produced under one artifact condition. */
export interface PatientRecord {
  index: number;
  id: string;
  /** 'clean' = no artifacts; 'artifacts' = the ward artifact preset (METRICS.md § Robustness). */
  condition: ArtifactCondition;
  profile: PatientProfileLite;
  deteriorates: boolean;
  durationS: number;
  episodes: EvalEpisode[];
  /** The evaluated module's findings. */
  module: EvalAlert[];
  /** The evaluated module's score stream (absent or empty: the module publishes none). */
  moduleScores?: EvalScorePoint[];
  /** The bedside monitor's alarms (the baseline). */
  monitor: EvalAlert[];
}

export type ArtifactCondition = 'clean' | 'artifacts';

/** Scoring windows and settings; every default is stated in METRICS.md. */
export interface ScoringOptions {
  /** Episode labels scored (the module's targets). */
  targets: string[];
  /**
   * The module's declared score streams. A target label one of them `detects` has its window metrics
   * (AUROC, AUPRC, calibration) and 2019 utility computed from the stream, not from alerts
   * (METRICS.md § Score streams). Absent or empty: alerts, as before.
   */
  scoreStreams?: ScoreStreamSpec[];
  /** A finding up to this long before onset still detects the episode. */
  earlyS: number;
  /** A finding this long after offset still detects it (0 = must come before offset). */
  lateS: number;
  /** Window length for the score metrics (AUROC, AUPRC, Brier, reliability). */
  windowS: number;
  /** A window is positive if a target episode is active within [start, end + horizonS). */
  horizonS: number;
  /** Latency thresholds for "share detected within N". */
  withinS: number[];
  /** Bootstrap resamples and seed (patients are resampled, not alerts). */
  bootstrapB: number;
  seed: number;
  /** Two-sided confidence level. */
  confidence: number;
}

export const DEFAULT_SCORING: Omit<ScoringOptions, 'targets'> = {
  earlyS: 1800,
  lateS: 0,
  windowS: 300,
  horizonS: 1800,
  withinS: [0, 300, 900, 3600],
  bootstrapB: 1000,
  seed: 1,
  confidence: 0.95,
};

/** A point estimate with its interval (null when undefined, e.g. sensitivity with no episodes). */
export interface Estimate {
  value: number | null;
  lo: number | null;
  hi: number | null;
  /** Numerator / denominator where the estimate is a proportion or rate. */
  n?: number;
  d?: number;
  method: string;
}
