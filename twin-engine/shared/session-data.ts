/**
 * The data that crosses the session boundary and that the layers below the session also produce or
 * consume: events, numerics frames, waveform chunks, findings, ward descriptions, and the simulation
 * notice. It sits below core, audit and modules-host so that they need not import the session (which is
 * above them); session/api.ts re-exports all of it, so code above the session keeps importing api.ts.
 */
import type { ExpectedActionResult } from '../scenario/runtime-types';
import type { AlarmLimits, ChannelId, ChannelMeta, MonitorAlarm, MonitorNumerics } from '../devices/index';
import type { ConditionSpec, InterventionSpec, PatientProfile, TrueState, TruthEpisode, VisibleSigns } from '../physiology/index';

/** Simulation speeds offered to users; 'max' runs as fast as the host can. */
export const SPEEDS = [1, 2, 5, 10, 60, 'max'] as const;
export type Speed = (typeof SPEEDS)[number];

/** What a nurse sees at the bedside (computed by the engine, sent to every role). */
export type { Posture, VisibleSigns } from '../physiology/index';

export const SIMULATION_NOTICE = 'SIMULATION — NOT FOR CLINICAL USE';

/** What to load. Files are passed as text: hosts without a filesystem (the browser) work the same way. */
export type LoadSource = (
  | { kind: 'builtin'; path: string } // a file of the bundled library, e.g. 'wards/default.yaml'
  | { kind: 'text'; fileName: string; text: string; files?: Record<string, string> }
) & {
  /** Overrides the file's seeds: each bed's seed is mixed with this one (same seed → same run). */
  seed?: number;
  /** For cohort files: how many patients to sample (default 200); each becomes a bed. */
  cohortSize?: number;
};

export interface BedInfo {
  bedId: string;
  label: string;
  scenarioTitle: string | null;
  /** The monitor's alarm limits for this bed when the ward was loaded. */
  alarmLimits: AlarmLimits;
  /** Named states of the bed's scenario (for the instructor's jump-to-state). */
  states: string[];
  profile: PatientProfile;
  seed: number;
  startOffsetS: number;
  channels: ChannelMeta[];
}

export interface WardInfo {
  wardId: string;
  title: string;
  sourceFile: string;
  beds: BedInfo[];
}

export type RunState = 'empty' | 'paused' | 'playing' | 'stopped';

/** Per bed, once per simulated second: what the monitor shows, and (if asked for) the hidden truth. */
export interface NumericsFrame {
  bedId: string;
  simTimeS: number;
  measured: MonitorNumerics;
  alarms: MonitorAlarm[];
  /** What anyone at the bedside sees of the patient (breathing, colour, sweat, posture): every role gets it. */
  signs?: VisibleSigns;
  truth?: TruthSummary;
}

/** The subset of the hidden true state that UIs and exports use; modules never see it. */
export type TruthSummary = Pick<
  TrueState,
  | 'rhythm'
  | 'hrBpm'
  | 'sbpMmHg'
  | 'dbpMmHg'
  | 'mapMmHg'
  | 'coLPerMin'
  | 'svMl'
  | 'cvpMmHg'
  | 'bloodVolumeMl'
  | 'rrBpm'
  | 'tidalVolumeMl'
  | 'sao2Pct'
  | 'pao2MmHg'
  | 'paco2MmHg'
  | 'etco2MmHg'
  | 'fio2'
  | 'ph'
  | 'lactateMmolL'
  | 'coreTempC'
  | 'glucoseMgDl'
  | 'gcs'
  | 'avpu'
  | 'peripheralPerfusion'
>;

export interface WaveformChunk {
  bedId: string;
  channel: ChannelId;
  /** Simulated time of the first sample. */
  t0S: number;
  sampleRateHz: number;
  samples: Float32Array;
}

export type { ExpectedActionResult };

/** One analyte of a resulted lab panel (core/labs.ts draws them). */
export interface LabResultValue {
  name: string;
  value: number;
  unit: string;
}

export type SessionEvent =
  | { type: 'ward_loaded'; simTimeS: number; ward: WardInfo }
  | { type: 'run_state'; simTimeS: number; runState: RunState; speed: Speed }
  | { type: 'scenario'; simTimeS: number; bedId: string; kind: string; text: string; data?: unknown }
  | { type: 'intervention'; simTimeS: number; bedId: string; spec: InterventionSpec; by: 'learner' | 'instructor' | 'scenario'; who?: string }
  | { type: 'condition'; simTimeS: number; bedId: string; spec: ConditionSpec; conditionId: string; by: 'instructor' | 'scenario' }
  | { type: 'alarm'; simTimeS: number; bedId: string; change: 'raised' | 'cleared' | 'acknowledged' | 'silenced'; alarm: MonitorAlarm; who?: string }
  | { type: 'episode'; simTimeS: number; bedId: string; change: 'onset' | 'offset'; episode: TruthEpisode }
  | { type: 'finding'; simTimeS: number; bedId: string; finding: Finding }
  /** A value of a module's continuous risk score (manifest `scores`), e.g. NEWS2 each minute. */
  | { type: 'score'; simTimeS: number; bedId: string; score: ModuleScore }
  | { type: 'module'; simTimeS: number; moduleId: string; status: ModuleStatus; message: string; who?: string }
  | { type: 'note'; simTimeS: number; bedId: string | null; text: string }
  | { type: 'lab'; simTimeS: number; bedId: string; orderId: string; panel: string; change: 'ordered' | 'resulted'; dueS: number; results: LabResultValue[]; /** Imaging: the written report. */ report?: string; who?: string }
  | { type: 'learner_action'; simTimeS: number; bedId: string; action: string; who?: string }
  | { type: 'error'; simTimeS: number; message: string }
  /** The instructor released the debrief: student connections may now read expected actions and episodes. */
  | { type: 'debrief_released'; simTimeS: number }
  /** This connection's role changed (sent to that connection only). */
  | { type: 'role'; simTimeS: number; role: Role };

/** Who a session connection serves; the host enforces what each may see and do (session/roles.ts). */
export type Role = 'instructor' | 'student';

/** A diagnostic module's output (see modules/). */
export interface Finding {
  moduleId: string;
  bedId: string;
  simTimeS: number;
  label: string;
  score: number;
  severity: 'info' | 'low' | 'medium' | 'high';
  message: string;
  /** What the module based the finding on (flat, small). */
  evidence?: Record<string, number | string | boolean | null>;
}

/** One value of a module's score stream: `value` on the scale the manifest's `scores` entry declares. */
export interface ModuleScore {
  moduleId: string;
  bedId: string;
  simTimeS: number;
  label: string;
  value: number;
}

/** A manifest `scores` entry as the session reports it (modules-host/contract.ts ScoreSpec). */
export interface ModuleScoreSpec {
  label: string;
  detects: string[];
  range: [number, number];
  probability: boolean;
  threshold: number;
  mapping: string;
}

export type ModuleStatus = 'running' | 'slow' | 'quarantined' | 'detached';

export interface ModuleInfo {
  moduleId: string;
  name: string;
  version: string;
  status: ModuleStatus;
  statusReason: string | null;
  meanComputeMs: number;
  findings: number;
  /**
   * The manifest's `emits`: each finding label and the truth episode labels it claims (`detects`, empty =
   * informational). Evaluation scores findings by these claims (evaluation/METRICS.md § Claims).
   */
  emits: { label: string; detects: string[] }[];
  /** The module's own model card (Mitchell et al. 2019), checked when it was attached: section → text. */
  modelCard: Record<string, string>;
  /** The manifest's `scores`: continuous scores published beside the findings (empty: none). */
  scores: ModuleScoreSpec[];
}
