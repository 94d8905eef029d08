/**
 * Simulate one cohort patient through the session API and record what evaluation needs: truth
 * episodes, the module's findings and the monitor's alarms. Numerics only — nothing subscribes to
 * waveforms, so the monitor generates no samples (its numerics still come from the beat and breath
 * schedules) and a patient-hour costs a fraction of a wall millisecond.
 */
import type { ArtifactSettings } from '../devices/index';
import { InProcessSession } from '../session/in-process';
import type { EngineSession, Finding } from '../session/api';
import type { Cohort, CohortInstance } from '../scenario/index';
import { alarmAlert } from './alarm-map';
import { instancePlan } from './cohort-plan';
import type { ArtifactCondition, EvalAlert, EvalEpisode, PatientRecord } from './types';
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
  /** Episode labels the module is meant to detect (scored by default). */
  readonly targets: readonly string[];
  attach(session: EngineSession, sink: (f: Pick<Finding, 'label' | 'score' | 'simTimeS'>) => void): Promise<void>;
}

/** Default targets of the reference modules (what their findings' labels mean in truth-episode terms). */
export const BUILTIN_TARGETS: Readonly<Record<string, readonly string[]>> = {
  'shock-index': ['shock'],
};

export function builtinRunner(id: string): ModuleRunner {
  return {
    spec: `builtin:${id}`,
    name: id,
    targets: BUILTIN_TARGETS[id] ?? [],
    async attach(session) {
      await session.attachModule({ kind: 'builtin', id });
    },
  };
}

/** The monitor alone (no module): used to score only the baseline, and by benchmarks. */
export const NO_MODULE: ModuleRunner = { spec: 'none', name: 'none', targets: [], attach: async () => {} };

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
}

/** Chunk of simulated time per step() call: long enough to amortise the call, short enough for progress. */
const STEP_CHUNK_S = 1800;

export async function simulatePatient(cohort: Cohort, inst: CohortInstance, o: SimulateOptions): Promise<PatientRecord> {
  const session = new InProcessSession({
    loadPlan: () => instancePlan(cohort, inst),
    moduleHost: o.runner === NO_MODULE ? undefined : o.moduleHost?.(),
  });
  const episodes = new Map<string, EvalEpisode>();
  const module: EvalAlert[] = [];
  const monitor: EvalAlert[] = [];
  const open = new Map<string, EvalAlert>();
  const sub = session.events().subscribe((e) => {
    if (e.type === 'episode') episodes.set(e.episode.id, { label: e.episode.label, onsetS: e.episode.onsetS, offsetS: e.episode.offsetS, severity: e.episode.severity });
    else if (e.type === 'finding') module.push(findingAlert(e.finding));
    else if (e.type === 'alarm') {
      if (e.change === 'raised') {
        const a = alarmAlert(e.alarm, e.simTimeS, null);
        open.set(e.alarm.id, a);
        monitor.push(a);
      } else if (e.change === 'cleared') {
        const a = open.get(e.alarm.id);
        if (a) a.endS = e.simTimeS;
        open.delete(e.alarm.id);
      }
    }
  });
  try {
    await session.load({ kind: 'text', fileName: cohort.sourceFile, text: '' });
    if (o.condition === 'artifacts') await session.setArtifacts(inst.id, o.artifacts ?? WARD_ARTIFACTS);
    await o.runner.attach(session, (f) => module.push(findingAlert(f)));
    for (let t = 0; t < o.durationS; t += STEP_CHUNK_S) await session.step(Math.min(STEP_CHUNK_S, o.durationS - t));
  } finally {
    sub.unsubscribe();
    await session.dispose();
  }
  for (const a of open.values()) a.endS = o.durationS;
  const p = inst.profile;
  return {
    index: inst.index,
    id: inst.id,
    condition: o.condition,
    profile: { sex: p.sex, ageY: p.ageY, skinToneMonk: p.skinToneMonk, comorbidities: [...p.comorbidities] },
    deteriorates: inst.deteriorates,
    durationS: o.durationS,
    episodes: [...episodes.values()].sort((a, b) => a.onsetS - b.onsetS || a.label.localeCompare(b.label)),
    module,
    monitor,
  };
}

function findingAlert(f: Pick<Finding, 'label' | 'score' | 'simTimeS'>): EvalAlert {
  return { tS: f.simTimeS, labels: [f.label], score: Math.min(1, Math.max(0, f.score)), endS: null, technical: false, code: f.label };
}
