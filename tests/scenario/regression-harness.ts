/**
 * Plays a library scenario on the real PatientModel (no monitor: `measured` is derived from the truth,
 * which is what the monitor reads when there is no artifact) and records a 1 Hz course.
 */
import { PatientModel, PHYSIOLOGY_DT_S } from '../../twin-engine/physiology/index';
import type { InterventionSpec, TrueState, TruthEpisode } from '../../twin-engine/physiology/types';
import type { MonitorNumerics } from '../../twin-engine/devices/types';
import {
  bedControlFor,
  parseScenario,
  formatDiagnostic,
  ScenarioRuntime,
  type ExpectedActionResult,
  type ParamOverrides,
  type ScenarioEvent,
} from '../../twin-engine/scenario/index';
import { profileOf } from '../../twin-engine/scenario/scenario';
import { readLib } from './helpers';

export type Sample = Pick<
  TrueState,
  'timeS' | 'hrBpm' | 'mapMmHg' | 'sbpMmHg' | 'rrBpm' | 'sao2Pct' | 'lactateMmolL' | 'coreTempC' | 'glucoseMgDl' | 'ph' | 'paco2MmHg' | 'gcs' | 'rhythm' | 'cvpMmHg' | 'stElevationMm'
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

function measuredFrom(s: Readonly<TrueState>, out: Record<string, number | null>): void {
  out.hrBpm = s.hrBpm;
  out.spo2Pct = s.sao2Pct;
  out.rrBpm = s.rrBpm;
  out.etco2MmHg = s.etco2MmHg;
  out.nibpSysMmHg = s.sbpMmHg;
  out.nibpMeanMmHg = s.mapMmHg;
  out.tempC = s.coreTempC;
}

export function playScenario(file: string, opts: { seed?: number; durationS?: number; params?: ParamOverrides; learner?: Learner } = {}): Course {
  const r = parseScenario(readLib(file), file, { params: opts.params });
  if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join('\n'));
  const scenario = r.value;
  const profile = profileOf(scenario);
  const model = new PatientModel(profile, opts.seed ?? 1);
  model.advance(120); // settle, as the ward engine does before t = 0
  model.drainEpisodeChanges();
  const measured = {} as Record<string, number | null>;
  const rt = new ScenarioRuntime(scenario, bedControlFor(() => model, () => measured as unknown as MonitorNumerics));
  const events: ScenarioEvent[] = [];
  const samples: Sample[] = [];
  const duration = opts.durationS ?? scenario.durationS;
  const stepsPerS = Math.round(1 / PHYSIOLOGY_DT_S);
  const t0 = model.state.timeS;
  const io = {
    give(spec: InterventionSpec) {
      model.applyIntervention(spec);
      rt.recordIntervention(spec);
    },
    act(name: string) {
      rt.recordLearnerAction(name);
    },
    episodeActive: (label: string) => model.episodes().some((e) => e.label === label && e.offsetS === null),
  };
  for (let n = 1; n <= duration * stepsPerS; n++) {
    model.step();
    measuredFrom(model.state, measured);
    const t = n * PHYSIOLOGY_DT_S;
    rt.tick(t);
    if (n % stepsPerS === 0) {
      const s = model.state;
      samples.push({
        t: Math.round(t),
        timeS: s.timeS - t0,
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
      });
      opts.learner?.(Math.round(t), s, io);
    }
    events.push(...rt.drainEvents());
  }
  return { samples, events, episodes: [...model.episodes()], score: rt.score(true), finalState: rt.currentState, weightKg: profile.weightKg };
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
