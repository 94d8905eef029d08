/**
 * Plays a library scenario through the product's simulation (WardEngine: PatientModel + ScenarioRuntime +
 * BedsideMonitor, stepped by the one driver, session/driver.ts) and records a 1 Hz course of the truth.
 */
import { WardEngine } from '../../twin-engine/core/ward-engine';
import { SimDriver } from '../../twin-engine/session/driver';
import { previewPlan } from '../../twin-engine/preview/run-preview';
import type { InterventionSpec, TrueState, TruthEpisode } from '../../twin-engine/physiology/types';
import {
  parseScenario,
  formatDiagnostic,
  ScenarioRuntime,
  type ExpectedActionResult,
  type ParamOverrides,
  type ScenarioEvent,
} from '../../twin-engine/scenario/index';
import { readLib } from './helpers';

export type Sample = Pick<
  TrueState,
  | 'timeS' | 'hrBpm' | 'mapMmHg' | 'sbpMmHg' | 'rrBpm' | 'sao2Pct' | 'lactateMmolL' | 'coreTempC' | 'glucoseMgDl' | 'ph' | 'paco2MmHg' | 'gcs' | 'rhythm' | 'cvpMmHg' | 'stElevationMm'
  | 'coLPerMin' | 'bloodVolumeMl' | 'baseExcessMmolL'
> & { t: number };

export interface Course {
  samples: Sample[];
  events: ScenarioEvent[];
  episodes: TruthEpisode[];
  score: ExpectedActionResult[];
  finalState: string | null;
  weightKg: number;
}

export interface Learner {
  /** Called once per simulated second (scenario time t); may act through `give`/`act`. */
  (t: number, s: Readonly<TrueState>, io: { give(spec: InterventionSpec): void; act(name: string): void; episodeActive(label: string): boolean }): void;
}

/**
 * Play a library scenario as the product does: a one-bed ward (the plan a session builds for the file:
 * bed seed 1, or the run seed mixed in) stepped by the one simulation driver, the learner acting at
 * each 1 Hz boundary. The bed's monitor measures what the scenario's triggers read.
 */
export async function playScenario(
  file: string,
  opts: { seed?: number; durationS?: number; params?: ParamOverrides; learner?: Learner; /** YAML text instead of the library file */ text?: string } = {},
): Promise<Course> {
  const r = parseScenario(opts.text ?? readLib(file), file, { params: opts.params });
  if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join('\n'));
  const scenario = r.value;
  // Without a seed, the bed's own seed 1, as `wardtwin run <scenario>` plays it; with one, mixed in as --seed.
  const plan = previewPlan(scenario, opts.seed ?? 1);
  if (opts.seed === undefined) plan.beds[0].seed = 1;
  const engine = new WardEngine(plan);
  const bed = engine.beds[0];
  const rt = bed.scenario as ScenarioRuntime;
  const events: ScenarioEvent[] = [];
  const samples: Sample[] = [];
  const duration = opts.durationS ?? scenario.durationS;
  const io = {
    give(spec: InterventionSpec) {
      bed.patient.applyIntervention(spec);
      rt.recordIntervention(spec);
    },
    act(name: string) {
      rt.recordLearnerAction(name);
    },
    episodeActive: (label: string) => bed.patient.episodes().some((e) => e.label === label && e.offsetS === null),
  };
  const driver = new SimDriver(engine, {
    sink: {
      frame: () => {},
      waveform: () => {},
      event: (e) => {
        if (e.type === 'scenario') events.push({ timeS: e.simTimeS - bed.plan.startOffsetS, kind: e.kind, text: e.text, data: e.data } as ScenarioEvent);
      },
    },
    observers: [
      (eng) => {
        const s = bed.patient.state;
        const t = Math.round(eng.simTimeS);
        samples.push({
          t,
          timeS: s.timeS,
          hrBpm: s.hrBpm,
          mapMmHg: s.mapMmHg,
          sbpMmHg: s.sbpMmHg,
          rrBpm: s.rrBpm,
          sao2Pct: s.sao2Pct,
          lactateMmolL: s.lactateMmolL,
          coreTempC: s.coreTempC,
          glucoseMgDl: s.glucoseMgDl,
          ph: s.ph,
          paco2MmHg: s.paco2MmHg,
          gcs: s.gcs,
          rhythm: s.rhythm,
          cvpMmHg: s.cvpMmHg,
          stElevationMm: s.stElevationMm,
          coLPerMin: s.coLPerMin,
          bloodVolumeMl: s.bloodVolumeMl,
          baseExcessMmolL: s.baseExcessMmolL,
        });
        opts.learner?.(t, s, io);
      },
    ],
  });
  await driver.run(Math.round(duration * engine.stepsPerSecond));
  return { samples, events, episodes: [...bed.patient.episodes()], score: rt.score(true), finalState: rt.currentState, weightKg: bed.plan.profile.weightKg };
}

/** First sample time at which `pred` has held for `forS` consecutive seconds (the start of that run), or null. */
export function firstSustained(c: Course, pred: (s: Sample) => boolean, forS = 0): number | null {
  let since: number | null = null;
  for (const s of c.samples) {
    if (pred(s)) {
      if (since === null) since = s.t;
      if (s.t - since >= forS) return since;
    } else since = null;
  }
  return null;
}

/** A compact description of the course for failure messages (min/max of key variables). */
export function summary(c: Course): string {
  const f = (k: keyof Sample) => {
    const v = c.samples.map((s) => s[k] as number);
    return `${String(k)} ${Math.min(...v).toFixed(1)}..${Math.max(...v).toFixed(1)}`;
  };
  return [f('mapMmHg'), f('hrBpm'), f('rrBpm'), f('sao2Pct'), f('lactateMmolL'), f('coreTempC'), f('glucoseMgDl'), f('ph'), f('paco2MmHg'), f('gcs')].join('; ');
}

/** Sepsis-3 septic-shock proxy on the truth: MAP < 65 mmHg with lactate > 2 mmol/L (Singer 2016; docs/REFERENCES.md#sepsis-3). */
export const septicShock = (s: Sample) => s.mapMmHg < 65 && s.lactateMmolL > 2;
