/**
 * The in-process host: the engine and the session API in one JS realm. Used directly by tests and the
 * CLI, and wrapped by the Web Worker and Electron hosts (which run it on the far side of a message
 * channel). Simulated time advances only in whole physiology steps; wall time only decides how many.
 */
import type { Observable } from 'rxjs';
import { CHANNELS, alarmLimitProblems, type AlarmLimits } from '../devices/index';
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
  type JournalEntry,
  type SessionEvent,
  type SessionSnapshot,
  type SnapshotModule,
  type SessionStatus,
  type Speed,
  type WardInfo,
  type WaveformChunk,
  type WaveformFilter,
} from './api';
import { SimDriver, type SecondObserver } from './driver';
import { jsonSafeSource, moduleSourceFromJson } from './module-source';
import { Pacer } from './pacing';
import { StreamHub } from './stream-hub';
import { findPanel } from '../core/labs';
import { LEARNER_ACTIONS } from '../scenario/index';
import { didYouMean } from '../scenario/diagnostics';
import type { ArtifactSettings, ChannelId, Ecg12Recording } from '../devices/index';
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
  /** The run in progress (a paced tick or step()): snapshot and module attach wait for it. */
  private busy: Promise<void> | null = null;
  /** > 0 while a module attaches/detaches: no tick starts, so the change lands on one engine step. */
  private gate = 0;
  /** Commands, module changes and shown channels since load, by engine step (SessionSnapshot.journal). */
  private journal: JournalEntry[] = [];
  /** The attached modules' sources and code identity, by moduleId (SessionSnapshot.modules). */
  private moduleIds = new Map<string, SnapshotModule>();
  /** Code hashes of module loads, by moduleId, as the host reports them (recordModuleLoad). */
  private loadHashes = new Map<string, string>();
  /** While restore() replays the journal: nothing is published or audited. */
  private replaying = false;
  /**
   * Channels shown when a restored snapshot was taken, per bed: kept generated after restore, so a
   * waveform generator is not restarted just because the new host's viewers subscribe a moment later.
   */
  private heldShown = new Map<string, ChannelId[]>();
  private lastShown = '';
  /** During a replay: the channels shown are the journal's, not this host's viewers'. */
  private journalShownOnly = false;
  /** The journal's shown channels at step 0, for the next load (a replay starts from them). */
  private initialShown: Map<string, ChannelId[]> | null = null;

  /**
   * Lab ward copies (session/lab-copies.ts): sessions of the same ward and seed that this session's
   * clock advances — the same steps, in the same tick, through each one's own SimDriver — so the lab has
   * one clock and one pacing loop. A follower is never played itself.
   */
  private readonly followers = new Set<InProcessSession>();

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
    this.journal = [];
    this.heldShown = this.initialShown ?? new Map();
    this.initialShown = null;
    this.lastShown = '';
    this.driver = new SimDriver(engine, {
      sink: {
        frame: (f) => {
          if (!this.replaying) this.hub.frame(f);
        },
        waveform: (c) => {
          if (!this.replaying) this.hub.waveform(c);
        },
        event: (e) => this.deliver(e),
      },
      modules: this.modules,
      moduleBatchS: this.moduleBatchS,
      wantTruth: () => this.hub.wantsTruth,
      shownChannels: (bedId) => this.shownChannels(bedId),
      observers: this.observers,
    });
    this.recordShown();
    this.source = source;
    this.runState = 'paused';
    const ward = this.wardInfo();
    this.emit({ type: 'ward_loaded', simTimeS: 0, ward });
    this.emitRunState();
    await this.restartModules();
    // A new ward for everyone: every copy loads the same source (same seeds) and starts from zero with it.
    for (const f of this.followers) {
      if (f.disposed) this.followers.delete(f);
      else await f.load(source);
    }
    return ward;
  }

  /** In-process only: the source of the loaded ward (a lab copy loads the same one). */
  get loadedSource(): LoadSource | null {
    return this.source;
  }

  /** In-process only: engine steps simulated since the ward was loaded (the lab clock's position). */
  get steps(): number {
    return this.engine?.steps ?? 0;
  }

  /**
   * In-process only (lab copies): make `f` follow this session's clock. Unless `loaded` (a copy restored
   * from a save), it loads this session's ward first; then it is run up to this session's step, and from
   * then on every tick and step() advances it by the same steps. Returns the unfollow.
   */
  async addFollower(f: InProcessSession, loaded = false): Promise<() => void> {
    if (f === this) throw new Error('A session cannot follow itself');
    await this.exclusive(async () => {
      if (!loaded && this.source) await f.load(this.source);
      await f.followTo(this.steps, true);
      this.followers.add(f);
    });
    return () => void this.followers.delete(f);
  }

  /**
   * In-process only: advance to engine step `steps` through this session's own driver, as the lead
   * session's clock asks (a follower never paces itself). `batch` as in RunControl: false while the lab
   * plays in real time (strict module lockstep).
   */
  async followTo(steps: number, batch: boolean): Promise<void> {
    if (!this.engine || this.disposed || this.runState === 'stopped') return;
    const engine = this.engine;
    // Counted once no other run is in progress: two calls in a row do not both run the difference.
    const ran = await this.exclusive(async () => (steps > engine.steps && this.engine === engine ? this.requireDriver().run(steps - engine.steps, { batch, keepGoing: () => this.engine === engine }) : 0));
    if (ran > 0) this.emitClock();
  }

  /** Bring every follower to this session's step (after the leader's own run, before its clock tick). */
  private async advanceFollowers(batch: boolean): Promise<void> {
    for (const f of this.followers) await f.followTo(this.steps, batch);
  }

  /**
   * Modules stay attached when a new ward loads, but not their state: they restart with it, so a ward's
   * findings depend only on that ward (and a resume can rebuild them by replaying its journal).
   */
  private async restartModules(): Promise<void> {
    const carried = [...this.moduleIds.values()];
    if (!this.modules || carried.length === 0) return;
    for (const m of carried) await this.modules.detach(m.moduleId).catch(() => {});
    this.moduleIds.clear();
    for (const m of carried) {
      await this.attachModule(moduleSourceFromJson(m.source)).catch((err: unknown) => {
        this.emit({ type: 'note', simTimeS: 0, bedId: null, text: `Module ${m.moduleId} could not be restarted with the new ward: ${err instanceof Error ? err.message : String(err)}` });
      });
    }
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
    // The copies move within the same exclusive run: nothing (a lab save) sees them behind the clock.
    await this.exclusive(async () => {
      await this.requireDriver().run(Math.round(seconds / engine.dtS), { batch: true });
      await this.advanceFollowers(true);
    });
    this.emitClock();
    return engine.simTimeS;
  }

  async applyIntervention(bedId: string, spec: InterventionSpec, by: 'learner' | 'instructor' = 'learner'): Promise<void> {
    const engine = this.requireEngine();
    const bed = engine.bed(bedId);
    bed.patient.applyIntervention(spec);
    this.record('applyIntervention', [bedId, spec, by]);
    // The scenario scores expected learner actions against what was actually given.
    if (by === 'learner') bed.scenario?.recordIntervention(spec);
    this.emit({ type: 'intervention', simTimeS: engine.simTimeS, bedId, spec, by });
  }

  async injectCondition(bedId: string, spec: ConditionSpec): Promise<string> {
    const engine = this.requireEngine();
    const conditionId = engine.bed(bedId).patient.startCondition(spec);
    this.record('injectCondition', [bedId, spec]);
    this.emit({ type: 'condition', simTimeS: engine.simTimeS, bedId, spec, conditionId, by: 'instructor' });
    return conditionId;
  }

  async setArtifacts(bedId: string, artifacts: ArtifactSettings): Promise<void> {
    this.requireEngine().bed(bedId).monitor.setArtifacts(artifacts);
    this.record('setArtifacts', [bedId, artifacts]);
  }

  async acknowledgeAlarm(bedId: string, alarmId: string): Promise<void> {
    const engine = this.requireEngine();
    engine.bed(bedId).monitor.acknowledge(alarmId);
    this.record('acknowledgeAlarm', [bedId, alarmId]);
    engine.collectEvents();
    this.flushEvents();
  }

  async startNibp(bedId: string): Promise<void> {
    this.requireEngine().bed(bedId).monitor.requestNibp();
    this.record('startNibp', [bedId]);
  }

  async setAlarmLimits(bedId: string, limits: Partial<AlarmLimits>): Promise<AlarmLimits> {
    const engine = this.requireEngine();
    const mon = engine.bed(bedId).monitor;
    // The same check the UI's alarm-limits control makes (devices/alarms.ts, one definition of the ranges).
    const problems = alarmLimitProblems(mon.limits(), limits as Record<string, unknown>);
    if (problems.length) throw new Error(`Alarm limits for ${bedId} not changed: ${problems.join(' ')}`);
    mon.setLimits(limits);
    this.record('setAlarmLimits', [bedId, limits]);
    this.emit({ type: 'note', simTimeS: engine.simTimeS, bedId, text: `alarm limits changed: ${Object.entries(limits).map(([k, v]) => `${k} ${v}`).join(', ')}` });
    return { ...mon.limits() };
  }

  async silenceAlarms(bedId: string, durationS: number): Promise<void> {
    const engine = this.requireEngine();
    engine.bed(bedId).monitor.silence(durationS);
    this.record('silenceAlarms', [bedId, durationS]);
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
    this.record('jumpToState', [bedId, state]);
    engine.collectEvents();
    this.flushEvents();
  }

  async orderLab(bedId: string, panel: string): Promise<{ orderId: string; dueS: number }> {
    const engine = this.requireEngine();
    const order = engine.orderLab(bedId, panel);
    this.record('orderLab', [bedId, panel]);
    const bed = engine.bed(bedId);
    for (const action of findPanel(panel).actions) bed.scenario?.recordLearnerAction(action);
    engine.collectEvents();
    this.flushEvents();
    return { orderId: order.orderId, dueS: order.dueS };
  }

  async ecg12Recording(bedId: string, orderId: string): Promise<Ecg12Recording> {
    return this.requireEngine().ecg12Recording(bedId, orderId);
  }

  async recordAction(bedId: string, action: string): Promise<void> {
    const engine = this.requireEngine();
    const bed = engine.bed(bedId);
    if (!LEARNER_ACTIONS.includes(action)) {
      const hint = didYouMean(action, LEARNER_ACTIONS);
      throw new Error(`Unknown learner action '${action}'${hint ? ` (did you mean '${hint}'?)` : ''}`);
    }
    bed.scenario?.recordLearnerAction(action);
    this.record('recordAction', [bedId, action]);
    this.emit({ type: 'learner_action', simTimeS: engine.simTimeS, bedId, action });
  }

  /** The session's audit log as JSON lines (header first); `wardtwin audit verify` checks it. */
  async auditLog(): Promise<string> {
    return this.audit.toJsonl();
  }

  /**
   * In-process only: the audit log's lines from record `from` on (the header line too when from = 0),
   * and where the next call starts — for writing the log progressively (`wardtwin run --out`).
   */
  auditTail(from: number): { lines: string[]; next: number } {
    const recs = this.audit.all();
    const lines = recs.slice(from).map((r) => canonicalJson(r));
    if (from === 0) lines.unshift(this.audit.header());
    return { lines, next: recs.length };
  }

  /** Record the lab-session acknowledgement (simulated data only, not for clinical use). */
  async acknowledgeSimulation(who: string, text: string): Promise<void> {
    if (this.audit.isSealed()) throw new Error('The session has ended and its audit log is sealed; load a ward to start again');
    this.audit.append('acknowledgement', this.engine?.simTimeS ?? 0, { who, text });
  }

  /** Module host hook: a module's files were loaded (their SHA-256 go into the audit log). */
  recordModuleLoad(rec: ModuleLoadRecord): void {
    this.loadHashes.set(rec.moduleId, sha256Hex(canonicalJson(rec.fileSha256)));
    if (!this.audit.isSealed() && !this.replaying) this.audit.append('module_load', this.engine?.simTimeS ?? 0, rec);
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
    const modules = this.modules;
    // No simulated time passes while the module starts: it sees its first second at the step the
    // command arrived, the same step a resume replays the attach at.
    const info = await this.exclusive(async () => {
      const info = await modules.attach(source);
      const saved = jsonSafeSource(source);
      this.record('attachModule', [saved]);
      this.moduleIds.set(info.moduleId, { moduleId: info.moduleId, name: info.name, version: info.version, source: saved, codeSha256: this.loadHashes.get(info.moduleId) ?? '' });
      return info;
    });
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
    const modules = this.modules;
    if (!modules) throw new Error(`No module '${moduleId}' is attached`);
    await this.exclusive(async () => {
      await modules.detach(moduleId);
      this.record('detachModule', [moduleId]);
      this.moduleIds.delete(moduleId);
    });
    this.applyInterest();
    this.emit({ type: 'module', simTimeS: this.engine?.simTimeS ?? 0, moduleId, status: 'detached', message: 'detached' });
  }

  async snapshot(): Promise<SessionSnapshot> {
    this.requireEngine();
    // Between runs only: mid-run, seconds may be simulated but not yet handed to the modules or
    // published (batched lockstep), and a snapshot would lose them.
    await this.idle();
    return this.snapshotNow();
  }

  /**
   * In-process only (lab saves): this session's snapshot and its followers' at the same engine step —
   * taken while the clock cannot advance (the followers move only with it) and none of them is running.
   */
  async snapshotWith(followers: readonly InProcessSession[]): Promise<{ own: SessionSnapshot; others: SessionSnapshot[] }> {
    this.requireEngine();
    return this.exclusive(async () => {
      // A student's module attach may be running on a copy: wait until none is, then take all at once.
      while (followers.some((f) => f.busy !== null)) await Promise.all(followers.map((f) => f.idle()));
      return { own: this.snapshotNow(), others: followers.map((f) => f.snapshotNow()) };
    });
  }

  private snapshotNow(): SessionSnapshot {
    const engine = this.requireEngine();
    return {
      format: 'wardtwin-session',
      version: 2,
      provenance: `WardTwin synthetic data — ${SIMULATION_NOTICE}`,
      simTimeS: engine.simTimeS,
      speed: this.speed,
      source: this.source as LoadSource,
      state: engine.snapshot(),
      audit: this.audit.toJsonl(),
      journal: this.journal.map((e) => ({ ...e, args: [...e.args] })),
      modules: [...this.moduleIds.values()].map((m) => ({ ...m })),
    };
  }

  /**
   * Restore a snapshot. Version 2 with modules: the modules the snapshot names are attached and the
   * journal is replayed from t = 0 with nothing published, so each module's internal state is what it
   * was in the saved run; the replayed engine state must equal the saved one (else the saved state is
   * used and the resume says the modules' state is approximate). Version 1: the engine state only.
   */
  async restore(snapshot: SessionSnapshot): Promise<WardInfo> {
    if (snapshot?.format !== 'wardtwin-session' || (snapshot.version !== 1 && snapshot.version !== 2)) {
      throw new Error(`Not a WardTwin session snapshot this version can restore (expected format "wardtwin-session", version 1 or 2; got ${JSON.stringify(snapshot?.format)} version ${JSON.stringify(snapshot?.version)})`);
    }
    if (snapshot.version === 2 && (!Array.isArray(snapshot.journal) || !Array.isArray(snapshot.modules))) {
      throw new Error('Session snapshot version 2 is missing its journal or module list: the file is damaged');
    }
    // Check the saved audit log before anything changes: a broken chain is refused, not continued.
    const audit = snapshot.audit !== undefined ? AuditLog.resume(snapshot.audit) : null;
    const v2 = snapshot.version === 2;
    // Nothing of the current run may still be stepping (and feeding the shared module host) while the
    // snapshot is rebuilt: stop the clock and let a run in progress finish first.
    this.halt();
    if (this.runState === 'playing') this.runState = 'paused';
    await this.idle();
    if (v2 && this.modules) {
      // The snapshot says which modules the session had: those attached here now are not part of it.
      await this.exclusive(async () => {
        for (const m of this.modules?.list() ?? []) await this.modules?.detach(m.moduleId);
      });
      this.moduleIds.clear();
    }
    const journal = v2 ? (snapshot.journal as JournalEntry[]) : [];
    const withModules = journal.some((e) => e.op === 'attachModule');
    if (withModules && !this.modules) throw new Error('This engine host cannot run diagnostic modules, and the saved session had modules attached');
    const state = snapshot.state as Parameters<WardEngine['restore']>[0];
    let ward: WardInfo;
    let replay: 'exact' | 'approximate' | 'none' = 'none';
    const notes: string[] = [];
    this.journalShownOnly = withModules;
    try {
      if (withModules) this.initialShown = shownAt(journal, 0);
      ward = await this.load(snapshot.source);
      if (withModules) replay = (await this.replay(journal, state.stepCount, notes)) && sameState((this.engine as WardEngine).snapshot(), state) ? 'exact' : 'approximate';
    } finally {
      this.journalShownOnly = false;
      this.initialShown = null;
    }
    const engine = this.engine as WardEngine;
    if (v2) {
      if (withModules) {
        if (replay === 'approximate') notes.push('the replayed run did not reach the saved state, so the modules\' state may differ from the uninterrupted run');
      }
      this.journal = journal.map((e) => ({ ...e, args: [...e.args] }));
      for (const m of snapshot.modules as SnapshotModule[]) {
        const now = this.moduleIds.get(m.moduleId);
        if (!now) notes.push(`module ${m.moduleId} could not be re-attached`);
        else if (m.codeSha256 && now.codeSha256 !== m.codeSha256) notes.push(`module ${m.moduleId} has changed since the session was saved (its files differ): findings from here on come from the new code`);
      }
      this.heldShown = shownAt(journal, Infinity);
    }
    engine.restore(state);
    if (audit) {
      // Resume continues the saved chain (acknowledgements and actions before the crash stay in it);
      // the fresh log load() began is dropped. Events after the snapshot are re-emitted as the run goes on.
      this.audit = audit;
      this.audit.append('resume', snapshot.simTimeS, { fromRecords: audit.all().length, modules: [...this.moduleIds.keys()], moduleState: replay, ...(notes.length ? { notes } : {}) });
    }
    this.applyInterest();
    this.speed = snapshot.speed;
    if (notes.length) this.emit({ type: 'note', simTimeS: engine.simTimeS, bedId: null, text: `Resume: ${notes.join('; ')}` });
    this.emitClock();
    return ward;
  }

  /** Re-run the journal up to `toStep` with nothing published; true when the engine state matched. */
  private async replay(journal: readonly JournalEntry[], toStep: number, notes: string[]): Promise<boolean> {
    const engine = this.engine as WardEngine;
    const driver = this.requireDriver();
    this.replaying = true;
    try {
      for (const e of journal) {
        if (e.step > toStep) break;
        if (e.step > engine.steps) await driver.run(e.step - engine.steps, { batch: true });
        try {
          await this.replayEntry(e);
        } catch (err) {
          // One entry that no longer applies (a module that cannot load here) does not lose the resume:
          // the saved engine state is authoritative, and the user is told.
          notes.push(`${e.op} at T+${Math.round(e.step * engine.dtS)} s could not be replayed: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      if (toStep > engine.steps) await driver.run(toStep - engine.steps, { batch: true });
    } finally {
      this.replaying = false;
    }
    return engine.steps === toStep;
  }

  private async replayEntry(e: JournalEntry): Promise<void> {
    const a = e.args as never[];
    switch (e.op) {
      case 'shown':
        this.heldShown = new Map(Object.entries(e.args[0] as Record<string, ChannelId[]>));
        this.applyInterest();
        return;
      case 'attachModule':
        await this.attachModule(moduleSourceFromJson(a[0]));
        return;
      case 'detachModule':
        await this.detachModule(a[0]);
        return;
      case 'applyIntervention':
      case 'injectCondition':
      case 'setArtifacts':
      case 'acknowledgeAlarm':
      case 'startNibp':
      case 'setAlarmLimits':
      case 'silenceAlarms':
      case 'jumpToState':
      case 'orderLab':
      case 'recordAction':
        await (this[e.op] as (...x: unknown[]) => Promise<unknown>)(...e.args);
        return;
      default:
        throw new Error(`Session snapshot journal: unknown entry '${e.op}' at step ${e.step}`);
    }
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
    if (this.gate > 0 || this.busy) {
      // A module is attaching or a step() is running: try again shortly.
      this.scheduleTick(this.tickMs);
      return;
    }
    this.ticking = true;
    const run = this.runTick(this.engine, this.requireDriver()).finally(() => {
      this.ticking = false;
      if (this.busy === run) this.busy = null;
      if (this.runState === 'playing') this.scheduleTick(this.speed === 'max' ? 0 : this.tickMs);
    });
    this.busy = run;
    void run;
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
    await this.advanceFollowers(plan.kind === 'max');
    this.pacer.done(plan, this.now(), engine.simTimeS - simBefore);
    this.emitClock();
  }

  /** Journal a command (or module/channel change) at the engine step it happened. */
  private record(op: string, args: unknown[]): void {
    if (this.engine) this.journal.push({ step: this.engine.steps, op, args: JSON.parse(JSON.stringify(args)) as unknown[] });
  }

  /** What the driver generates and shows per bed: the viewers' channels and those held since a restore. */
  private shownChannels(bedId: string): ChannelId[] {
    const held = this.heldShown.get(bedId) ?? [];
    if (this.journalShownOnly) return held;
    const hub = this.hub.channelsFor(bedId);
    return held.length === 0 ? hub : [...new Set([...hub, ...held])].sort();
  }

  private recordShown(): void {
    const engine = this.engine;
    if (!engine) return;
    const shown: Record<string, ChannelId[]> = {};
    for (const b of engine.beds) shown[b.bedId] = [...this.shownChannels(b.bedId)].sort();
    const key = JSON.stringify(shown);
    if (key === this.lastShown) return;
    this.lastShown = key;
    this.record('shown', [shown]);
  }

  /** Resolves when no run (tick or step) is in progress. */
  private async idle(): Promise<void> {
    while (this.busy) await this.busy.catch(() => {});
  }

  /** Run `fn` with no other run in progress and no tick starting meanwhile. */
  private async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    this.gate++;
    try {
      await this.idle();
      const p = fn();
      const done = p.then(
        () => {},
        () => {},
      );
      this.busy = done;
      try {
        return await p;
      } finally {
        if (this.busy === done) this.busy = null;
      }
    } finally {
      this.gate--;
    }
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
    this.recordShown();
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
    // A replay (restore) re-runs what was already published and audited: it only rebuilds state.
    if (this.replaying) return;
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

/** The channels shown per bed as of `step` (the last 'shown' journal entry at or before it). */
function shownAt(journal: readonly JournalEntry[], step: number): Map<string, ChannelId[]> {
  let last: Record<string, ChannelId[]> = {};
  for (const e of journal) if (e.op === 'shown' && e.step <= step) last = e.args[0] as Record<string, ChannelId[]>;
  return new Map(Object.entries(last));
}

/** Engine states compared as saved (a snapshot goes through JSON on its way to storage). */
function sameState(a: unknown, b: unknown): boolean {
  return canonicalJson(JSON.parse(JSON.stringify(a))) === canonicalJson(JSON.parse(JSON.stringify(b)));
}

