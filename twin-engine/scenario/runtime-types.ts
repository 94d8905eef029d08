/**
 * The runtime's boundary with the bed: what it may read and do. Narrow on purpose, so it can play a
 * scenario against the real PatientModel, a test double, or a remote bed alike.
 */
import type { ConditionSpec, InterventionSpec, MonitorNumerics, TrueState } from './vocab';

export interface BedControl {
  /** The hidden true state (read only; updated in place by the model). */
  readonly truth: Readonly<TrueState>;
  /** What the monitor shows now; null when there is no monitor or no reading yet. */
  readonly measured: Readonly<MonitorNumerics> | null;
  /** Returns the model's id for the new condition. */
  startCondition(spec: ConditionSpec): string;
  updateCondition(modelId: string, patch: Partial<ConditionSpec>): void;
  stopCondition(modelId: string): void;
  applyIntervention(spec: InterventionSpec): void;
  /** Whether a truth episode with this label is active now (the model's episode tracker). */
  isEpisodeActive(label: string): boolean;
}

export type ScenarioEventKind =
  | 'started'
  | 'condition'
  | 'intervention'
  | 'note'
  | 'lab_result'
  | 'trigger'
  | 'state_entered'
  | 'label'
  | 'learner_action'
  | 'expected_action'
  | 'error';

export interface ScenarioEvent {
  /** Scenario time (s since the scenario's t = 0). */
  timeS: number;
  kind: ScenarioEventKind;
  text: string;
  data?: unknown;
}

export type ExpectedActionStatus = 'pending' | 'met' | 'late' | 'missed' | 'not_triggered';

export interface ExpectedActionResult {
  action: string;
  withinS: number;
  /** The anchor as written, e.g. 'episode.sepsis'. */
  anchor: string;
  /** When the anchor first held (null: not yet / never). */
  anchorS: number | null;
  deadlineS: number | null;
  /** First time the learner did the action (null: never). */
  doneS: number | null;
  status: ExpectedActionStatus;
  why: string | null;
}

export interface LabelInterval {
  label: string;
  onsetS: number;
  offsetS: number | null;
}
