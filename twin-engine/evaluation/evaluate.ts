/**
 * From per-patient records to metrics.json: the module and the monitor baseline scored side by side,
 * under each artifact condition, with subgroup and robustness breakdowns. Pure and deterministic:
 * records are put in patient order and every random draw comes from the configured seed, so the same
 * records give byte-identical JSON however they were produced (one process, N workers, merged shards).
 */
import { MONITOR_DERIVATION } from '../devices/index';
import { SIMULATION_NOTICE } from '../session/api';
import { aggregateEvents, alertsOf, summarisePatient, type AlertSource, type EventMetrics, type PatientEventSummary } from './event-metrics';
import { fairnessTable, type GroupRow } from './fairness';
import { scoreMetrics, streamAlerts, streamsFor, windowsFor, type ScoreMetrics, type ScoredWindow } from './score-metrics';
import { cohortUtility, utilityCase, type UtilityResult } from './sepsis-utility';
import { newcombeDiff, round6 } from './stats';
import { sufficiency, type Sufficiency } from './sufficiency';
import type { ArtifactCondition, Estimate, PatientRecord, ScoringOptions } from './types';

export const SYNTHETIC_MARKER = { synthetic: true, provenance: `WardTwin synthetic data — ${SIMULATION_NOTICE}` } as const;

export interface EvalConfig {
  module: string;
  moduleName: string;
  /** What isolated the module during the run (its runtime's `enforces`); absent in reports made before it was recorded. */
  moduleSandbox?: string;
  cohort: { id: string; title: string; file: string };
  n: number;
  seed: number;
  durationS: number;
  conditions: ArtifactCondition[];
  artifactPreset: Record<string, number>;
  /** The signals behind the run: what the module read and how each condition's monitor was set; absent in reports made before it was recorded. */
  signals?: EvalSignals;
  /**
   * The cohort file's per-bed monitor settings (artifacts, ECG noise stress; scenario/monitor-settings.ts),
   * applied in every condition; null when the file sets none. Absent in reports made before it was recorded.
   */
  monitorSettings?: { artifacts?: Record<string, number>; ecgNoise?: { snrDb: number; types: string[] }; ecgNoiseFloor?: boolean } | null;
  scoring: ScoringOptions;
}

export interface EvalSignals {
  /** Waveforms the module subscribed to: the rate it read and the rate the monitor generates. */
  waveforms: { channel: string; rateHz: number; nativeHz: number }[];
  /** Numerics the module subscribed to. */
  numerics: string[];
  /** Artifact settings applied to every patient's monitor, per condition ({} = none). */
  artifacts: Partial<Record<ArtifactCondition, Record<string, number>>>;
}

export interface SourceResult {
  events: EventMetrics;
  scores: ScoreMetrics;
  sepsisUtility: UtilityResult | null;
  fairness: GroupRow[];
}

export interface ConditionResult {
  patients: number;
  deteriorating: number;
  patientHours: number;
  episodesByLabel: Record<string, number>;
  module: SourceResult;
  monitor: SourceResult;
}

export interface RobustnessDiff {
  /** artifacts − clean, for the module and the monitor. */
  module: Record<string, Estimate>;
  monitor: Record<string, Estimate>;
}

export interface EvalMetrics {
  format: 'wardtwin-eval-metrics';
  version: 1;
  synthetic: true;
  provenance: string;
  /** How the monitor derived the numerics the module and the alarms saw (devices MONITOR_DERIVATION). */
  monitorDerivation: string;
  config: EvalConfig;
  shard: string | null;
  /** Enough target episodes to read the figures (sufficiency.ts); reports and the CLI lead with it. */
  sufficiency: Sufficiency;
  results: Partial<Record<ArtifactCondition, ConditionResult>>;
  robustness: RobustnessDiff | null;
}

/** Everything scored for one alert source except the subgroup table (which needs patient profiles). */
export type SourceMetrics = Omit<SourceResult, 'fairness'>;

/** Bootstrap seed salts of the two sources, so the module's and the monitor's intervals draw different resamples. */
export const SOURCE_SALT: Readonly<Record<AlertSource, number>> = { module: 0, monitor: 0x51ed };

/**
 * The window metrics (and 2019 utility) of one source. The module's targets that a declared score
 * stream detects are scored from the stream, the others from its alerts; the monitor from its alarms
 * (METRICS.md § Score streams). Calibration is drawn only from alerts or probability streams.
 */
function windowScores(records: readonly PatientRecord[], source: AlertSource, o: ScoringOptions): { scores: ScoreMetrics; sepsisUtility: UtilityResult | null } {
  const streamed = source === 'module' ? o.targets.filter((t) => streamsFor(t, o).length > 0) : [];
  const alerted = o.targets.filter((t) => !streamed.includes(t));
  const used = (o.scoreStreams ?? []).filter((s) => s.detects.some((d) => streamed.includes(d)));
  const windows: ScoredWindow[] = [];
  for (const r of records) {
    if (alerted.length) windows.push(...windowsFor(r, alertsOf(r, source), { ...o, targets: alerted }));
    if (streamed.length) windows.push(...windowsFor(r, streamAlerts(r.moduleScores ?? [], used), { ...o, targets: streamed }));
  }
  const m = scoreMetrics(windows);
  const scores: ScoreMetrics = { source: streamed.length === 0 ? 'alerts' : alerted.length === 0 ? 'score-stream' : 'mixed', ...m };
  if (used.length) {
    scores.streams = used.map((s) => ({ label: s.label, mapping: s.mapping, probability: s.probability }));
    const notProb = used.filter((s) => !s.probability);
    if (notProb.length && m.brier !== null) {
      // A points score over its maximum is not a probability: its Brier score and reliability curve would mislead.
      scores.brier = null;
      scores.reliability = [];
      scores.calibrationNote = `not drawn: ${notProb.map((s) => `${s.label} (${s.mapping})`).join('; ')} is not a probability`;
    } else scores.calibrationNote = null;
  }
  let sepsisUtility: UtilityResult | null = null;
  if (o.targets.includes('sepsis')) {
    const sepsisStreams = streamed.includes('sepsis') ? streamsFor('sepsis', o) : null;
    // From a stream, an hour is a positive prediction when a value at or above the declared threshold was published in it.
    sepsisUtility = cohortUtility(records.map((r) => utilityCase(r, sepsisStreams ? streamAlerts(r.moduleScores ?? [], sepsisStreams, true) : alertsOf(r, source))));
  }
  return { scores, sepsisUtility };
}

/** The event, score and sepsis-utility metrics of one source over records in patient order (also the debrief's). */
export function sourceMetrics(records: readonly PatientRecord[], source: AlertSource, o: ScoringOptions, salt = 0): SourceMetrics & { summaries: PatientEventSummary[] } {
  const ps = records.map((r) => summarisePatient(r, source, o));
  return {
    summaries: ps,
    events: aggregateEvents(ps, o, (salt + SOURCE_SALT[source]) >>> 0),
    ...windowScores(records, source, o),
  };
}

function sourceResult(records: readonly PatientRecord[], source: AlertSource, o: ScoringOptions, salt: number): SourceResult {
  const { summaries, ...m } = sourceMetrics(records, source, o, salt);
  return { ...m, fairness: fairnessTable(records.map((r) => r.profile), summaries, o, (salt + SOURCE_SALT[source]) >>> 0) };
}

export function conditionResult(records: readonly PatientRecord[], o: ScoringOptions, salt = 0): ConditionResult {
  const episodesByLabel: Record<string, number> = {};
  for (const r of records) for (const e of r.episodes) episodesByLabel[e.label] = (episodesByLabel[e.label] ?? 0) + 1;
  return {
    patients: records.length,
    deteriorating: records.filter((r) => r.deteriorates).length,
    patientHours: records.reduce((s, r) => s + r.durationS, 0) / 3600,
    episodesByLabel: Object.fromEntries(Object.entries(episodesByLabel).sort(([a], [b]) => a.localeCompare(b))),
    module: sourceResult(records, 'module', o, salt),
    monitor: sourceResult(records, 'monitor', o, salt),
  };
}

function diff(a: SourceResult, b: SourceResult, confidence: number): Record<string, Estimate> {
  const d = (x: number | null, y: number | null): Estimate => ({ value: x === null || y === null ? null : x - y, lo: null, hi: null, method: 'difference' });
  const ea = a.events;
  const eb = b.events;
  return {
    sensitivity: newcombeDiff(ea.detected, ea.episodes, eb.detected, eb.episodes, confidence),
    ppv: newcombeDiff(ea.ppv.n ?? 0, ea.ppv.d ?? 0, eb.ppv.n ?? 0, eb.ppv.d ?? 0, confidence),
    f1: d(ea.f1.value, eb.f1.value),
    falseAlarmsPerPatientHour: d(ea.falseAlarmsPerPatientHour.value, eb.falseAlarmsPerPatientHour.value),
    alarmsPerBedPerDay: d(ea.alarmsPerBedPerDay.value, eb.alarmsPerBedPerDay.value),
    latencyMedianS: d(ea.latencyMedianS.value, eb.latencyMedianS.value),
    auroc: d(a.scores.auroc, b.scores.auroc),
  };
}

export function evaluate(records: readonly PatientRecord[], config: EvalConfig, shard: string | null = null): EvalMetrics {
  const results: EvalMetrics['results'] = {};
  for (const c of config.conditions) {
    const rs = records.filter((r) => r.condition === c).sort((a, b) => a.index - b.index);
    results[c] = conditionResult(rs, config.scoring);
  }
  const { clean, artifacts } = results;
  const robustness = clean && artifacts ? { module: diff(artifacts.module, clean.module, config.scoring.confidence), monitor: diff(artifacts.monitor, clean.monitor, config.scoring.confidence) } : null;
  return { format: 'wardtwin-eval-metrics', version: 1, ...SYNTHETIC_MARKER, monitorDerivation: MONITOR_DERIVATION, config, shard, sufficiency: sufficiency(results, config.n, config.durationS, config.scoring.targets), results, robustness };
}

/** Stable JSON: numbers rounded to 6 decimals, NaN/Infinity as null, two-space indent. */
export function metricsJson(m: unknown): string {
  return `${JSON.stringify(m, (_k, v) => (typeof v === 'number' ? round6(v) : v), 2)}\n`;
}
