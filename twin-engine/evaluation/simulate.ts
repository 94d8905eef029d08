/**
 * Simulate one cohort patient through the session API and record what evaluation needs: truth
 * episodes, the module's findings and the monitor's alarms. Numerics only — nothing subscribes to
 * waveforms, so the monitor generates no samples (its numerics still come from the beat and breath
 * schedules) and a patient-hour costs a fraction of a wall millisecond.
 */
import type { ArtifactSettings } from '../devices/index';
import { InProcessSession } from '../session/in-process';
import type { EngineSession, Finding, SessionEvent } from '../session/api';
import type { Cohort, CohortInstance } from '../scenario/index';
import { instancePlan } from './cohort-plan';
import { EvalRecorder, moduleTargets, type ModuleEmit } from './session-records';
import type { ArtifactCondition, PatientRecord, ScoreStreamSpec } from './types';
import type { SandboxModuleHost } from '../modules-host/module-host';

/**
 * How evaluation runs a module on a patient's session. Built-in modules attach through
 * session.attachModule; a sandboxed host can implement the same interface and either have the session
 * emit 'finding' events or hand findings to `sink` directly.
 */
export interface ModuleRunner {
  /** As given on the command line, e.g. 'builtin:shock-index'. */
  readonly spec: string;
  readonly name: string;
  /** The manifest's `emits`: what each finding label claims (METRICS.md § Claims). */
  readonly emits: readonly ModuleEmit[];
  /** Episode labels the module is meant to detect (scored by default): moduleTargets(emits). */
  readonly targets: readonly string[];
  /** The manifest's `scores`: continuous scores published beside the findings (empty: none). */
  readonly scores: readonly ScoreStreamSpec[];
  /** What isolates the module (the runtime's `enforces`), stated on the report; 'UNSANDBOXED …' when the user allowed that. */
  readonly sandbox?: string;
  attach(session: EngineSession, sink: (f: Pick<Finding, 'label' | 'score' | 'simTimeS'>) => void): Promise<void>;
}

/** A runner for a module attached through session.attachModule, with its manifest's emits. */
export function sessionRunner(spec: string, name: string, emits: readonly ModuleEmit[], source: Parameters<EngineSession['attachModule']>[0], sandbox?: string, scores: readonly ScoreStreamSpec[] = []): ModuleRunner {
  return {
    spec,
    name,
    sandbox,
    emits,
    scores,
    targets: moduleTargets(emits),
    async attach(session) {
      const info = await session.attachModule(source);
      if (info.status === 'quarantined') throw new Error(`module ${info.name} was quarantined on load: ${info.statusReason}`);
    },
  };
}

/** The monitor alone (no module): used to score only the baseline, and by benchmarks. */
export const NO_MODULE: ModuleRunner = { spec: 'none', name: 'none', emits: [], targets: [], scores: [], attach: async () => {} };

/**
 * The "realistic ward" artifact preset for the robustness comparison (intensities: devices/artifacts.ts):
 * occasional movement, intermittently detached leads and probe, cool fingers, short sensor dropouts.
 */
export const WARD_ARTIFACTS: ArtifactSettings = { motion: 0.3, electrode_off: 0.05, probe_off: 0.05, low_perfusion: 0.3, dropout: 0.3 };

export interface SimulateOptions {
  durationS: number;
  condition: ArtifactCondition;
  runner: ModuleRunner;
  artifacts?: ArtifactSettings;
  /** Builds the sandboxed module host for this patient's session (platform-specific; needed when runner is a module). */
  moduleHost?: () => SandboxModuleHost;
  /** Sees every session event as it is recorded (tests compare the debrief's scoring of the same stream). */
  onEvent?: (e: SessionEvent) => void;
}

/** Chunk of simulated time per step() call: long enough to amortise the call, short enough for progress. */
const STEP_CHUNK_S = 1800;

export async function simulatePatient(cohort: Cohort, inst: CohortInstance, o: SimulateOptions): Promise<PatientRecord> {
  const session = new InProcessSession({
    loadPlan: () => instancePlan(cohort, inst),
    moduleHost: o.runner === NO_MODULE ? undefined : o.moduleHost?.(),
  });
  // The session holds one module (the runner's): every finding is its, claiming what its manifest says.
  const rec = new EvalRecorder([inst.id], () => o.runner.emits);
  const sub = session.events().subscribe((e) => {
    rec.push(e);
    o.onEvent?.(e);
  });
  try {
    await session.load({ kind: 'text', fileName: cohort.sourceFile, text: '' });
    if (o.condition === 'artifacts') await session.setArtifacts(inst.id, o.artifacts ?? WARD_ARTIFACTS);
    await o.runner.attach(session, (f) => rec.finding(inst.id, o.runner.name, f));
    for (let t = 0; t < o.durationS; t += STEP_CHUNK_S) await session.step(Math.min(STEP_CHUNK_S, o.durationS - t));
  } finally {
    sub.unsubscribe();
    await session.dispose();
  }
  const beds = rec.records(o.durationS);
  if (beds.length !== 1) throw new Error(`cohort patient ${inst.id}: expected a one-bed session, found beds ${beds.map((b) => b.bedId).join(', ')}`);
  const [bed] = beds;
  const p = inst.profile;
  return {
    index: inst.index,
    id: inst.id,
    condition: o.condition,
    profile: { sex: p.sex, ageY: p.ageY, skinToneMonk: p.skinToneMonk, comorbidities: [...p.comorbidities] },
    deteriorates: inst.deteriorates,
    durationS: o.durationS,
    episodes: bed.episodes,
    module: [...bed.findings.values()].flat().sort((a, b) => a.tS - b.tS),
    ...(o.runner.scores.length ? { moduleScores: [...bed.scores.values()].flat().sort((a, b) => a.tS - b.tS || a.label.localeCompare(b.label)) } : {}),
    monitor: bed.monitor,
  };
}
