/**
 * Plays one scenario, one seed, as fast as the engine goes: the real WardEngine/Bed (PatientModel +
 * ScenarioRuntime + a BedsideMonitor with every waveform channel off: numerics only, the same as with waveforms),
 * driven by the one simulation driver (session/driver.ts) and sampled into Float32Arrays. Async only so a worker can interleave a cancel: it yields every few
 * simulated minutes and stops when `shouldStop()` says a newer edit superseded it.
 * SIMULATION ONLY — NOT FOR CLINICAL USE.
 */
import { WardEngine, type WardPlan } from '../core/ward-engine';
import { mixSeed } from '../core/load';
import { SimDriver } from '../session/driver';
import { formatDiagnostic, parseScenario, profileOf, type Scenario } from '../scenario/index';
import { bedControlFor } from '../scenario/bed-adapter';
import { ScenarioRuntime } from '../scenario/runtime';
import { compileLearnerPath, type TimedLearnerStep } from './learner-path';
import { SERIES, type PreviewEvent, type PreviewOutcome, type PreviewRequest, type SeriesKey } from './types';

export interface RunControl {
  /** Checked after each yield; true abandons the run (returns null). */
  shouldStop?: () => boolean;
  /** Lets the host process messages (a worker awaits a macrotask here). */
  yieldNow?: () => Promise<void>;
}

/** Simulated steps between yields: 10 simulated minutes, ~10–30 ms of work. */
const STEPS_PER_SLICE = 6000;
/** Plot resolution: about this many points over the whole duration. */
const TARGET_POINTS = 720;
const MAX_EVENTS = 400;

export function previewPlan(s: Scenario, seed: number): WardPlan {
  // Same construction as core/load.ts toPlan, for a one-bed ward: the run seed is mixed with bed seed 1,
  // so the preview of seed N is the run `session.load({ ..., seed: N })` would give.
  return {
    wardId: 'preview',
    title: s.title,
    sourceFile: s.sourceFile,
    beds: [
      {
        bedId: 'preview',
        label: 'Preview',
        profile: profileOf(s),
        seed: mixSeed(seed, 1),
        startOffsetS: 0,
        scenarioTitle: s.title,
        states: Object.keys(s.states),
        attachScenario: (bed) => new ScenarioRuntime(s, bedControlFor(() => bed.patient, () => bed.monitor.numerics)),
      },
    ],
  };
}

export function sampleInterval(durationS: number, requested?: number): number {
  if (requested !== undefined && requested > 0) return requested;
  return Math.max(1, Math.round(durationS / TARGET_POINTS));
}

export async function runPreviewSeed(req: PreviewRequest, seed: number, ctl: RunControl = {}): Promise<PreviewOutcome | null> {
  const t0 = now();
  const parsed = parseScenario(req.text, req.fileName);
  if (!parsed.ok) return { ok: false, message: parsed.diagnostics.map(formatDiagnostic).join('\n') };
  const path = compileLearnerPath(req.learnerPath);
  if (!path.ok) return { ok: false, message: path.message };
  const s = parsed.value;
  const durationS = Math.min(s.durationS, req.maxDurationS ?? Infinity);
  const engine = new WardEngine(previewPlan(s, seed));
  const bed = engine.beds[0];
  const runtime = bed.scenario as ScenarioRuntime;
  const everyS = sampleInterval(durationS, req.sampleEveryS);
  const n = Math.floor(durationS / everyS) + 1;
  const timesS = new Float32Array(n);
  const series = Object.fromEntries(SERIES.map((d) => [d.key, new Float32Array(n)])) as Record<SeriesKey, Float32Array>;
  const events: PreviewEvent[] = [];
  const learner: TimedLearnerStep[] = path.steps;
  let nextLearner = 0;
  let k = 0;
  const record = () => {
    const st = bed.patient.state;
    const spo2 = bed.monitor.numerics.spo2Pct;
    timesS[k] = engine.simTimeS;
    series.hr[k] = st.hrBpm;
    series.map[k] = st.mapMmHg;
    series.spo2[k] = spo2 === null ? NaN : spo2;
    series.sao2[k] = st.sao2Pct;
    series.rr[k] = st.rrBpm;
    series.etco2[k] = st.etco2MmHg;
    series.lactate[k] = st.lactateMmolL;
    series.temp[k] = st.coreTempC;
    k++;
  };
  record();
  const totalSteps = Math.round(durationS * engine.stepsPerSecond);
  const stepsPerSample = Math.round(everyS * engine.stepsPerSecond);
  // The one simulation driver, with no waveform channels: numerics frames are not needed, the scenario's
  // events are; sampling happens between runs, at the sample steps.
  const driver = new SimDriver(engine, {
    sink: {
      frame: () => {},
      waveform: () => {},
      event: (e) => {
        if (e.type === 'scenario' && e.kind !== 'started' && events.length < MAX_EVENTS) events.push({ timeS: e.simTimeS, kind: e.kind, text: e.text });
      },
    },
  });
  const dueStep = (atS: number) => Math.max(0, Math.ceil((atS - 1e-6) * engine.stepsPerSecond));
  let i = 0;
  while (i < totalSteps) {
    // Learner actions are applied before the step that starts at their time, as a session applies them.
    while (nextLearner < learner.length && dueStep(learner[nextLearner].atS) <= i) {
      const l = learner[nextLearner++];
      if (l.spec) {
        bed.patient.applyIntervention(l.spec);
        runtime.recordIntervention(l.spec);
      } else if (l.action) runtime.recordLearnerAction(l.action);
    }
    let end = Math.min(totalSteps, (Math.floor(i / stepsPerSample) + 1) * stepsPerSample, (Math.floor(i / STEPS_PER_SLICE) + 1) * STEPS_PER_SLICE);
    if (nextLearner < learner.length) end = Math.min(end, Math.max(i + 1, dueStep(learner[nextLearner].atS)));
    i += await driver.run(end - i);
    if (i % stepsPerSample === 0 && k < n) record();
    if (i % STEPS_PER_SLICE === 0 && ctl.yieldNow) {
      await ctl.yieldNow();
      if (ctl.shouldStop?.()) return null;
    }
  }
  const episodes = [
    ...bed.patient.episodes().map((e) => ({ label: e.label, onsetS: e.onsetS, offsetS: e.offsetS })),
    ...runtime.labelIntervals().map((l) => ({ label: l.label, onsetS: l.onsetS, offsetS: l.offsetS })),
  ];
  const expected = runtime.score(true).map((r) => ({ action: r.action, status: r.status, anchorS: r.anchorS, deadlineS: r.deadlineS }));
  const trim = <T extends Float32Array>(a: T) => (k === n ? a : (a.slice(0, k) as T));
  const outSeries = Object.fromEntries(SERIES.map((d) => [d.key, trim(series[d.key])])) as Record<SeriesKey, Float32Array>;
  return { ok: true, durationS, run: { seed, timesS: trim(timesS), series: outSeries, events, episodes, expected, wallMs: now() - t0 } };
}

function now(): number {
  return performance.now();
}
