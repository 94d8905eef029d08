/**
 * The in-process host: the engine and the session API in one JS realm. Used directly by tests and the
 * CLI, and wrapped by the Web Worker and Electron hosts (which run it on the far side of a message
 * channel). Simulated time advances only in whole physiology steps; wall time only decides how many.
 */
import { Observable, Subject, filter as rxFilter, map } from 'rxjs';
import { CHANNELS } from '../devices/index';
import { WardEngine, type WardPlan } from '../core/ward-engine';
import { ModuleHost } from '../modules-host/host';
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
  type Session,
  type SessionEvent,
  type SessionSnapshot,
  type SessionStatus,
  type Speed,
  type WardInfo,
  type WaveformChunk,
  type WaveformFilter,
} from './api';
import { WaveformInterest } from './interest';
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
}

/** Longest simulated stretch one `step()` call may ask for: a day. */
const MAX_STEP_S = 86_400;
/** Wall budget per tick at 'max' speed, leaving the host's event loop responsive. */
const MAX_SPEED_BUDGET_MS = 40;
/** A tick after a long stall (tab in background) catches up at most this much wall time. */
const MAX_CATCH_UP_MS = 250;

export class InProcessSession implements Session {
  readonly hostKind: string = 'in-process';
  private engine: WardEngine | null = null;
  private source: LoadSource | null = null;
  private runState: RunState = 'empty';
  private speed: Speed = 1;
  private readonly modules = new ModuleHost();
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
    this.now = opts.now ?? (() => performance.now());
    this.tickMs = opts.tickMs ?? 50;
  }

  // ---------------------------------------------------------------- commands

  async load(source: LoadSource): Promise<WardInfo> {
    this.assertLive();
    const plan = this.opts.loadPlan(source);
    this.halt();
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
    const engine = this.requireEngine();
    if (this.runState === 'stopped') throw new Error('The session has stopped; load a ward to start again');
    if (this.runState === 'playing') return;
    void engine;
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
    for (let i = 0; i < n; i++) {
      if (engine.step()) {
        this.onSecond();
        this.flushWaveforms();
      }
    }
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

  async expectedActions(): Promise<Record<string, ExpectedActionResult[]>> {
    const engine = this.requireEngine();
    const out: Record<string, ExpectedActionResult[]> = {};
    for (const bed of engine.beds) out[bed.bedId] = bed.scenario ? bed.scenario.score(false) : [];
    return out;
  }

  async attachModule(source: ModuleSource): Promise<ModuleInfo> {
    this.assertLive();
    if (source.kind !== 'builtin') throw new Error(`Unsupported module source '${(source as { kind: string }).kind}'`);
    const info = this.modules.attachBuiltin(source.id);
    this.emit({ type: 'module', simTimeS: this.engine?.simTimeS ?? 0, moduleId: info.moduleId, status: 'running', message: `attached ${info.name} ${info.version}` });
    return info;
  }

  async detachModule(moduleId: string): Promise<void> {
    this.modules.detach(moduleId);
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
      modules: this.modules.list(),
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
    if (this.runState !== 'playing' || !this.engine) return;
    const engine = this.engine;
    const now = this.now();
    const wallMs = Math.min(now - this.lastWallMs, MAX_CATCH_UP_MS);
    this.lastWallMs = now;
    const simBefore = engine.simTimeS;
    if (this.speed === 'max') {
      const deadline = now + MAX_SPEED_BUDGET_MS;
      let i = 0;
      while (true) {
        if (engine.step()) {
          this.onSecond();
          // Flush per simulated second so a fast run never buffers unbounded samples.
          this.flushWaveforms();
        }
        if (++i % 20 === 0 && this.now() > deadline) break;
      }
    } else {
      this.simDebtS += (wallMs / 1000) * this.speed;
      const n = Math.floor(this.simDebtS / engine.dtS + 1e-9);
      this.simDebtS -= n * engine.dtS;
      for (let i = 0; i < n; i++) if (engine.step()) this.onSecond();
    }
    const elapsedWall = Math.max(this.now() - now + wallMs, 1e-3);
    this.achievedFactor = (engine.simTimeS - simBefore) / (elapsedWall / 1000);
    this.flushWaveforms();
    this.flushEvents();
    this.emitClock();
    this.scheduleTick(this.speed === 'max' ? 0 : this.tickMs);
  };

  private scheduleTick(ms: number): void {
    if (this.timer === null) this.timer = setTimeout(this.tick, ms);
  }

  private halt(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  /** The 1 Hz boundary: numerics frames, modules, and the second's events. */
  private onSecond(): void {
    const engine = this.engine as WardEngine;
    const t = engine.simTimeS;
    const wantTruth = this.truthSubscribers > 0;
    for (const bed of engine.beds) {
      const measured = { ...bed.monitor.numerics };
      const frame: NumericsFrame = {
        bedId: bed.bedId,
        simTimeS: t,
        measured,
        alarms: bed.monitor.alarms().map((a) => ({ ...a })),
      };
      if (wantTruth) frame.truth = summariseTruth(bed.patient.state);
      this.numerics$.next(frame);
      if (this.modules.size > 0) {
        this.modules.onNumerics(
          { bedId: bed.bedId, simTimeS: t, measured },
          {
            finding: (finding) => engine.pending.push({ type: 'finding', simTimeS: t, bedId: bed.bedId, finding }),
            status: (moduleId, status, message) => engine.pending.push({ type: 'module', simTimeS: t, moduleId, status, message }),
          },
        );
      }
    }
    this.flushEvents();
  }

  private flushWaveforms(): void {
    const engine = this.engine;
    if (!engine) return;
    for (const bed of engine.beds) {
      const mon = bed.monitor;
      for (const ch of this.interest.channelsFor(bed.bedId)) {
        const pending = mon.pendingSamples(ch);
        if (pending === 0) continue;
        const rate = CHANNELS[ch].sampleRateHz;
        const t0S = mon.timeS - pending / rate;
        this.waveforms$.next({ bedId: bed.bedId, channel: ch, t0S, sampleRateHz: rate, samples: mon.drain(ch) });
      }
    }
  }

  private flushEvents(): void {
    const engine = this.engine;
    if (!engine) return;
    const pending = engine.pending;
    if (pending.length === 0) return;
    const batch = pending.splice(0, pending.length);
    for (const ev of batch) this.events$.next(ev);
  }

  private applyInterest(): void {
    const engine = this.engine;
    if (!engine) return;
    for (const bed of engine.beds) bed.setEnabledChannels(this.interest.channelsFor(bed.bedId));
  }

  private emit(ev: SessionEvent): void {
    this.flushEvents();
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
