/**
 * The scenario editor's instant preview: what is asked for and what comes back. Plain data only, so
 * it crosses the Web Worker boundary by structured clone (the series as transferable Float32Arrays).
 * SIMULATION ONLY — NOT FOR CLINICAL USE.
 */

/** One plotted series: where it is read from and how the preview labels it. */
export interface SeriesDef {
  key: SeriesKey;
  label: string;
  unit: string;
  /** Fixed plot range, so curves are comparable between edits (an autoscaled axis hides a drop). */
  min: number;
  max: number;
}

export type SeriesKey = 'hr' | 'map' | 'spo2' | 'sao2' | 'rr' | 'etco2' | 'lactate' | 'temp';

export const SERIES: readonly SeriesDef[] = [
  { key: 'hr', label: 'Heart rate', unit: '/min', min: 0, max: 200 },
  { key: 'map', label: 'MAP', unit: 'mmHg', min: 0, max: 140 },
  { key: 'spo2', label: 'SpO2 (monitor)', unit: '%', min: 50, max: 100 },
  { key: 'sao2', label: 'SaO2 (true)', unit: '%', min: 50, max: 100 },
  { key: 'rr', label: 'Resp. rate', unit: '/min', min: 0, max: 50 },
  { key: 'etco2', label: 'EtCO2', unit: 'mmHg', min: 0, max: 80 },
  { key: 'lactate', label: 'Lactate', unit: 'mmol/L', min: 0, max: 15 },
  { key: 'temp', label: 'Temperature', unit: '°C', min: 33, max: 41 },
];

/**
 * A learner action the preview plays as if the learner did it: written exactly like a scenario's
 * `intervention` action (so the same validator checks it), or a non-model action name such as
 * `call_for_help` (it only counts towards expected actions and `action.<name> given`).
 */
export interface LearnerStep {
  /** Time as written ('20 min') or in seconds. */
  at: string | number;
  intervention?: Record<string, unknown>;
  action?: string;
}

export interface PreviewRequest {
  text: string;
  fileName: string;
  /** Seeds to run; the first is plotted as the line, all of them make the min–max band. */
  seeds: number[];
  learnerPath: LearnerStep[];
  /** Sampling interval of the plotted series (s of simulated time). */
  sampleEveryS?: number;
  /** Cap on the simulated duration (s); the scenario's own duration otherwise. */
  maxDurationS?: number;
}

export interface PreviewEvent {
  timeS: number;
  kind: string;
  text: string;
}

export interface PreviewEpisode {
  label: string;
  onsetS: number;
  offsetS: number | null;
}

/** One seed's run. */
export interface PreviewRun {
  seed: number;
  timesS: Float32Array;
  series: Record<SeriesKey, Float32Array>;
  events: PreviewEvent[];
  episodes: PreviewEpisode[];
  /** Expected-action outcomes at the end of the run (for the chosen learner path). */
  expected: { action: string; status: string; anchorS: number | null; deadlineS: number | null }[];
  wallMs: number;
}

export type PreviewOutcome = { ok: true; durationS: number; run: PreviewRun } | { ok: false; message: string };
