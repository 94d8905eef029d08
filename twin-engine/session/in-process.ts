/**
 * The in-process host: the engine and the session API in one JS realm. Used directly by tests and the
 * CLI, and wrapped by the Web Worker and Electron hosts (which run it on the far side of a message
 * channel). Simulated time advances only in whole physiology steps; wall time only decides how many.
 */
import { Observable, Subject, filter as rxFilter, map } from 'rxjs';
import { CHANNELS, CHANNEL_IDS, DEFAULT_ADULT_LIMITS, type AlarmLimits } from '../devices/index';
import { WardEngine, type WardPlan } from '../core/ward-engine';
import type { SandboxModuleHost } from '../modules-host/module-host';
import { outputsToEvents } from '../modules-host/lockstep';
import type { BedSecond, SecondBatch } from '../modules-host/inputs';
import type { ModuleLoadRecord } from '../modules-host/module-host';
import { AuditLog } from '../audit/log';
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
import { WaveformInterest } from './interest';
import { findPanel } from '../core/labs';
import { LEARNER_ACTIONS } from '../scenario/index';
import { didYouMean } from '../scenario/diagnostics';
import { summariseTruth } from './truth';
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
}

/**
 * Seconds handed to the module host per exchange when running headless. Module findings never feed back
 * into the simulation, so simulating ahead changes nothing but the cost: one sandbox round trip per 60
 * simulated seconds instead of per second.
 */
const MODULE_BATCH_S = 60;

/**
 * A simulated second whose publication waits for its module results. Everything strict lockstep would
 * have published for it, captured at the time: numerics frames, the engine's events, UI waveform chunks,
 * and the host's input.
 */
interface HeldSecond {
  frames: NumericsFrame[];
  events: SessionEvent[];
  waves: WaveformChunk[];
  input: SecondBatch;
}

/** Longest simulated stretch one `step()` call may ask for: a day. */
const MAX_STEP_S = 86_400;
/** Wall budget per tick at 'max' speed, leaving the host's event loop responsive. */
const MAX_SPEED_BUDGET_MS = 40;
/** A tick after a long stall (tab in background) catches up at most this much wall time. */
const MAX_CATCH_UP_MS = 250;

export class InProcessSession implements EngineSession {
  readonly hostKind: string = 'in-process';
  private engine: WardEngine | null = null;
  private source: LoadSource | null = null;
  private runState: RunState = 'empty';
  private speed: Speed = 1;
  private readonly modules: SandboxModuleHost | null;
  /** Per bed: samples of module-wanted channels since the last module batch. */
  private readonly moduleChunks = new Map<string, WaveformChunk[]>();
  /** Events published since the last module batch (modules see the clinician-visible ones). */
  private moduleEvents: SessionEvent[] = [];
  private readonly moduleBatchS: number;
  /** Seconds simulated ahead of the modules, in order, not yet handed to the host. */
  private held: HeldSecond[] = [];
  /** True from the first held second until its batch is published (held or in the host). */
  private holding = false;
  /** Events published (by commands) while seconds are held: they come out after the held seconds. */
  private heldLater: SessionEvent[] = [];
  private ticking = false;
  /** Hash-chained, append-only record of this session (start, scenario and seeds, modules, findings, actions). */
  private audit = new AuditLog();
  private readonly interest = new WaveformInterest();
  private truthSubscribers = 0;
  private readonly numerics$ = new Subject<NumericsFrame>();
  private readonly waveforms$ = new Subject<WaveformChunk>();
  private readonly events$ = new Subject<SessionEvent>();
  private readonly clock$ = new Subject<ClockTick>();
  private readonly now: () => number;
  private readonly tickMs: number;
  private timer: unknown = null;
  private lastWallMs = 0;
  private simDebtS = 0;
  private achievedFactor = 0;
  private disposed = false;

  constructor(private readonly opts: InProcessOptions) {
    this.modules = opts.moduleHost ?? null;
    this.now = opts.now ?? (() => performance.now());
    this.tickMs = opts.tickMs ?? 50;
    this.moduleBatchS = Math.max(1, Math.floor(opts.moduleBatchS ?? MODULE_BATCH_S));
  }

  // ---------------------------------------------------------------- commands

  async load(source: LoadSource): Promise<WardInfo> {
    this.assertLive();
    const plan = this.opts.loadPlan(source);
    this.halt();
    this.audit = new AuditLog();
    this.audit.append('session_start', 0, { app: 'wardtwin', notice: SIMULATION_NOTICE, source: source.kind === 'builtin' ? source.path : source.fileName, runSeed: source.seed ?? null });
    this.engine = new WardEngine(plan);
    this.source = source;
    this.runState = 'paused';
    this.applyInterest();
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
    this.lastWallMs = this.now();
    this.simDebtS = 0;
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
    this.simDebtS = 0;
    this.emitRunState();
  }

  async step(seconds: number): Promise<number> {
    const engine = this.requireEngine();
    if (!Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_STEP_S) {
      throw new Error(`step(seconds) needs a number of seconds in (0, ${MAX_STEP_S}]; got ${seconds}`);
    }
    const n = Math.round(seconds / engine.dtS);
    const batched = this.moduleBatchS > 1;
    for (let i = 0; i < n; i++) {
      if (engine.step()) {
        const withModules = this.modulesActive();
        if (withModules && batched) {
          // Simulate ahead; hand the host up to moduleBatchS seconds at once (publication waits for it).
          // holdSecond drains the waveforms itself.
          this.holdSecond();
          if (this.held.length >= this.moduleBatchS) await this.releaseHeld();
        } else {
          if (withModules) await this.onSecondWithModules();
          else this.onSecond();
          this.flushWaveforms();
        }
      }
    }
    await this.releaseHeld();
    this.flushWaveforms();
    this.flushEvents();
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
    this.audit.append('acknowledgement', this.engine?.simTimeS ?? 0, { who, text });
  }

  /** Module host hook: a module's files were loaded (their SHA-256 go into the audit log). */
  recordModuleLoad(rec: ModuleLoadRecord): void {
    this.audit.append('module_load', this.engine?.simTimeS ?? 0, rec);
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
    const info = await this.modules.attach(source);
    this.applyInterest();
    this.emit({
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
    };
  }

  async restore(snapshot: SessionSnapshot): Promise<WardInfo> {
    if (snapshot?.format !== 'wardtwin-session' || snapshot.version !== 1) {
      throw new Error('Not a WardTwin session snapshot (expected format "wardtwin-session", version 1)');
    }
    const ward = await this.load(snapshot.source);
    (this.engine as WardEngine).restore(snapshot.state as Parameters<WardEngine['restore']>[0]);
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
  }

  async dispose(): Promise<void> {
    this.halt();
    this.disposed = true;
    await this.modules?.dispose();
    this.numerics$.complete();
    this.waveforms$.complete();
    this.events$.complete();
    this.clock$.complete();
  }

  // ---------------------------------------------------------------- streams

  numerics(f: NumericsFilter = {}): Observable<NumericsFrame> {
    return new Observable<NumericsFrame>((sub) => {
      if (f.includeTruth) this.truthSubscribers++;
      const inner = this.numerics$
        .pipe(
          rxFilter((fr) => f.bedId === undefined || fr.bedId === f.bedId),
          map((fr) => (f.includeTruth || fr.truth === undefined ? fr : { ...fr, truth: undefined })),
        )
        .subscribe(sub);
      return () => {
        if (f.includeTruth) this.truthSubscribers--;
        inner.unsubscribe();
      };
    });
  }

  waveforms(f: WaveformFilter = {}): Observable<WaveformChunk> {
    return new Observable<WaveformChunk>((sub) => {
      const id = this.interest.add(f);
      this.applyInterest();
      const chans = f.channels ? new Set(f.channels) : null;
      const inner = this.waveforms$
        .pipe(rxFilter((c) => (f.bedId === undefined || c.bedId === f.bedId) && (chans === null || chans.has(c.channel))))
        .subscribe(sub);
      return () => {
        this.interest.remove(id);
        this.applyInterest();
        inner.unsubscribe();
      };
    });
  }

  events(): Observable<SessionEvent> {
    return this.events$.asObservable();
  }

  clock(): Observable<ClockTick> {
    return this.clock$.asObservable();
  }

  // ---------------------------------------------------------------- internals

  private tick = (): void => {
    this.timer = null;
    if (this.runState !== 'playing' || !this.engine || this.ticking) return;
    this.ticking = true;
    void this.runTick(this.engine).finally(() => {
      this.ticking = false;
      if (this.runState === 'playing') this.scheduleTick(this.speed === 'max' ? 0 : this.tickMs);
    });
  };

  /** One paced tick: as many fixed steps as the wall time and speed call for (modules awaited per second). */
  private async runTick(engine: WardEngine): Promise<void> {
    const now = this.now();
    const wallMs = Math.min(now - this.lastWallMs, MAX_CATCH_UP_MS);
    this.lastWallMs = now;
    const simBefore = engine.simTimeS;
    const withModules = this.modulesActive();
    if (this.speed === 'max') {
      const deadline = now + MAX_SPEED_BUDGET_MS;
      // At 'max' the modules get the tick's seconds in batches (at most moduleBatchS, released at the
      // latest when the tick ends): nobody is watching in real time, throughput is what matters.
      const batched = withModules && this.moduleBatchS > 1;
      let i = 0;
      while (this.runState === 'playing' && this.engine === engine) {
        if (engine.step()) {
          if (batched) {
            // holdSecond drains the waveforms itself.
            this.holdSecond();
            if (this.held.length >= this.moduleBatchS) await this.releaseHeld();
          } else {
            if (withModules) await this.onSecondWithModules();
            else this.onSecond();
            // Flush per simulated second so a fast run never buffers unbounded samples.
            this.flushWaveforms();
          }
        }
        if (++i % 20 === 0 && this.now() > deadline) break;
      }
      await this.releaseHeld();
    } else {
      this.simDebtS += (wallMs / 1000) * this.speed;
      const n = Math.floor(this.simDebtS / engine.dtS + 1e-9);
      this.simDebtS -= n * engine.dtS;
      for (let i = 0; i < n && this.runState === 'playing' && this.engine === engine; i++) {
        if (engine.step()) {
          if (withModules) await this.onSecondWithModules();
          else this.onSecond();
        }
      }
    }
    const elapsedWall = Math.max(this.now() - now + wallMs, 1e-3);
    this.achievedFactor = (engine.simTimeS - simBefore) / (elapsedWall / 1000);
    this.flushWaveforms();
    this.flushEvents();
    this.emitClock();
  }

  private scheduleTick(ms: number): void {
    if (this.timer === null) this.timer = setTimeout(this.tick, ms);
  }

  private halt(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  /** The 1 Hz boundary: numerics frames, modules, and the second's events. */
  private onSecond(): void {
    for (const frame of this.currentFrames()) this.numerics$.next(frame);
    this.flushEvents();
  }

  /** This second's numerics frame per bed (truth included while anyone subscribes to it). */
  private currentFrames(): NumericsFrame[] {
    const engine = this.engine as WardEngine;
    const t = engine.simTimeS;
    const wantTruth = this.truthSubscribers > 0;
    return engine.beds.map((bed) => {
      const frame: NumericsFrame = {
        bedId: bed.bedId,
        simTimeS: t,
        measured: { ...bed.monitor.numerics },
        alarms: bed.monitor.alarms().map((a) => ({ ...a })),
      };
      if (wantTruth) frame.truth = summariseTruth(bed.patient.state);
      return frame;
    });
  }

  private modulesActive(): boolean {
    return this.modules !== null && this.modules.size > 0;
  }

  /** The 1 Hz boundary with modules attached: frames, then the modules' second, awaited (lockstep). */
  private async onSecondWithModules(): Promise<void> {
    const engine = this.engine as WardEngine;
    const host = this.modules as SandboxModuleHost;
    const t = engine.simTimeS;
    this.onSecond();
    this.flushWaveforms();
    const events = this.moduleEvents;
    this.moduleEvents = [];
    const beds: BedSecond[] = engine.beds.map((bed) => ({
      bedId: bed.bedId,
      measured: { ...bed.monitor.numerics },
      alarms: bed.monitor.alarms().map((a) => ({ ...a })),
      waveforms: this.moduleChunks.get(bed.bedId) ?? [],
      events: events.filter((e) => 'bedId' in e && e.bedId === bed.bedId),
    }));
    this.moduleChunks.clear();
    const outputs = await host.onSecond({ simTimeS: t, beds });
    for (const ev of outputsToEvents(outputs, t)) engine.pending.push(ev);
    this.flushEvents();
  }

  /**
   * Batched lockstep, part 1 (at a 1 Hz boundary): capture everything strict lockstep
   * (onSecondWithModules) would publish for this second — frames, the engine's events, UI waveform
   * chunks — and the host's input for it, and publish NOTHING yet. Module inputs are the same as in
   * strict lockstep: the samples and events since the previous second; the first held second also gets
   * what was published since the last batch (e.g. an intervention between step() calls). The one
   * difference, a held second's events not including the previous second's findings/module events, is
   * invisible: modules are never shown those (inputs.ts visibleEvents).
   */
  private holdSecond(): void {
    const engine = this.engine as WardEngine;
    this.holding = true;
    const frames = this.currentFrames();
    const events = engine.pending.splice(0, engine.pending.length);
    const waves: WaveformChunk[] = [];
    this.flushWaveforms(waves);
    const seen = this.held.length === 0 ? [...this.moduleEvents, ...events] : events;
    this.moduleEvents = [];
    const beds: BedSecond[] = engine.beds.map((bed, i) => ({
      bedId: bed.bedId,
      measured: frames[i].measured,
      alarms: frames[i].alarms,
      waveforms: this.moduleChunks.get(bed.bedId) ?? [],
      events: seen.filter((e) => 'bedId' in e && e.bedId === bed.bedId),
    }));
    this.moduleChunks.clear();
    this.held.push({ frames, events, waves, input: { simTimeS: engine.simTimeS, beds } });
  }

  /**
   * Batched lockstep, part 2: run the held seconds through the host in one exchange, then publish them
   * in exactly the strict-lockstep order — for each second: its frames, its engine events, its UI
   * waveforms, its module outputs — then whatever commands published meanwhile. A module quarantined at
   * second t contributes nothing after t (the host's onSeconds guarantees it).
   */
  private async releaseHeld(): Promise<void> {
    if (!this.holding) return;
    const held = this.held;
    this.held = [];
    const outputs = held.length ? await (this.modules as SandboxModuleHost).onSeconds(held.map((h) => h.input)) : [];
    this.holding = false;
    held.forEach((h, k) => {
      for (const frame of h.frames) this.numerics$.next(frame);
      for (const ev of h.events) this.publish(ev);
      for (const chunk of h.waves) this.waveforms$.next(chunk);
      // As in strict lockstep, what modules are handed next starts with this second's outputs.
      this.moduleEvents = [];
      for (const ev of outputsToEvents(outputs[k], h.input.simTimeS)) this.publish(ev);
    });
    for (const ev of this.heldLater.splice(0, this.heldLater.length)) this.publish(ev);
  }

  /** Drain the shown and module-wanted channels; UI chunks go to `uiSink` when given (held seconds). */
  private flushWaveforms(uiSink?: WaveformChunk[]): void {
    const engine = this.engine;
    if (!engine) return;
    const wanted = this.modulesActive() ? (this.modules as SandboxModuleHost).wantedChannels() : [];
    for (const bed of engine.beds) {
      const mon = bed.monitor;
      const shown = this.interest.channelsFor(bed.bedId);
      for (const ch of CHANNEL_IDS) {
        const toUi = shown.includes(ch);
        const toModules = wanted.includes(ch);
        if (!toUi && !toModules) continue;
        const pending = mon.pendingSamples(ch);
        if (pending === 0) continue;
        const rate = CHANNELS[ch].sampleRateHz;
        const chunk: WaveformChunk = { bedId: bed.bedId, channel: ch, t0S: mon.timeS - pending / rate, sampleRateHz: rate, samples: mon.drain(ch) };
        if (toUi) {
          if (uiSink) uiSink.push(chunk);
          else this.waveforms$.next(chunk);
        }
        if (toModules) {
          const list = this.moduleChunks.get(bed.bedId);
          if (list) list.push(chunk);
          else this.moduleChunks.set(bed.bedId, [chunk]);
        }
      }
    }
  }

  private flushEvents(): void {
    const engine = this.engine;
    if (!engine) return;
    const pending = engine.pending;
    if (pending.length === 0) return;
    const batch = pending.splice(0, pending.length);
    for (const ev of batch) this.publish(ev);
  }

  private applyInterest(): void {
    const engine = this.engine;
    if (!engine) return;
    const wanted = this.modules?.wantedChannels() ?? [];
    for (const bed of engine.beds) {
      const shown = this.interest.channelsFor(bed.bedId);
      bed.setEnabledChannels(CHANNEL_IDS.filter((c) => shown.includes(c) || wanted.includes(c)));
    }
  }

  private emit(ev: SessionEvent): void {
    this.flushEvents();
    this.publish(ev);
  }

  private publish(ev: SessionEvent): void {
    // While seconds are held, anything published now (a command during step()) comes after them.
    if (this.holding) {
      this.heldLater.push(ev);
      return;
    }
    auditSessionEvent(this.audit, ev);
    if (this.modulesActive()) this.moduleEvents.push(ev);
    this.events$.next(ev);
  }

  private emitRunState(): void {
    this.emit({ type: 'run_state', simTimeS: this.engine?.simTimeS ?? 0, runState: this.runState, speed: this.speed });
  }

  private emitClock(): void {
    this.clock$.next({
      simTimeS: this.engine?.simTimeS ?? 0,
      speed: this.speed,
      runState: this.runState,
      achievedFactor: this.runState === 'playing' ? this.achievedFactor : 0,
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

  private requireEngine(): WardEngine {
    this.assertLive();
    if (!this.engine) throw new Error('No ward is loaded: call load() first');
    return this.engine;
  }

  private assertLive(): void {
    if (this.disposed) throw new Error('This session has been disposed');
  }
}
