/**
 * The diagnostic-module contract: what a module receives once per bed per simulated second, what it
 * may return, and the manifest that declares it. Shared by every runtime (JS sandbox, ONNX, external
 * process) and by the module authors' own code (`import type` only: types are erased before the
 * module is sandboxed). SIMULATION ONLY — NOT FOR CLINICAL USE.
 */
import type { ChannelId, MonitorNumerics } from '../devices/index';

export type NumericField = keyof MonitorNumerics;
export type RuntimeKind = 'js' | 'onnx' | 'pyodide' | 'process';
export type Severity = 'info' | 'low' | 'medium' | 'high';

/** One channel's samples for one simulated second (already decimated to the subscribed rate). */
export interface WaveWindow {
  t0S: number;
  sampleRateHz: number;
  /** NaN = sensor dropout gap; 0 flat line = lead/probe off (devices/channels.ts). */
  samples: Float32Array;
}

/** What happened at the bedside that a clinician could see. Never the hidden truth (episodes, conditions). */
export type ModuleEvent =
  | { kind: 'alarm'; simTimeS: number; change: string; code: string; priority: string }
  | { kind: 'intervention'; simTimeS: number; intervention: string; by: string; detail: unknown }
  | { kind: 'lab'; simTimeS: number; test: string; value: number | null; unit: string | null };

export type ModuleEventKind = ModuleEvent['kind'];

/** A module's input for one bed and one simulated second. */
export interface BedSecondInput {
  bedId: string;
  simTimeS: number;
  /** Only the subscribed fields; null = not shown by the monitor right now. */
  numerics: Partial<MonitorNumerics>;
  waveforms: Partial<Record<ChannelId, WaveWindow>>;
  events: ModuleEvent[];
}

export type EvidenceValue = number | string | boolean | null;

/** What a module returns; the host adds moduleId, bedId and simTimeS. */
export interface FindingDraft {
  /** One of the manifest's `emits` labels. */
  label: string;
  /** 0..1 (probability or normalised score). */
  score: number;
  severity: Severity;
  message: string;
  /** Small, flat: at most 16 keys (the numbers that justify the finding). */
  evidence?: Record<string, EvidenceValue>;
}

/**
 * One value of a continuous risk score a module publishes beside its findings (manifest `scores`), e.g.
 * NEWS2 points once a minute. The host adds moduleId, bedId and simTimeS (the time t of the value).
 * Evaluation computes AUROC, AUPRC, calibration and the 2019 utility from these values, event metrics
 * from findings (evaluation/METRICS.md § Score streams).
 */
export interface ScoreDraft {
  /** One of the manifest's `scores` labels. */
  label: string;
  /** On the declared scale: within the manifest entry's `range`. */
  value: number;
}

/** What onSecond may return: findings alone (an array, as before) or findings and score values. */
export type SecondAnswer = FindingDraft[] | { findings?: FindingDraft[]; scores?: ScoreDraft[] } | void;

/** The findings of an answer (either form); for callers outside the sandbox (tests, tools). */
export function findingsOf(a: SecondAnswer): FindingDraft[] {
  return Array.isArray(a) ? a : (a?.findings ?? []);
}

/** The score values of an answer (none in the list form). */
export function scoresOf(a: SecondAnswer): ScoreDraft[] {
  return a && !Array.isArray(a) ? (a.scores ?? []) : [];
}

export interface ModuleContext {
  name: string;
  version: string;
  /** The manifest's `params` (free-form, plain data). */
  params: Record<string, unknown>;
}

/** A JS/TS module's default export (or named export `create`). */
export interface DiagnosticModule {
  /** Called for each bed, in ward order, once per simulated second. Must be synchronous and deterministic. */
  onSecond(input: BedSecondInput): SecondAnswer;
}
export type CreateModule = (ctx: ModuleContext) => DiagnosticModule;

// ------------------------------------------------------------------ manifest

export interface WaveSubscription {
  channel: ChannelId;
  /** Native rate or an integer divisor of it (block-mean decimation). */
  rateHz: number;
}

export interface EmitSpec {
  label: string;
  /** Truth episode labels (EPISODE_LABELS) a finding with this label claims to detect. Empty = informational. */
  detects: string[];
}

/**
 * A continuous score the module publishes (manifest `scores`). Its values are on `range`; evaluation
 * reads them as (value − lo) / (hi − lo) in [0, 1]. Calibration (Brier, reliability) is computed only
 * when `probability` is true (a calibrated probability on [0, 1]): a points score divided by its maximum
 * is not a probability, and its Brier score would say nothing.
 */
export interface ScoreSpec {
  /** The score's name, e.g. 'news2'. */
  label: string;
  /** Truth episode labels (EPISODE_LABELS) the score is a risk of; at least one. */
  detects: string[];
  /** [lo, hi] of the published values, lo < hi. */
  range: [number, number];
  /** True only for a calibrated probability (range must be [0, 1]). */
  probability: boolean;
  /** A value ≥ threshold is a positive prediction (the PhysioNet 2019 utility's hourly predictions). */
  threshold: number;
  /** How the value is made and normalised, in words (shown on reports), e.g. 'NEWS2 points 0–20; evaluated as points / 20'. */
  mapping: string;
}

/** Mitchell et al., "Model Cards for Model Reporting", FAT* 2019 (docs/REFERENCES.md#model-cards): the sections WardTwin requires. */
export const MODEL_CARD_REQUIRED = [
  'intendedUse',
  'intendedUsers',
  'trainingData',
  'evaluationData',
  'factors',
  'metrics',
  'limitations',
  'ethicalConsiderations',
] as const;
export type ModelCardSection = (typeof MODEL_CARD_REQUIRED)[number];
export type ModelCard = Record<ModelCardSection, string> & {
  modelDetails?: string;
  quantitativeAnalyses?: string;
  caveatsAndRecommendations?: string;
};

export interface OnnxInputSpec {
  /** The model's input tensor name. */
  name: string;
  /** numerics: the last `lengthS` 1-Hz values of `fields`; waveform: the last `lengthS` s of `channel`. */
  source: 'numerics' | 'waveform';
  fields?: NumericField[];
  channel?: ChannelId;
  lengthS: number;
  /** Tensor shape; the product must equal the number of values (fields × lengthS or samples). */
  shape: number[];
}

export interface OnnxOutputSpec {
  /** The model's output tensor name; element `index` (default 0) is the score. */
  name: string;
  index?: number;
  label: string;
  /** A finding is emitted when the score rises to ≥ threshold; re-armed when it falls below rearmBelow. */
  threshold: number;
  rearmBelow: number;
  severity: Severity;
  message: string;
  /**
   * Also publish the output, clamped to [0, 1], as the value of this manifest `scores` label every
   * `scoreEveryS` simulated seconds (both set, or neither).
   */
  scoreLabel?: string;
  scoreEveryS?: number;
}

export interface ModuleLimits {
  /** CPU (compute) budget per bed per simulated second, ms. */
  cpuMsPerBedSecond: number;
  /** Heap cap for the sandbox, MB (worker resourceLimits / process address space). */
  memoryMb: number;
  /** Finding rate limits (flood protection), counted in simulated time. */
  maxFindingsPerBedSecond: number;
  maxFindingsPerBedMinute: number;
}

export const DEFAULT_LIMITS: ModuleLimits = {
  cpuMsPerBedSecond: 25,
  memoryMb: 96,
  maxFindingsPerBedSecond: 4,
  maxFindingsPerBedMinute: 20,
};

export interface ModuleManifest {
  name: string;
  version: string;
  authors: string[];
  description: string;
  runtime: RuntimeKind;
  /** js: the module file; onnx: the .onnx model; pyodide: the .py file defining on_second; process: the script (also the first file hashed). */
  entry: string;
  /** process only: argv; '{entry}' is replaced by the entry's absolute path. */
  command?: string[];
  /** pyodide only: wheel files (.whl) of the module folder, unpacked into the sandbox before the entry runs. */
  packages?: string[];
  subscribes: {
    numerics: NumericField[];
    waveforms: WaveSubscription[];
    labs: string[];
    events: ModuleEventKind[];
  };
  emits: EmitSpec[];
  /** Continuous scores published beside the findings (empty: findings only). */
  scores: ScoreSpec[];
  params: Record<string, unknown>;
  limits: ModuleLimits;
  onnx?: { inputs: OnnxInputSpec[]; outputs: OnnxOutputSpec[] };
  modelCard: ModelCard;
}

/**
 * A module ready to attach: its manifest, its files' bytes (hashed into the audit log) and, for JS,
 * its code as CommonJS text per file (TypeScript/ESM transpiled by the platform adapter).
 */
export interface ModuleBundle {
  manifest: ModuleManifest;
  /** Where it came from, for messages ('modules/news2', 'builtin:news2'). */
  origin: string;
  /** Every file of the module (relative path → bytes), manifest included. */
  files: Record<string, Uint8Array>;
  /** JS runtime: relative path → CommonJS source. */
  code?: Record<string, string>;
  /** Process runtime: the module folder on disk (the adapter runs the command there). */
  dir?: string;
}
