/**
 * The in-process host: the engine and the session API in one JS realm. Used directly by tests and the
 * CLI, and wrapped by the Web Worker and Electron hosts (which run it on the far side of a message
 * channel). Simulated time advances only in whole physiology steps; wall time only decides how many.
 */
import type { Observable } from 'rxjs';
import { CHANNELS, DEFAULT_ADULT_LIMITS, type AlarmLimits } from '../devices/index';
import { WardEngine, type WardPlan } from '../core/ward-engine';
import type { SandboxModuleHost } from '../modules-host/module-host';
import type { ModuleLoadRecord } from '../modules-host/module-host';
import { AuditLog, canonicalJson, type AuditAnchor } from '../audit/log';
import { sha256Hex } from '../audit/sha256';
import { auditSessionEvent } from '../audit/session-events';
import {
  SIMULATION_NOTICE,
  SPEEDS,
  type ClockTick,
  type ExpectedActionResult,
  type LoadSource,
  type ModuleInfo,
  type ModuleSource,
  type NumericsFilter,
  type NumericsFrame,
  type RunState,
  type EngineSession,
  type SessionEvent,
  type SessionSnapshot,
  type SessionStatus,
  type Speed,
  type WardInfo,
  type WaveformChunk,
  type WaveformFilter,
} from './api';
import { SimDriver, type SecondObserver } from './driver';
import { Pacer } from './pacing';
import { StreamHub } from './stream-hub';
import { findPanel } from '../core/labs';
import { LEARNER_ACTIONS } from '../scenario/index';
import { didYouMean } from '../scenario/diagnostics';
import type { ArtifactSettings } from '../devices/index';
import type { ConditionSpec, InterventionSpec } from '../physiology/index';

export interface InProcessOptions {
  /** Turns a load request into a ward plan (scenario parsing lives in ../scenario). */
  loadPlan(source: LoadSource): WardPlan;
  /** Wall clock in ms (injectable for tests). */
  now?: () => number;
  /** Wall interval between paced ticks while playing. */
  tickMs?: number;
  /**
   * Runs diagnostic modules sandboxed, in lockstep with simulated time (platform-specific: Node worker
   * threads and processes, or browser Web Workers). Without one, attachModule is refused.
   */
  moduleHost?: SandboxModuleHost;
  /**
   * With modules attached, `step()` (and playing at 'max' speed) simulates up to this many seconds ahead
   * of the modules and hands them to the host in one exchange (default MODULE_BATCH_S). 1 = strict
   * per-second lockstep. The published streams are identical either way (see holdSecond).
   */
  moduleBatchS?: number;
  /**
   * A fresh id for each loaded session's audit log (hosts pass a random one: crypto.randomUUID). Without
   * it the id is derived from the source and the load count, so a seeded headless run stays byte-identical.
   */
  newSessionId?: () => string;
  /** HMAC key that signs the audit log's seal (per installation or lab); unsigned without one. */
  auditKey?: Uint8Array | string;
}

/**
 * Seconds handed to the module host per exchange when running headless. Module findings never feed back
 * into the simulation, so simulating ahead changes nothing but the cost: one sandbox round trip per 60
 * simulated seconds instead of per second.
 */
const MODULE_BATCH_S = 60;

/** Longest simulated stretch one `step()` call may ask for: a day. */
const MAX_STEP_S = 86_400;
/** At 'max' speed, the wall deadline is checked every this many steps. */
const DEADLINE_CHECK_STEPS = 20;

export class InProcessSession implements EngineSession {
  readonly hostKind: string = 'in-process';
  private engine: WardEngine | null = null;
  private source: LoadSource | null = null;
  private runState: RunState = 'empty';
  private speed: Speed = 1;
  private readonly modules: SandboxModuleHost | null;
  private readonly moduleBatchS: number;
  /** The one simulation loop, for the loaded ward. */
  private driver: SimDriver | null = null;
  /** Per-second observers (device internals, e.g. export's beats), kept across loads. */
  private readonly observers: SecondObserver[] = [];
  private ticking = false;
  /** Hash-chained, append-only record of this session (start, scenario and seeds, modules, findings, actions). */
  private audit = new AuditLog({ session: 'none' });
  private loads = 0;
  private readonly hub = new StreamHub(() => this.applyInterest());
  private readonly now: () => number;
  private readonly tickMs: number;
  private timer: unknown = null;
  private pacer = new Pacer(0.1);
  private disposed = false;

  constructor(private readonly opts: InProcessOptions) {
    this.modules = opts.moduleHost ?? null;
    this.now = opts.now ?? (() => performance.now());
    this.tickMs = opts.tickMs ?? 50;
    this.moduleBatchS = Math.max(1, Math.floor(opts.moduleBatchS ?? MODULE_BATCH_S));
  }

  /**
   * In-process only (not part of the Session API): watch every simulated second with the engine in
   * hand, before that second is drained or published — for consumers that need device-internal data
   * from the SAME run (export: the monitor's beats for WFDB annotations). `start` sees the engine once,
   * now (a ward must be loaded). Returns the unsubscribe.
   */
  observeSeconds(fn: SecondObserver, start?: SecondObserver): () => void {
    if (start) start(this.requireEngine());
    this.observers.push(fn);
    return () => {
      const i = this.observers.indexOf(fn);
      if (i >= 0) this.observers.splice(i, 1);
    };
  }

  // ---------------------------------------------------------------- commands

  async load(source: LoadSource): Promise<WardInfo> {
    this.assertLive();
    const plan = this.opts.loadPlan(source);
    this.halt();
    this.loads++;
    this.audit = new AuditLog({ session: this.opts.newSessionId?.() ?? `s-${sha256Hex(canonicalJson({ source, load: this.loads })).slice(0, 24)}` });
    this.audit.append('session_start', 0, { app: 'wardtwin', notice: SIMULATION_NOTICE, source: source.kind === 'builtin' ? source.path : source.fileName, runSeed: source.seed ?? null });
    const engine = new WardEngine(plan);
    this.engine = engine;
    this.pacer = new Pacer(engine.dtS);
    this.driver = new SimDriver(engine, {
      sink: { frame: (f) => this.hub.frame(f), waveform: (c) => this.hub.waveform(c), event: (e) => this.deliver(e) },
      modules: this.modules,
      moduleBatchS: this.moduleBatchS,
      wantTruth: () => this.hub.wantsTruth,
      shownChannels: (bedId) => this.hub.channelsFor(bedId),
      observers: this.observers,
    });
    this.source = source;
    this.runState = 'paused';
    const ward = this.wardInfo();
    this.emit({ type: 'ward_loaded', simTimeS: 0, ward });
    this.emitRunState();
    return ward;
  }

  async play(): Promise<void> {
    this.requireEngine();
    if (this.runState === 'stopped') throw new Error('The session has stopped; load a ward to start again');
    if (this.runState === 'playing') return;
    this.runState = 'playing';
    this.pacer.start(this.now());
    this.emitRunState();
    this.scheduleTick(0);
  }

  async pause(): Promise<void> {
    this.requireEngine();
    if (this.runState !== 'playing') return;
    this.halt();
    this.runState = 'paused';
    this.emitRunState();
    this.emitClock();
  }

  async setSpeed(speed: Speed): Promise<void> {
    if (!(SPEEDS as readonly unknown[]).includes(speed)) {
      throw new Error(`Speed must be one of ${SPEEDS.join(', ')}; got ${String(speed)}`);
    }
    this.speed = speed;
    this.pacer.resetDebt();
    this.emitRunState();
  }

  async step(seconds: number): Promise<number> {
    const engine = this.requireEngine();
    if (!Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_STEP_S) {
      throw new Error(`step(seconds) needs a number of seconds in (0, ${MAX_STEP_S}]; got ${seconds}`);
    }
    await this.requireDriver().run(Math.round(seconds / engine.dtS), { batch: true });
    this.emitClock();
    return engine.simTimeS;
  }

  async applyIntervention(bedId: string, spec: InterventionSpec, by: 'learner' | 'instructor' = 'learner'): Promise<void> {
    const engine = this.requireEngine();
    const bed = engine.bed(bedId);
    bed.patient.applyIntervention(spec);
    // The scenario scores expected learner actions against what was actually given.
    if (by === 'learner') bed.scenario?.recordIntervention(spec);
    this.emit({ type: 'intervention', simTimeS: engine.simTimeS, bedId, spec, by });
  }

  async injectCondition(bedId: string, spec: ConditionSpec): Promise<string> {
    const engine = this.requireEngine();
    const conditionId = engine.bed(bedId).patient.startCondition(spec);
    this.emit({ type: 'condition', simTimeS: engine.simTimeS, bedId, spec, conditionId, by: 'instructor' });
    return conditionId;
  }

  async setArtifacts(bedId: string, artifacts: ArtifactSettings): Promise<void> {
    this.requireEngine().bed(bedId).monitor.setArtifacts(artifacts);
  }

  async acknowledgeAlarm(bedId: string, alarmId: string): Promise<void> {
    const engine = this.requireEngine();
    engine.bed(bedId).monitor.acknowledge(alarmId);
    engine.collectEvents();
    this.flushEvents();
  }

  async startNibp(bedId: string): Promise<void> {
    this.requireEngine().bed(bedId).monitor.requestNibp();
  }

  async setAlarmLimits(bedId: string, limits: Partial<AlarmLimits>): Promise<AlarmLimits> {
    const engine = this.requireEngine();
    const mon = engine.bed(bedId).monitor;
    for (const [k, v] of Object.entries(limits)) {
      if (!(k in DEFAULT_ADULT_LIMITS)) throw new Error(`Unknown alarm limit '${k}'. Limits: ${Object.keys(DEFAULT_ADULT_LIMITS).join(', ')}`);
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`Alarm limit ${k} must be a finite number; got ${String(v)}`);
    }
    mon.setLimits(limits);
    this.emit({ type: 'note', simTimeS: engine.simTimeS, bedId, text: `alarm limits changed: ${Object.entries(limits).map(([k, v]) => `${k} ${v}`).join(', ')}` });
    return { ...mon.limits() };
  }

  async silenceAlarms(bedId: string, durationS: number): Promise<void> {
    const engine = this.requireEngine();
    engine.bed(bedId).monitor.silence(durationS);
    engine.collectEvents();
    this.flushEvents();
  }

  async addNote(bedId: string | null, text: string): Promise<void> {
    const engine = this.requireEngine();
    if (bedId !== null) engine.bed(bedId);
    this.emit({ type: 'note', simTimeS: engine.simTimeS, bedId, text });
  }

  async jumpToState(bedId: string, state: string): Promise<void> {
    const engine = this.requireEngine();
    const bed = engine.bed(bedId);
    if (!bed.scenario) throw new Error(`Bed '${bedId}' has no scenario to jump in`);
    bed.scenario.jumpToState(state);
    engine.collectEvents();
    this.flushEvents();
  }

  async orderLab(bedId: string, panel: string): Promise<{ orderId: string; dueS: number }> {
    const engine = this.requireEngine();
    const order = engine.orderLab(bedId, panel);
    const bed = engine.bed(bedId);
    for (const action of findPanel(panel).actions) bed.scenario?.recordLearnerAction(action);
    engine.collectEvents();
    this.flushEvents();
    return { orderId: order.orderId, dueS: order.dueS };
  }

  async recordAction(bedId: string, action: string): Promise<void> {
    const engine = this.requireEngine();
    const bed = engine.bed(bedId);
    if (!LEARNER_ACTIONS.includes(action)) {
      const hint = didYouMean(action, LEARNER_ACTIONS);
      throw new Error(`Unknown learner action '${action}'${hint ? ` (did you mean '${hint}'?)` : ''}`);
    }
    bed.scenario?.recordLearnerAction(action);
    this.emit({ type: 'learner_action', simTimeS: engine.simTimeS, bedId, action });
  }

  /** The session's audit log as JSON lines (header first); `wardtwin audit verify` checks it. */
  async auditLog(): Promise<string> {
    return this.audit.toJsonl();
  }

  /** Record the lab-session acknowledgement (simulated data only, not for clinical use). */
  async acknowledgeSimulation(who: string, text: string): Promise<void> {
    if (this.audit.isSealed()) throw new Error('The session has ended and its audit log is sealed; load a ward to start again');
    this.audit.append('acknowledgement', this.engine?.simTimeS ?? 0, { who, text });
  }

  /** Module host hook: a module's files were loaded (their SHA-256 go into the audit log). */
  recordModuleLoad(rec: ModuleLoadRecord): void {
    if (!this.audit.isSealed()) this.audit.append('module_load', this.engine?.simTimeS ?? 0, rec);
  }

  async expectedActions(): Promise<Record<string, ExpectedActionResult[]>> {
    const engine = this.requireEngine();
    const out: Record<string, ExpectedActionResult[]> = {};
    for (const bed of engine.beds) out[bed.bedId] = bed.scenario ? bed.scenario.score(false) : [];
    return out;
  }

  async attachModule(source: ModuleSource): Promise<ModuleInfo> {
    this.assertLive();
    if (!this.modules) throw new Error('This engine host cannot run diagnostic modules');
    const who = this.actor; // the attach awaits: remember who asked for it
    const info = await this.modules.attach(source);
    this.applyInterest();
    this.emit({
      ...(who !== null ? { who } : {}),
      type: 'module',
      simTimeS: this.engine?.simTimeS ?? 0,
      moduleId: info.moduleId,
      status: info.status,
      message: info.statusReason ?? `attached ${info.name} ${info.version}`,
    });
    return info;
  }

  async detachModule(moduleId: string): Promise<void> {
    if (!this.modules) throw new Error(`No module '${moduleId}' is attached`);
    await this.modules.detach(moduleId);
    this.applyInterest();
    this.emit({ type: 'module', simTimeS: this.engine?.simTimeS ?? 0, moduleId, status: 'detached', message: 'detached' });
  }

  async snapshot(): Promise<SessionSnapshot> {
    const engine = this.requireEngine();
    return {
      format: 'wardtwin-session',
      version: 1,
      provenance: `WardTwin synthetic data — ${SIMULATION_NOTICE}`,
      simTimeS: engine.simTimeS,
      speed: this.speed,
      source: this.source as LoadSource,
      state: engine.snapshot(),
      audit: this.audit.toJsonl(),
    };
  }

  async restore(snapshot: SessionSnapshot): Promise<WardInfo> {
    if (snapshot?.format !== 'wardtwin-session' || snapshot.version !== 1) {
      throw new Error('Not a WardTwin session snapshot (expected format "wardtwin-session", version 1)');
    }
    // Check the saved audit log before anything changes: a broken chain is refused, not continued.
    const audit = snapshot.audit !== undefined ? AuditLog.resume(snapshot.audit) : null;
    const ward = await this.load(snapshot.source);
    (this.engine as WardEngine).restore(snapshot.state as Parameters<WardEngine['restore']>[0]);
    if (audit) {
      // Resume continues the saved chain (acknowledgements and actions before the crash stay in it);
      // the fresh log load() began is dropped. Events after the snapshot are re-emitted as the run goes on.
      this.audit = audit;
      this.audit.append('resume', snapshot.simTimeS, { fromRecords: audit.all().length });
    }
    this.applyInterest();
    this.speed = snapshot.speed;
    this.emitClock();
    return ward;
  }

  async status(): Promise<SessionStatus> {
    return {
      runState: this.runState,
      speed: this.speed,
      simTimeS: this.engine?.simTimeS ?? 0,
      ward: this.engine ? this.wardInfo() : null,
      modules: this.modules?.list() ?? [],
    };
  }

  async stop(): Promise<void> {
    if (!this.engine) return;
    this.halt();
    this.runState = 'stopped';
    this.flushWaveforms();
    this.flushEvents();
    this.emitRunState();
    this.emitClock();
    // The session has ended: its log gets its seal (count and head hash), the anchor shown at debrief.
    this.sealAudit();
  }

  /**
   * In-process only: end the audit log with its seal (signed with `key`, else the host's auditKey) and
   * return the anchor to record outside it (run manifest). Sealing again returns the same anchor.
   */
  sealAudit(key: Uint8Array | string | undefined = this.opts.auditKey): AuditAnchor {
    return this.audit.seal(this.engine?.simTimeS ?? 0, key);
  }

  async dispose(): Promise<void> {
    this.halt();
    this.disposed = true;
    await this.modules?.dispose();
    this.hub.complete();
  }

  // ---------------------------------------------------------------- streams

  numerics(f: NumericsFilter = {}): Observable<NumericsFrame> {
    return this.hub.numerics(f);
  }

  waveforms(f: WaveformFilter = {}): Observable<WaveformChunk> {
    return this.hub.waveforms(f);
  }

  events(): Observable<SessionEvent> {
    return this.hub.events();
  }

  clock(): Observable<ClockTick> {
    return this.hub.clock();
  }

  // ---------------------------------------------------------------- internals

  private tick = (): void => {
    this.timer = null;
    if (this.runState !== 'playing' || !this.engine || this.ticking) return;
    this.ticking = true;
    void this.runTick(this.engine, this.requireDriver()).finally(() => {
      this.ticking = false;
      if (this.runState === 'playing') this.scheduleTick(this.speed === 'max' ? 0 : this.tickMs);
    });
  };

  /** One paced tick: the steps the pacer asks for, through the driver. */
  private async runTick(engine: WardEngine, driver: SimDriver): Promise<void> {
    const plan = this.pacer.plan(this.now(), this.speed);
    const simBefore = engine.simTimeS;
    const live = () => this.runState === 'playing' && this.engine === engine;
    if (plan.kind === 'max') {
      // At 'max' the modules get the tick's seconds in batches (at most moduleBatchS, released at the
      // latest when the tick ends): nobody is watching in real time, throughput is what matters.
      let overdue = false;
      await driver.run(Number.MAX_SAFE_INTEGER, {
        batch: true,
        keepGoing: () => live() && !overdue,
        yieldEverySteps: DEADLINE_CHECK_STEPS,
        yieldNow: () => {
          overdue = this.now() > plan.deadlineMs;
        },
      });
    } else {
      await driver.run(plan.steps, { batch: false, keepGoing: live });
    }
    this.pacer.done(plan, this.now(), engine.simTimeS - simBefore);
    this.emitClock();
  }

  private scheduleTick(ms: number): void {
    if (this.timer === null) this.timer = setTimeout(this.tick, ms);
  }

  private halt(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private flushEvents(): void {
    const driver = this.driver;
    if (!driver) return;
    // Acknowledgements and lab orders are raised by the ward engine during a command: they name who
    // acted here, before the driver may hold them behind buffered seconds (and runAs has returned).
    if (this.actor !== null) {
      const pending = driver.engine.pending;
      for (let i = 0; i < pending.length; i++) pending[i] = this.stamp(pending[i]);
    }
    driver.flushEvents();
  }

  private flushWaveforms(): void {
    this.driver?.flushWaveforms();
  }

  /** Channel routes change only here: load, restore, module attach/detach, waveform (un)subscribe. */
  private applyInterest(): void {
    this.driver?.refreshChannels();
  }

  private emit(ev: SessionEvent): void {
    this.flushEvents();
    this.publish(this.stamp(ev));
  }

  /** Who is acting (lab sessions: the student's name), set by runAs for the synchronous part of a command. */
  private actor: string | null = null;

  /**
   * Run a command on behalf of a named person: the events it raises (and so their audit records) name
   * them. Commands run their synchronous part at once, which is where their events are raised.
   */
  runAs<T>(who: string, call: () => Promise<T>): Promise<T> {
    const before = this.actor;
    this.actor = who;
    try {
      return call();
    } finally {
      this.actor = before;
    }
  }

  private stamp(ev: SessionEvent): SessionEvent {
    if (this.actor === null || 'who' in ev) return ev;
    switch (ev.type) {
      case 'intervention':
        return ev.by === 'learner' ? { ...ev, who: this.actor } : ev;
      case 'learner_action':
      case 'module':
        return { ...ev, who: this.actor };
      case 'lab':
        return ev.change === 'ordered' ? { ...ev, who: this.actor } : ev;
      case 'alarm':
        return ev.change === 'acknowledged' || ev.change === 'silenced' ? { ...ev, who: this.actor } : ev;
      default:
        return ev;
    }
  }

  /** Publish through the driver: while seconds are held, a command's event comes after them. */
  private publish(ev: SessionEvent): void {
    if (this.driver) this.driver.publish(ev);
    else this.deliver(ev);
  }

  private deliver(ev: SessionEvent): void {
    // After stop() the log is sealed; what a stopped session still reports is not part of its record.
    if (!this.audit.isSealed()) auditSessionEvent(this.audit, ev);
    this.hub.event(ev);
  }

  private emitRunState(): void {
    this.emit({ type: 'run_state', simTimeS: this.engine?.simTimeS ?? 0, runState: this.runState, speed: this.speed });
  }

  private emitClock(): void {
    this.hub.clockTick({
      simTimeS: this.engine?.simTimeS ?? 0,
      speed: this.speed,
      runState: this.runState,
      achievedFactor: this.runState === 'playing' ? this.pacer.achievedFactor : 0,
    });
  }

  private wardInfo(): WardInfo {
    const engine = this.engine as WardEngine;
    const channels = Object.values(CHANNELS).map((c) => ({ ...c }));
    return {
      wardId: engine.plan.wardId,
      title: engine.plan.title,
      sourceFile: engine.plan.sourceFile,
      beds: engine.plan.beds.map((b) => ({
        bedId: b.bedId,
        label: b.label,
        scenarioTitle: b.scenarioTitle,
        states: b.states ?? [],
        alarmLimits: { ...engine.bed(b.bedId).monitor.limits() },
        profile: { ...b.profile, comorbidities: [...b.profile.comorbidities] },
        seed: b.seed,
        startOffsetS: b.startOffsetS,
        channels,
      })),
    };
  }

  private requireDriver(): SimDriver {
    if (!this.driver) throw new Error('No ward is loaded: call load() first');
    return this.driver;
  }

  private requireEngine(): WardEngine {
    this.assertLive();
    if (!this.engine) throw new Error('No ward is loaded: call load() first');
    return this.engine;
  }

  private assertLive(): void {
    if (this.disposed) throw new Error('This session has been disposed');
  }
}
