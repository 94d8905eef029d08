/**
 * One bed: a patient model (hidden truth), the bedside monitor that measures it, and optionally the
 * scenario that drives it. The bed steps all three at the physiology's fixed step.
 */
import { BedsideMonitor, defaultAlarmLimits, spo2ScaleFor, type ChannelId, type MonitorOptions } from '../devices/index';
import {
  PHYSIOLOGY_DT_S,
  PatientModel,
  type PatientProfile,
  type PatientSnapshot,
} from '../physiology/index';
import type { DeviceInput } from '../devices/index';
import type { InterventionSpec } from '../physiology/index';
import type { ExpectedActionResult } from '../scenario/runtime-types';
import { createDeviceInput, updateDeviceInput } from './device-input';
import { monitorOptionsOf, type BedMonitorSettings } from '../scenario/monitor-settings';

/** What a scenario runtime must offer the bed (implemented by ScenarioRuntime in ../scenario). */
export interface BedScenario {
  readonly title: string;
  /** Called after every physiology step with the bed's scenario-relative time. */
  tick(scenarioTimeS: number): void;
  /** Events since the last drain, stamped with scenario time. */
  drainEvents(): { timeS: number; kind: string; text: string; data?: unknown }[];
  /** Learner actions count towards expected actions (returns the action names matched). */
  recordIntervention(spec: InterventionSpec): string[];
  jumpToState(name: string): void;
  recordLearnerAction(action: string): string[];
  score(final: boolean): ExpectedActionResult[];
  snapshot(): unknown;
  restore(s: never): void;
}

export interface BedPlan {
  bedId: string;
  label: string;
  profile: PatientProfile;
  seed: number;
  /** Simulated time at which the bed's scenario starts; before it the patient is simply at rest. */
  startOffsetS: number;
  scenarioTitle: string | null;
  /** Named states of the scenario, if any. */
  states?: string[];
  /** Monitor artifacts and ECG noise set by the ward/cohort file (JSON-safe; recorded in exports and eval configs). */
  monitor?: BedMonitorSettings;
  /** Builds the scenario runtime once the bed exists (it needs the bed's patient and monitor). */
  attachScenario?: (bed: Bed) => BedScenario;
}

export interface BedSnapshot {
  bedId: string;
  patient: PatientSnapshot;
  monitor: unknown;
  scenario: unknown;
}

export class Bed {
  readonly bedId: string;
  readonly label: string;
  readonly plan: BedPlan;
  patient: PatientModel;
  monitor: BedsideMonitor;
  scenario: BedScenario | null = null;
  private readonly input: DeviceInput = createDeviceInput();

  /** What the devices read from the patient at the last step (the 12-lead recorder reads the rhythm from it). */
  get deviceInput(): Readonly<DeviceInput> {
    return this.input;
  }

  constructor(plan: BedPlan, monitorOptions: Partial<MonitorOptions> = {}) {
    this.plan = plan;
    this.bedId = plan.bedId;
    this.label = plan.label;
    this.patient = new PatientModel(plan.profile, plan.seed);
    this.monitor = new BedsideMonitor({
      seed: (plan.seed ^ 0x5bd1e995) >>> 0,
      skinToneMonk: plan.profile.skinToneMonk,
      enabledChannels: [],
      limits: defaultAlarmLimits({ spo2Scale: spo2ScaleFor(plan.profile.comorbidities) }),
      ...monitorOptions,
      ...monitorOptionsOf(plan.monitor),
    });
    // A monitor takes a first blood pressure when it is connected, then cycles.
    this.monitor.requestNibp();
    if (plan.attachScenario) this.scenario = plan.attachScenario(this);
  }

  /** One fixed step at ward time `wardTimeS` (the time at the END of this step). */
  step(wardTimeS: number): void {
    this.patient.step();
    if (this.scenario !== null && wardTimeS >= this.plan.startOffsetS) {
      this.scenario.tick(wardTimeS - this.plan.startOffsetS);
    }
    updateDeviceInput(this.patient.state, this.input);
    this.monitor.advance(this.input, PHYSIOLOGY_DT_S);
  }

  setEnabledChannels(ids: readonly ChannelId[]): void {
    this.monitor.setEnabledChannels(ids);
  }

  snapshot(): BedSnapshot {
    return {
      bedId: this.bedId,
      patient: this.patient.snapshot(),
      monitor: this.monitor.snapshot(),
      scenario: this.scenario ? this.scenario.snapshot() : null,
    };
  }

  restore(s: BedSnapshot): void {
    this.patient = PatientModel.restore(s.patient);
    this.monitor = BedsideMonitor.restore(s.monitor);
    if (this.scenario && s.scenario !== null) this.scenario.restore(s.scenario as never);
  }
}

