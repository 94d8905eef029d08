/**
 * ScenarioRuntime plays a loaded Scenario against one bed. The bed calls `tick(scenarioTimeS)` once per
 * physiology step; everything is compiled up front (closures, typed arrays) so a step where nothing
 * is due allocates nothing. Its state snapshots to plain JSON.
 */
import { compileBool, type BoolFn, type EvalEnv } from './expr-eval';
import type { Condition } from './expr';
import { LAB_TESTS } from './labs';
import type { Scenario } from './scenario';
import type { ActionYaml } from './scenario-schema';
import type { BedControl, ExpectedActionResult, ExpectedActionStatus, LabelInterval, ScenarioEvent } from './runtime-types';
import { formatQuantity } from './units';
import { actionsForIntervention, type ConditionSpec, type InterventionSpec } from './vocab';

/** Tolerance for "at 5 min" against accumulated step times (0.1 s steps do not sum exactly). */
const TIME_EPS_S = 1e-6;

interface Compiled {
  fn: BoolFn;
  forS: number;
  source: string;
}

export interface RuntimeSnapshot {
  version: 1;
  scenarioId: string;
  started: boolean;
  lastTimeS: number;
  timelineIdx: number;
  trigSince: (number | null)[];
  trigDone: boolean[];
  state: string | null;
  stateEnteredS: number;
  transSince: (number | null)[];
  anchorSince: (number | null)[];
  anchorS: (number | null)[];
  reported: ExpectedActionStatus[];
  labelSince: (number | null)[];
  labelOffSince: (number | null)[];
  labels: LabelInterval[];
  actionTimes: Record<string, number>;
  conditionIds: Record<string, string>;
}

export interface RuntimeOptions {
  /** Called for every event as it happens (in addition to drainEvents). */
  onEvent?: (e: ScenarioEvent) => void;
}

export class ScenarioRuntime implements EvalEnv {
  readonly scenario: Scenario;
  readonly title: string;
  private readonly bed: BedControl;
  private readonly onEvent: ((e: ScenarioEvent) => void) | undefined;
  private pending: ScenarioEvent[] = [];

  // compiled scenario
  private readonly timeline: { atS: number; action: ActionYaml; i: number }[];
  private readonly triggers: { id: string; cond: Compiled; then: ActionYaml[]; repeat: boolean }[];
  private readonly states: Map<string, { onEnter: ActionYaml[]; transitions: { cond: Compiled; goto: string }[] }>;
  private readonly expected: { action: string; withinS: number; anchor: Compiled; why: string | null }[];
  private readonly labelDefs: { label: string; onset: Compiled; offset: Compiled | null }[];

  // run state (NaN = "not holding / not yet"; converted to null in snapshots)
  private started = false;
  private lastTimeS = 0;
  private timelineIdx = 0;
  private readonly trigSince: Float64Array;
  private readonly trigDone: Uint8Array;
  private state: string | null = null;
  private stateEnteredS = 0;
  private transSince: Float64Array;
  private readonly anchorSince: Float64Array;
  private readonly anchorS: Float64Array;
  private readonly reported: ExpectedActionStatus[];
  private readonly labelSince: Float64Array;
  private readonly labelOffSince: Float64Array;
  private readonly labelOpen: Int32Array;
  private labels: LabelInterval[] = [];
  private readonly actionTimes = new Map<string, number>();
  private readonly conditionIds = new Map<string, string>();

  constructor(scenario: Scenario, bed: BedControl, opts: RuntimeOptions = {}) {
    this.scenario = scenario;
    this.title = scenario.title;
    this.bed = bed;
    this.onEvent = opts.onEvent;
    // Stable sort by time keeps same-time entries in file order.
    this.timeline = scenario.timeline.map((t, i) => ({ ...t, i })).sort((a, b) => a.atS - b.atS || a.i - b.i);
    this.triggers = scenario.triggers.map((t, i) => ({ id: t.id ?? `trigger ${i + 1}`, cond: compile(t.when), then: t.then, repeat: t.repeat }));
    this.states = new Map(
      Object.entries(scenario.states).map(([name, s]) => [name, { onEnter: s.onEnter, transitions: s.transitions.map((tr) => ({ cond: compile(tr.when), goto: tr.goto })) }]),
    );
    this.expected = scenario.expectedActions.map((e) => ({ action: e.action, withinS: e.withinS, anchor: compile(e.anchor), why: e.why ?? null }));
    this.labelDefs = scenario.labels.map((l) => ({ label: l.label, onset: compile(l.onset), offset: l.offset ? compile(l.offset) : null }));
    const maxTrans = Math.max(0, ...[...this.states.values()].map((s) => s.transitions.length));
    this.trigSince = new Float64Array(this.triggers.length).fill(NaN);
    this.trigDone = new Uint8Array(this.triggers.length);
    this.transSince = new Float64Array(maxTrans).fill(NaN);
    this.anchorSince = new Float64Array(this.expected.length).fill(NaN);
    this.anchorS = new Float64Array(this.expected.length).fill(NaN);
    this.reported = this.expected.map(() => 'pending');
    this.labelSince = new Float64Array(this.labelDefs.length).fill(NaN);
    this.labelOffSince = new Float64Array(this.labelDefs.length).fill(NaN);
    this.labelOpen = new Int32Array(this.labelDefs.length).fill(-1);
  }

  // ------------------------------------------------------------------ EvalEnv (read by conditions)

  truth(key: string): number {
    return (this.bed.truth as unknown as Record<string, number>)[key];
  }
  measured(key: string): number {
    const m = this.bed.measured;
    if (m === null) return NaN;
    const v = (m as unknown as Record<string, number | null>)[key];
    return v === null || v === undefined ? NaN : v;
  }
  elapsedS(): number {
    return this.lastTimeS;
  }
  stateTimeS(): number {
    return this.lastTimeS - this.stateEnteredS;
  }
  actionGiven(name: string): boolean {
    return this.actionTimes.has(name);
  }
  episodeActive(label: string): boolean {
    for (let i = 0; i < this.labelDefs.length; i++) if (this.labelDefs[i].label === label) return this.labelOpen[i] >= 0;
    return this.bed.isEpisodeActive(label);
  }
  inState(name: string): boolean {
    return this.state === name;
  }

  // ------------------------------------------------------------------ stepping

  get currentState(): string | null {
    return this.state;
  }
  get timeS(): number {
    return this.lastTimeS;
  }

  /** Advance to scenario time `timeS` (call once per physiology step, after the model stepped). */
  tick(timeS: number): void {
    this.lastTimeS = timeS;
    if (!this.started) this.start();
    const t = timeS + TIME_EPS_S;
    while (this.timelineIdx < this.timeline.length && this.timeline[this.timelineIdx].atS <= t) {
      const entry = this.timeline[this.timelineIdx++];
      this.run(entry.action, `timeline[${entry.i}].action`);
    }
    this.evalLabels(timeS);
    this.evalTriggers(timeS);
    this.evalTransitions(timeS);
    this.evalExpected(timeS);
  }

  private start(): void {
    this.started = true;
    this.emit('started', `Scenario started: ${this.scenario.title}`, { scenarioId: this.scenario.id });
    this.scenario.conditions.forEach((c, i) => {
      try {
        this.startCondition(c);
      } catch (e) {
        this.emit('error', `start_condition (conditions[${i}]) failed: ${e instanceof Error ? e.message : String(e)}`, { condition: c });
      }
    });
    if (this.scenario.initialState !== undefined) this.enterState(this.scenario.initialState, 'initial state');
  }

  private held(fn: BoolFn, since: Float64Array, i: number, forS: number, t: number): boolean {
    if (!fn(this)) {
      since[i] = NaN;
      return false;
    }
    if (since[i] !== since[i]) since[i] = t;
    return t - since[i] >= forS - TIME_EPS_S;
  }

  private evalTriggers(t: number): void {
    for (let i = 0; i < this.triggers.length; i++) {
      const tr = this.triggers[i];
      if (this.trigDone[i] === 1 && !tr.repeat) continue;
      const on = this.held(tr.cond.fn, this.trigSince, i, tr.cond.forS, t);
      if (this.trigDone[i] === 1) {
        // A repeating trigger re-arms once its condition has stopped holding.
        if (tr.repeat && !on && this.trigSince[i] !== this.trigSince[i]) this.trigDone[i] = 0;
        continue;
      }
      if (!on) continue;
      this.trigDone[i] = 1;
      this.emit('trigger', `Trigger '${tr.id}': ${tr.cond.source}`, { trigger: tr.id });
      tr.then.forEach((a, j) => this.run(a, `triggers[${i}].then[${j}], trigger '${tr.id}'`));
    }
  }

  private evalTransitions(t: number): void {
    if (this.state === null) return;
    const st = this.states.get(this.state)!;
    for (let i = 0; i < st.transitions.length; i++) {
      const tr = st.transitions[i];
      if (this.held(tr.cond.fn, this.transSince, i, tr.cond.forS, t)) {
        this.enterState(tr.goto, tr.cond.source);
        return; // one transition per step: the new state's transitions start fresh
      }
    }
  }

  private evalExpected(t: number): void {
    for (let i = 0; i < this.expected.length; i++) {
      const r = this.reported[i];
      if (r === 'met' || r === 'late') continue;
      const e = this.expected[i];
      if (r === 'missed') {
        // Still worth knowing how late: a missed action done afterwards becomes 'late'.
        if (this.actionTimes.has(e.action)) this.report(i, 'late');
        continue;
      }
      if (this.anchorS[i] !== this.anchorS[i]) {
        if (!this.held(e.anchor.fn, this.anchorSince, i, e.anchor.forS, t)) continue;
        this.anchorS[i] = t;
      }
      const deadline = this.anchorS[i] + e.withinS;
      const done = this.actionTimes.get(e.action);
      if (done !== undefined) this.report(i, done <= deadline + TIME_EPS_S ? 'met' : 'late');
      else if (t > deadline + TIME_EPS_S) this.report(i, 'missed');
    }
  }

  private report(i: number, status: ExpectedActionStatus): void {
    this.reported[i] = status;
    const r = this.resultFor(i, false);
    const when = r.doneS === null ? 'not done' : `done at ${formatQuantity(Math.round(r.doneS), 'duration')}`;
    this.emit('expected_action', `Expected '${r.action}' within ${formatQuantity(r.withinS, 'duration')} of ${r.anchor}: ${status} (${when})`, r);
  }

  private evalLabels(t: number): void {
    for (let i = 0; i < this.labelDefs.length; i++) {
      const l = this.labelDefs[i];
      if (this.labelOpen[i] < 0) {
        if (this.held(l.onset.fn, this.labelSince, i, l.onset.forS, t)) {
          const onsetS = t - l.onset.forS;
          this.labelOpen[i] = this.labels.length;
          this.labels.push({ label: l.label, onsetS, offsetS: null });
          this.labelOffSince[i] = NaN;
          this.emit('label', `Label '${l.label}' onset`, { label: l.label, change: 'onset', onsetS });
        }
      } else if (l.offset !== null && this.held(l.offset.fn, this.labelOffSince, i, l.offset.forS, t)) {
        const iv = this.labels[this.labelOpen[i]];
        iv.offsetS = t - l.offset.forS;
        this.labelOpen[i] = -1;
        this.labelSince[i] = NaN;
        this.emit('label', `Label '${l.label}' offset`, { label: l.label, change: 'offset', onsetS: iv.onsetS, offsetS: iv.offsetS });
      }
    }
  }

  // ------------------------------------------------------------------ actions

  /**
   * The model validates specs itself (per-drug dose ranges, routes); a refusal must not stop the
   * scenario, so it becomes an 'error' event and the scenario carries on.
   */
  private run(a: ActionYaml, source: string): void {
    try {
      this.runUnguarded(a, source);
    } catch (e) {
      this.emit('error', `${a.type} (${source}) failed: ${e instanceof Error ? e.message : String(e)}`, { action: a });
    }
  }

  private runUnguarded(a: ActionYaml, source: string): void {
    switch (a.type) {
      case 'start_condition':
        this.startCondition(a.value);
        break;
      case 'change_condition': {
        const mid = this.conditionIds.get(a.value.id);
        if (mid === undefined) {
          this.emit('error', `Cannot change condition '${a.value.id}' (${source}): it is not running`);
          break;
        }
        const patch: Partial<ConditionSpec> = {};
        if (a.value.severity !== undefined) patch.severity = a.value.severity;
        if (a.value.rampS !== undefined) patch.rampS = a.value.rampS;
        if (a.value.params !== undefined) patch.params = a.value.params as Record<string, number | string>;
        this.bed.updateCondition(mid, patch);
        this.emit('condition', `Changed ${a.value.id}${patch.severity !== undefined ? ` to severity ${patch.severity}` : ''}`, { change: 'update', id: a.value.id, modelId: mid, patch });
        break;
      }
      case 'stop_condition': {
        const mid = this.conditionIds.get(a.value.id);
        if (mid === undefined) {
          this.emit('error', `Cannot stop condition '${a.value.id}' (${source}): it is not running`);
          break;
        }
        this.bed.stopCondition(mid);
        this.conditionIds.delete(a.value.id);
        this.emit('condition', `Stopped ${a.value.id}`, { change: 'stop', id: a.value.id, modelId: mid });
        break;
      }
      case 'intervention': {
        const spec = toInterventionSpec(a.value);
        this.bed.applyIntervention(spec);
        this.emit('intervention', `Scenario gave ${describeIntervention(spec)}`, { spec, by: 'scenario' });
        break;
      }
      case 'note':
        this.emit('note', a.value);
        break;
      case 'lab_result': {
        const def = LAB_TESTS[a.value.test];
        let text: string;
        let value: number | string;
        if (a.value.value !== undefined) {
          value = a.value.value;
          text = `${a.value.test}: ${value}`;
        } else {
          const v = this.truth(def.truthKey);
          value = Number(v.toFixed(def.decimals));
          text = `${a.value.test}: ${v.toFixed(def.decimals)}${def.unit ? ` ${def.unit}` : ''}`;
        }
        this.emit('lab_result', text, { test: a.value.test, value, unit: def?.unit ?? null });
        break;
      }
      case 'goto':
        this.enterState(a.value, source);
        break;
    }
  }

  private startCondition(c: { id?: string; kind: ConditionSpec['kind']; severity: number; rampS?: number; params?: Record<string, unknown> }): void {
    const spec: ConditionSpec = { kind: c.kind, severity: c.severity };
    if (c.rampS !== undefined) spec.rampS = c.rampS;
    if (c.params !== undefined) spec.params = { ...(c.params as Record<string, number | string>) };
    const sid = c.id ?? c.kind;
    const mid = this.bed.startCondition(spec);
    this.conditionIds.set(sid, mid);
    const ramp = spec.rampS !== undefined ? `, ramp ${formatQuantity(spec.rampS, 'duration')}` : '';
    this.emit('condition', `Started ${c.kind} (severity ${c.severity}${ramp})`, { change: 'start', id: sid, modelId: mid, spec });
  }

  private enterState(name: string, why: string): void {
    const st = this.states.get(name);
    if (st === undefined) {
      this.emit('error', `No state '${name}' (from ${why}); states: ${[...this.states.keys()].join(', ')}`);
      return;
    }
    this.state = name;
    this.stateEnteredS = this.lastTimeS;
    this.transSince.fill(NaN);
    this.emit('state_entered', `Entered state '${name}' (${why})`, { state: name });
    st.onEnter.forEach((a, j) => this.run(a, `states.${name}.on_enter[${j}]`));
  }

  private emit(kind: ScenarioEvent['kind'], text: string, data?: unknown): void {
    const e: ScenarioEvent = data === undefined ? { timeS: this.lastTimeS, kind, text } : { timeS: this.lastTimeS, kind, text, data };
    this.pending.push(e);
    this.onEvent?.(e);
  }

  // ------------------------------------------------------------------ instructor and learner input

  /** Jump to a named state now (instructor override); runs its entry actions. */
  jumpToState(name: string): void {
    if (!this.states.has(name)) throw new Error(`Scenario '${this.scenario.id}' has no state '${name}' (states: ${[...this.states.keys()].join(', ') || 'none'})`);
    if (!this.started) this.start();
    this.enterState(name, 'instructor');
  }

  addNote(text: string): void {
    this.emit('note', text, { by: 'instructor' });
  }

  /**
   * Record something the learner did (an action name such as 'blood_cultures' or 'antibiotics').
   * A drug or kind also counts for its groups (norepinephrine → vasopressor). Returns the names recorded.
   */
  recordLearnerAction(action: string): string[] {
    const names = actionsForIntervention({ kind: action as InterventionSpec['kind'] });
    return this.record(names, action);
  }

  /** Record a learner's intervention: its kind, drug and groups all count as done. */
  recordIntervention(spec: Pick<InterventionSpec, 'kind' | 'drug'>): string[] {
    return this.record(actionsForIntervention(spec), describeIntervention(spec as InterventionSpec));
  }

  private record(names: string[], what: string): string[] {
    for (const n of names) if (!this.actionTimes.has(n)) this.actionTimes.set(n, this.lastTimeS);
    this.emit('learner_action', `Learner: ${what}`, { actions: names });
    return names;
  }

  // ------------------------------------------------------------------ results

  drainEvents(): ScenarioEvent[] {
    if (this.pending.length === 0) return [];
    const out = this.pending;
    this.pending = [];
    return out;
  }

  /** Scores so far; with `final`, anything still open is closed (missed / not triggered). */
  score(final = false): ExpectedActionResult[] {
    return this.expected.map((_, i) => this.resultFor(i, final));
  }

  private resultFor(i: number, final: boolean): ExpectedActionResult {
    const e = this.expected[i];
    const a = this.anchorS[i];
    const anchorS = a === a ? a : null;
    const deadlineS = anchorS === null ? null : anchorS + e.withinS;
    const doneS = this.actionTimes.get(e.action) ?? null;
    let status = this.reported[i];
    if (status === 'pending' && final) status = anchorS === null ? 'not_triggered' : doneS !== null ? 'late' : 'missed';
    return { action: e.action, withinS: e.withinS, anchor: this.scenario.expectedActions[i].anchor.source, anchorS, deadlineS, doneS, status, why: e.why };
  }

  /** Author-declared ground-truth labels so far (onset/offset in scenario time). */
  labelIntervals(): LabelInterval[] {
    return this.labels.map((l) => ({ ...l }));
  }

  // ------------------------------------------------------------------ snapshot

  snapshot(): RuntimeSnapshot {
    const arr = (a: Float64Array) => Array.from(a, (x) => (x === x ? x : null));
    return {
      version: 1,
      scenarioId: this.scenario.id,
      started: this.started,
      lastTimeS: this.lastTimeS,
      timelineIdx: this.timelineIdx,
      trigSince: arr(this.trigSince),
      trigDone: Array.from(this.trigDone, (x) => x === 1),
      state: this.state,
      stateEnteredS: this.stateEnteredS,
      transSince: arr(this.transSince),
      anchorSince: arr(this.anchorSince),
      anchorS: arr(this.anchorS),
      reported: [...this.reported],
      labelSince: arr(this.labelSince),
      labelOffSince: arr(this.labelOffSince),
      labels: this.labelIntervals(),
      actionTimes: Object.fromEntries(this.actionTimes),
      conditionIds: Object.fromEntries(this.conditionIds),
    };
  }

  restore(raw: unknown): void {
    const s = raw as RuntimeSnapshot;
    if (s?.version !== 1 || s.scenarioId !== this.scenario.id) {
      throw new Error(`ScenarioRuntime.restore: snapshot is for '${String(s?.scenarioId)}' (version ${String(s?.version)}), runtime plays '${this.scenario.id}'`);
    }
    const put = (dst: Float64Array, src: (number | null)[]) => dst.forEach((_, i) => (dst[i] = src[i] ?? NaN));
    this.started = s.started;
    this.lastTimeS = s.lastTimeS;
    this.timelineIdx = s.timelineIdx;
    put(this.trigSince, s.trigSince);
    s.trigDone.forEach((d, i) => (this.trigDone[i] = d ? 1 : 0));
    this.state = s.state;
    this.stateEnteredS = s.stateEnteredS;
    put(this.transSince, s.transSince);
    put(this.anchorSince, s.anchorSince);
    put(this.anchorS, s.anchorS);
    s.reported.forEach((r, i) => (this.reported[i] = r));
    put(this.labelSince, s.labelSince);
    put(this.labelOffSince, s.labelOffSince);
    this.labels = s.labels.map((l) => ({ ...l }));
    this.labelOpen.fill(-1);
    this.labels.forEach((l, j) => {
      if (l.offsetS !== null) return;
      const i = this.labelDefs.findIndex((d) => d.label === l.label);
      if (i >= 0) this.labelOpen[i] = j;
    });
    this.actionTimes.clear();
    for (const [k, v] of Object.entries(s.actionTimes)) this.actionTimes.set(k, v);
    this.conditionIds.clear();
    for (const [k, v] of Object.entries(s.conditionIds)) this.conditionIds.set(k, v);
    this.pending = [];
  }
}

function compile(c: Condition): Compiled {
  return { fn: compileBool(c.expr), forS: c.forS, source: c.source };
}

/** The loader's intervention (already in engine units and names) as the model's spec, without empty keys. */
export function toInterventionSpec(v: Record<string, unknown>): InterventionSpec {
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = typeof x === 'object' && x !== null ? { ...x } : x;
  return out as unknown as InterventionSpec;
}

export function describeIntervention(s: InterventionSpec): string {
  const parts: string[] = [s.drug ?? s.kind.replace(/_/g, ' ')];
  if (s.doseMg !== undefined) parts.push(s.doseMg < 1 ? `${Math.round(s.doseMg * 1000)} mcg` : `${s.doseMg} mg`);
  if (s.doseUnits !== undefined) parts.push(`${s.doseUnits} units`);
  if (s.rateMcgPerKgPerMin !== undefined) parts.push(`${s.rateMcgPerKgPerMin} mcg/kg/min`);
  if (s.volumeMl !== undefined) parts.push(`${s.volumeMl} mL`);
  if (s.rateMlPerH !== undefined) parts.push(`at ${s.rateMlPerH} mL/h`);
  if (s.device !== undefined) parts.push(`by ${s.device.replace(/_/g, ' ')}`);
  if (s.flowLPerMin !== undefined) parts.push(`${s.flowLPerMin} L/min`);
  if (s.fio2 !== undefined) parts.push(`FiO2 ${s.fio2}`);
  if (s.energyJ !== undefined) parts.push(`${s.energyJ} J`);
  if (s.position !== undefined) parts.push(s.position.replace(/_/g, ' '));
  return parts.join(' ');
}
