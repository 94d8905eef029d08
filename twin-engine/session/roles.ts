/**
 * Roles, enforced by the host. Every host hands out connections, never the engine itself: a
 * connection is a RoleGuard over the engine session, opened with a role ('instructor' | 'student').
 * A student connection cannot subscribe to the hidden truth, cannot call instructor commands, and does
 * not receive what it is tested on (scenario titles and states, condition and truth-episode events,
 * expected actions) until the instructor releases the debrief. Hiding panels in a UI is not enough: a
 * module or a student with devtools could read anything the host sends.
 *
 * One RoleAuthority per engine holds what all its connections share (the instructor's PIN as a salted
 * hash, whether the debrief is released, what was withheld from students). A connection carries its
 * own role, and is where a later network host will plug in per-student identities and bed assignment
 * (`beds`: the beds the connection may act on; today every bed).
 */
import { Observable, Subject, distinctUntilChanged, filter, map, merge, startWith, switchMap, type Subscription } from 'rxjs';
import { sha256Hex } from '../audit/sha256';
import type { LabRoster } from './lab';
import { LabScoringLog } from './lab-scoring-log';
import type { InProcessSession } from './in-process';
import {
  COMMAND_NAMES,
  ROLES,
  type AccessInfo,
  type CommandName,
  type EngineSession,
  type LabRosterInfo,
  type Leaderboard,
  type LabGradebook,
  type ExpectedActionResult,
  type ModuleSource,
  type NumericsFilter,
  type OpenRequest,
  type Role,
  type Session,
  type SessionEvent,
  type SessionSnapshot,
  type SessionStatus,
  type WardInfo,
} from './api';

/**
 * Who may call a command:
 * - 'any': every connection;
 * - 'bed': every connection, on a bed it is assigned (argument 0 is the bed id; null = the whole ward);
 * - 'debrief': instructors, and students once the debrief is released;
 * - 'instructor': instructors only.
 */
export type Access = 'any' | 'bed' | 'debrief' | 'instructor';

/**
 * Every command's access, with the reason. Keyed by CommandName, so a command added to api.ts without
 * a decision here fails to compile.
 */
export const COMMAND_ACCESS: { readonly [K in CommandName]: readonly [Access, string] } = {
  load: ['instructor', 'chooses what students are tested on; the file and its ward name the diagnosis'],
  restore: ['instructor', 'a snapshot carries the hidden state'],
  snapshot: ['instructor', 'a snapshot carries the hidden state'],
  stop: ['instructor', 'ends the session for every connection'],
  play: ['instructor', 'the simulation clock is shared by every connection'],
  pause: ['instructor', 'the simulation clock is shared by every connection'],
  setSpeed: ['instructor', 'the simulation clock is shared by every connection'],
  step: ['instructor', 'the simulation clock is shared by every connection'],
  injectCondition: ['instructor', 'changes the patient behind the students’ backs (and names the condition)'],
  jumpToState: ['instructor', 'scenario states name the diagnosis'],
  setArtifacts: ['instructor', 'artifacts are part of the test'],
  auditLog: ['instructor', 'the audit log records injected conditions and scenario titles'],
  releaseDebrief: ['instructor', 'the instructor decides when students see the answers'],
  setInstructorPin: ['instructor', 'the PIN guards the instructor role'],
  expectedActions: ['debrief', 'the expected actions are the answers'],
  applyIntervention: ['bed', 'students treat their patients (as learner)'],
  acknowledgeAlarm: ['bed', 'bedside monitor operation'],
  silenceAlarms: ['bed', 'bedside monitor operation'],
  setAlarmLimits: ['bed', 'bedside monitor operation, on the connection’s own beds only'],
  startNibp: ['bed', 'bedside monitor operation'],
  orderLab: ['bed', 'students order labs for their patients'],
  ecg12Recording: ['bed', 'students read the ECGs they ordered (an observation, no truth in it)'],
  recordAction: ['bed', 'students record their actions'],
  addNote: ['bed', 'students keep notes on their patients or the ward'],
  attachModule: ['any', 'students test their modules (builtin or uploaded; not paths on the host’s disk)'],
  detachModule: ['any', 'students test their modules (in a lab, only their own)'],
  acknowledgeSimulation: ['any', 'everyone acknowledges the simulation notice'],
  status: ['any', 'the ward is redacted for students until the debrief'],
  requestRole: ['any', 'becoming instructor needs the instructor’s PIN'],
  access: ['any', 'a connection may know its own role'],
  labRoster: ['instructor', 'the roster names every student'],
  labRotateCode: ['instructor', 'the instructor decides who may join'],
  labRemove: ['instructor', 'the instructor decides who may stay'],
  labAssignBeds: ['instructor', 'the instructor assigns beds'],
  labAssignCopy: ['instructor', 'the instructor assigns copies of the ward'],
  labViewCopy: ['instructor', 'a copy is its student’s work'],
  labLeaderboard: ['instructor', 'the leaderboard is scored against the hidden truth'],
  labGradebook: ['instructor', 'grades every student, against the hidden truth'],
};

/** Scenario events meant for the learner: the scripted story (nurse's notes, lab results) and their own actions. */
const LEARNER_SCENARIO_KINDS: ReadonlySet<string> = new Set(['note', 'lab_result', 'learner_action']);

/** Events that name or reveal what students are tested on; withheld from them until the debrief. */
export function revealsAnswer(e: SessionEvent): boolean {
  switch (e.type) {
    case 'episode': // truth episodes: the answer itself
    case 'condition': // condition kinds (sepsis, stemi, …), injected or scripted
      return true;
    case 'scenario': // state names, triggers, labels, expected actions, the title at start…
      return !LEARNER_SCENARIO_KINDS.has(e.kind);
    case 'intervention':
      return e.by !== 'learner'; // scripted or instructor treatment hints at the diagnosis
    default:
      return false;
  }
}

/** What a student sees of a ward before the debrief: beds and their monitors, no names of scenarios. */
export function redactWard(w: WardInfo): WardInfo {
  return {
    wardId: 'ward',
    title: 'Ward',
    sourceFile: '',
    beds: w.beds.map((b) => ({ ...b, scenarioTitle: null, states: [] })),
  };
}

const PIN_ROUNDS = 2000;
const MAX_PIN_FAILURES = 5;
const LOCKOUT_MS = 30_000;

interface RandomSource {
  getRandomValues(a: Uint8Array): Uint8Array;
}

function randomSalt(): string {
  // Web Crypto exists in browsers, Web Workers, Node ≥ 19 and Electron alike.
  const c = (globalThis as unknown as { crypto?: RandomSource }).crypto;
  if (!c) throw new Error('This host has no crypto.getRandomValues: cannot store a PIN safely');
  const b = c.getRandomValues(new Uint8Array(16));
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}

function hashPin(salt: string, pin: string): string {
  // Iterated so that a leaked hash costs a little more to brute-force; a PIN is short either way, so
  // wrong attempts are also rate-limited.
  let h = sha256Hex(`${salt}:${pin}`);
  for (let i = 1; i < PIN_ROUNDS; i++) h = sha256Hex(`${salt}:${h}`);
  return h;
}

function checkPinText(pin: unknown): string {
  if (typeof pin !== 'string' || !/^\S{4,64}$/.test(pin)) throw new Error('The instructor PIN must be 4 to 64 characters without spaces');
  return pin;
}

function isRole(r: unknown): r is Role {
  return typeof r === 'string' && (ROLES as readonly string[]).includes(r);
}

/** One ward as the gradebook scores it. */
export interface ScoredWard {
  status: SessionStatus;
  events: readonly SessionEvent[];
  owners: ReadonlyMap<string, string | null>;
  expected: Record<string, ExpectedActionResult[]>;
}

/** Scoring for a lab (evaluation/lab-leaderboard.ts, lab-gradebook.ts): above the session, plugged in by the lab host. */
export interface LabScorer {
  leaderboard(status: SessionStatus, events: readonly SessionEvent[], owners: ReadonlyMap<string, string | null>): Leaderboard;
  /** The boards of the shared ward and of each student's copy, ranked together. */
  combine(boards: readonly { board: Leaderboard; copyOf: string | null }[]): Leaderboard;
  gradebook(input: ScoredWard & { students: LabRosterInfo['students']; copies?: ReadonlyMap<string, ScoredWard> }): LabGradebook;
}

/** What builds a lab copy's engine: a fresh session of the same kind, not yet loaded (the lab loads it). */
export type CopyFactory = () => InProcessSession;

/**
 * One ward the authority serves: the shared ward, or a student's copy of it (lab sessions). Each keeps
 * what was withheld from its students, its answers, its modules' owners and the events its scoring reads.
 */
export class WardView {
  withheld: SessionEvent[] = [];
  answerLog: SessionEvent[] = [];
  readonly owners = new Map<string, string | null>();
  readonly scoring = new LabScoringLog();
  /** Settles when a copy has loaded and caught up with the lab's clock (commands wait for it). */
  ready: Promise<void> = Promise.resolve();
  /** A copy: stop following the lab's clock (set once it follows). */
  unfollow: () => void = () => {};
  private readonly sub: Subscription;

  constructor(
    readonly engine: EngineSession,
    /** The student whose copy this is; null: the shared ward. */
    readonly copyOf: string | null,
    authority: RoleAuthority,
    onWardLoaded: () => void = () => {},
  ) {
    this.sub = engine.events().subscribe((e) => {
      if (e.type === 'ward_loaded') {
        onWardLoaded();
        this.withheld = [];
        this.answerLog = [];
        this.scoring.clear();
      } else if (revealsAnswer(e)) {
        this.answerLog.push(e);
        if (!authority.released) this.withheld.push(e);
      }
      if (authority.lab) this.scoring.push(e);
    });
  }

  dispose(): void {
    this.sub.unsubscribe();
  }
}

/** What a lab saves of a student's copy: its session (with the student's journal and modules), owners and scored events. */
export interface LabCopyState {
  student: string;
  session: SessionSnapshot;
  owners: [string, string | null][];
  events: SessionEvent[];
}

/** What all connections of one engine share. */
export class RoleAuthority {
  private pin: { salt: string; hash: string } | null = null;
  private failures = 0;
  private lockedUntilMs = 0;
  released = false;
  /**
   * Release notices and replays; `copy` says which ward a replayed event is from (a student's copy, or
   * null: the shared ward), and each connection takes those of the ward it is on.
   */
  readonly notices = new Subject<{ event: SessionEvent; replay: boolean; copy?: string | null }>();
  /** Lab sessions: the roster, and the tokens of students removed (their connections close). */
  lab: LabRoster | null = null;
  readonly removedTokens = new Subject<string>();
  /**
   * The shared ward: what was withheld from students since it was loaded (replayed at the release), every
   * answer-revealing event (replayed to a connection that turns instructor), who attached each module
   * (null: the instructor; modules stay attached across wards), and the events the live leaderboard scores
   * (truth included, never sent to students). Subscribed before any connection, so a new ward resets the
   * release before connections see it.
   */
  readonly main: WardView;
  /** Lab sessions: each student's copy of the ward, by name (labAssignCopy). */
  readonly copies = new Map<string, WardView>();
  /** Lab sessions: a student was given a copy (their open connections move to it). */
  readonly copyAssigned = new Subject<string>();
  /** Lab sessions that give copies: builds a copy's engine (the lab host plugs it in). */
  copyFactory: CopyFactory | null = null;
  /** `lab serve --copies`: every student who joins gets a copy of the ward of their own. */
  copyEveryStudent = false;

  constructor(readonly engine: EngineSession) {
    this.main = new WardView(engine, null, this, () => (this.released = false));
  }

  /** Who attached each module of the shared ward (null: the instructor). */
  get moduleOwners(): Map<string, string | null> {
    return this.main.owners;
  }

  get answerLog(): SessionEvent[] {
    return this.main.answerLog;
  }

  /** The ward a connection is on: a student's own copy, the copy an instructor looks at, or the shared ward. */
  viewFor(student: string | null, looking: string | null): WardView {
    return (student !== null ? this.copies.get(student) : undefined) ?? (looking !== null ? this.copies.get(looking) : undefined) ?? this.main;
  }

  /** The lab's clock: the shared ward's session, whose ticks advance every copy (InProcessSession followers). */
  private get leader(): InProcessSession {
    const e = this.engine as Partial<InProcessSession>;
    if (typeof e.addFollower !== 'function') throw new Error(`Copies of the ward need the engine in this process (the ${this.engine.hostKind} host cannot drive copies)`);
    return this.engine as InProcessSession;
  }

  /**
   * Give a student a copy of the ward of their own: a fresh engine session of the same ward, scenario
   * and seed, run to the lab's current step and then advanced by the lab's clock with the shared ward.
   * Registered at once (commands on it wait until it has caught up); resolves when it has.
   */
  async labAssignCopy(name: unknown): Promise<void> {
    const lab = this.requireLab();
    const student = String(name);
    if (!lab.info().students.some((s) => s.name === student)) throw new Error(`No student '${student}' in this lab`);
    if (this.copies.has(student)) throw new Error(`'${student}' already works on a copy of the ward`);
    if (!this.copyFactory) throw new Error('This lab host cannot make copies of the ward (no copy factory installed)');
    const leader = this.leader;
    if (!leader.loadedSource) throw new Error('Load a ward before giving copies of it');
    const view = new WardView(this.copyFactory(), student, this);
    view.ready = leader.addFollower(view.engine as InProcessSession).then((u) => void (view.unfollow = u));
    this.copies.set(student, view);
    this.copyAssigned.next(student);
    await view.ready;
  }

  /** After a restart: a student's copy as it was saved (their actions and modules restored by the session's journal). */
  async restoreCopy(saved: LabCopyState): Promise<void> {
    if (!this.copyFactory) throw new Error('This lab host cannot make copies of the ward (no copy factory installed)');
    const view = new WardView(this.copyFactory(), saved.student, this);
    const engine = view.engine as InProcessSession;
    view.ready = (async () => {
      await engine.restore(saved.session);
      // The restore replays silently: the saved owners and scored events stand for what it does not re-emit.
      view.owners.clear();
      for (const [id, owner] of saved.owners) view.owners.set(id, owner);
      view.scoring.clear();
      for (const e of saved.events) view.scoring.push(e);
      view.unfollow = await this.leader.addFollower(engine, true);
    })();
    this.copies.set(saved.student, view);
    await view.ready;
  }

  /**
   * The lab as it saves: the shared ward's snapshot and every copy's, at the same engine step (the clock
   * held meanwhile), with each ward's module owners and scored events.
   */
  async labSnapshot(): Promise<{ session: SessionSnapshot; copies: LabCopyState[] }> {
    const views = [...this.copies.values()];
    for (const v of views) await v.ready;
    if (views.length === 0) return { session: await this.engine.snapshot(), copies: [] };
    const { own, others } = await this.leader.snapshotWith(views.map((v) => v.engine as InProcessSession));
    // Read at once after the snapshots: no run starts before the next timer (ticks are timers).
    return { session: own, copies: views.map((v, i) => ({ student: v.copyOf as string, session: others[i], owners: [...v.owners], events: [...v.scoring.list] })) };
  }

  /** End every copy's session (their audit logs sealed by the caller) and release their engines. */
  async disposeCopies(): Promise<void> {
    for (const v of this.copies.values()) {
      v.dispose();
      await v.ready.catch(() => {});
      v.unfollow();
      await v.engine.dispose();
    }
    this.copies.clear();
  }

  get pinSet(): boolean {
    return this.pin !== null;
  }

  setPin(pin: string): void {
    const salt = randomSalt();
    this.pin = { salt, hash: hashPin(salt, checkPinText(pin)) };
    this.failures = 0;
  }

  /** Throws unless `pin` is the instructor's PIN; wrong attempts are rate-limited. */
  verifyPin(pin: unknown): void {
    if (!this.pin) throw new Error('No instructor PIN is set on this host: the instructor sets one before switching to student mode');
    const now = performance.now();
    if (now < this.lockedUntilMs) throw new Error(`Too many wrong PINs: try again in ${Math.ceil((this.lockedUntilMs - now) / 1000)} s`);
    if (typeof pin !== 'string' || hashPin(this.pin.salt, pin) !== this.pin.hash) {
      this.failures++;
      if (this.failures >= MAX_PIN_FAILURES) {
        this.failures = 0;
        this.lockedUntilMs = now + LOCKOUT_MS;
      }
      throw new Error('Wrong instructor PIN');
    }
    this.failures = 0;
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    const { simTimeS } = await this.engine.status();
    this.notices.next({ event: { type: 'debrief_released', simTimeS }, replay: false });
    for (const v of [this.main, ...this.copies.values()]) {
      for (const e of v.withheld) this.notices.next({ event: e, replay: true, copy: v.copyOf });
      v.withheld = [];
    }
  }

  /** Open a connection (the handshake of every host); throws with the reason when refused. */
  connect(req: OpenRequest, opts: { hostKind?: string; onDispose?: () => Promise<void>; identity?: { name: string; token: string } } = {}): RoleGuard {
    if (typeof req !== 'object' || req === null || !isRole(req.role)) throw new Error(`Open request must name a role: one of ${ROLES.join(', ')}`);
    if (req.role === 'instructor' && this.pinSet) this.verifyPin(req.pin);
    const guard = new RoleGuard(this, req.role, opts.hostKind ?? this.engine.hostKind, opts.onDispose);
    guard.identity = opts.identity ?? null;
    return guard;
  }

  private requireLab(): LabRoster {
    if (!this.lab) throw new Error('This host is not a lab session (start one with `wardtwin lab serve`)');
    return this.lab;
  }

  labRoster(): LabRosterInfo {
    const info = this.requireLab().info();
    return { ...info, students: info.students.map((s) => ({ ...s, copy: this.copies.has(s.name) })) };
  }

  labRotateCode(): string {
    return this.requireLab().rotateCode();
  }

  labRemove(name: string): void {
    this.removedTokens.next(this.requireLab().remove(String(name)));
    // A removed student's copy stops with them (a disposed follower is no longer advanced).
    const copy = this.copies.get(String(name));
    if (copy) {
      this.copies.delete(String(name));
      copy.dispose();
      void copy.ready.catch(() => {}).then(() => {
        copy.unfollow();
        return copy.engine.dispose();
      });
    }
  }

  /**
   * Scores the lab's modules for the live leaderboard. Scoring lives above the session (evaluation/
   * lab-leaderboard.ts, the debrief's path); the lab host plugs it in.
   */
  scoreLab: LabScorer | null = null;

  /**
   * What a lab server saves beside the session's snapshot: module owners, the events the leaderboard
   * scores (a restore replays the session silently, so they would not come again) and the release.
   */
  labState(): { owners: [string, string | null][]; events: SessionEvent[]; released: boolean } {
    return { owners: [...this.moduleOwners], events: [...this.main.scoring.list], released: this.released };
  }

  /** After the session was restored from the lab's save: owners, scored events and the release as they were. */
  restoreLabState(s: { owners: [string, string | null][]; events: SessionEvent[]; released: boolean }): void {
    this.moduleOwners.clear();
    for (const [id, owner] of s.owners) this.moduleOwners.set(id, owner);
    this.main.scoring.clear();
    for (const e of s.events) this.main.scoring.push(e);
    if (s.released) {
      this.released = true;
      this.main.withheld = [];
    }
  }

  /** The modules attached since the ward was loaded, each scored on the events so far of the ward it runs on (shared, or a copy). */
  async labLeaderboard(): Promise<Leaderboard> {
    this.requireLab();
    const scorer = this.scoreLab;
    if (!scorer) throw new Error('This lab host cannot score modules (no scorer installed)');
    const st = await this.engine.status();
    if (!st.ward) throw new Error('Load a ward before asking for the leaderboard');
    const boards = [{ board: scorer.leaderboard(st, this.main.scoring.list, this.main.owners), copyOf: null as string | null }];
    for (const v of this.copies.values()) {
      await v.ready;
      const cs = await v.engine.status();
      if (cs.ward) boards.push({ board: scorer.leaderboard(cs, v.scoring.list, v.owners), copyOf: v.copyOf });
    }
    return boards.length === 1 ? boards[0].board : scorer.combine(boards);
  }

  async labGradebook(): Promise<LabGradebook> {
    const lab = this.requireLab();
    if (!this.scoreLab) throw new Error('This lab host cannot score modules (no scorer installed)');
    const status = await this.engine.status();
    if (!status.ward) throw new Error('Load a ward before exporting the gradebook');
    const expected = await this.engine.expectedActions();
    const copies = new Map<string, ScoredWard>();
    for (const v of this.copies.values()) {
      await v.ready;
      const cs = await v.engine.status();
      if (cs.ward) copies.set(v.copyOf as string, { status: cs, events: v.scoring.list, owners: v.owners, expected: await v.engine.expectedActions() });
    }
    return this.scoreLab.gradebook({ status, events: this.main.scoring.list, owners: this.moduleOwners, students: this.labRoster().students, expected, copies });
  }

  async labAssignBeds(name: unknown, bedIds: unknown): Promise<void> {
    const lab = this.requireLab();
    if (bedIds !== null && (!Array.isArray(bedIds) || bedIds.some((b) => typeof b !== 'string'))) throw new Error('Beds are assigned as a list of bed ids (e.g. ["bed-1", "bed-2"]), or null for every bed');
    if (bedIds !== null) {
      const ward = (await this.engine.status()).ward;
      if (!ward) throw new Error('Load a ward before assigning beds');
      const known = ward.beds.map((b) => b.bedId);
      const unknown = (bedIds as string[]).filter((b) => !known.includes(b));
      if (unknown.length) throw new Error(`No bed ${unknown.map((b) => `'${b}'`).join(', ')} in this ward (beds: ${known.join(', ')})`);
    }
    lab.assign(String(name), bedIds === null ? null : [...new Set(bedIds as string[])]);
  }

  dispose(): void {
    this.main.dispose();
    for (const v of this.copies.values()) v.dispose();
    this.copyAssigned.complete();
    this.notices.complete();
    this.removedTokens.complete();
  }
}

function notAssigned<T>(stream: string, bedId: string): Observable<T> {
  return new Observable<T>((sub) => sub.error(new Error(`'${stream}': bed '${bedId}' is not assigned to this connection`)));
}

/** One connection: the Session API with its role's powers. */
export class RoleGuard implements Session {
  /** Beds this connection may act on; null = every bed. In a lab, the instructor's assignment, read live. */
  get beds(): ReadonlySet<string> | null {
    const assigned = this.identity ? this.authority.lab?.bedsOf(this.identity.token) : null;
    return assigned ? new Set(assigned) : null;
  }
  /** Lab sessions: the student behind this connection (actions and acknowledgements name them). */
  identity: { name: string; token: string } | null = null;
  private readonly roleNotices = new Subject<SessionEvent>();

  constructor(
    private readonly authority: RoleAuthority,
    private role: Role,
    readonly hostKind: string,
    private readonly onDispose: () => Promise<void> = async () => {},
  ) {}

  /** Lab sessions, instructor: the student whose copy of the ward this connection looks at (labViewCopy). */
  private looking: string | null = null;
  private readonly lookChanged = new Subject<void>();

  /** The ward this connection is on: the student's own copy, the copy the instructor looks at, or the shared ward. */
  private get view(): WardView {
    return this.authority.viewFor(this.identity?.name ?? null, this.looking);
  }

  /** Lab sessions: the student whose copy of the ward this connection is on (null: the shared ward). */
  get copy(): string | null {
    return this.view.copyOf;
  }

  /** The engine of the ward this connection is on (the lab's clock stays the shared ward's: `clockEngine`). */
  private get engine(): EngineSession {
    return this.view.engine;
  }

  /** The lab's clock and what steers the whole lab (load, restore, snapshot, stop): the shared ward, which drives the copies. */
  private get clockEngine(): EngineSession {
    return this.authority.engine;
  }

  /** The view now and whenever it changes (a copy given to this student, the instructor looking elsewhere). */
  private views(): Observable<WardView> {
    return merge(this.authority.copyAssigned, this.lookChanged).pipe(
      startWith(null),
      map(() => this.view),
      distinctUntilChanged(),
    );
  }

  private get hidesAnswers(): boolean {
    return this.role === 'student' && !this.authority.released;
  }

  /** Throws when this connection may not call `name` with `args`; the message names the rule. */
  check(name: CommandName, args: readonly unknown[]): void {
    const [access, why] = COMMAND_ACCESS[name];
    if (this.role === 'instructor') return;
    if (access === 'instructor') throw new Error(`'${name}' is an instructor command (${why}); this connection is a student`);
    if (access === 'debrief' && !this.authority.released) throw new Error(`'${name}' is available to students after the instructor releases the debrief`);
    if (access === 'bed') {
      const bedId = args[0];
      if (bedId !== null && !this.seesBed(String(bedId))) throw new Error(`'${name}': bed '${String(bedId)}' is not assigned to this connection`);
    }
    if (name === 'applyIntervention' && args[2] === 'instructor') throw new Error(`'applyIntervention' as instructor is an instructor command; a student acts as learner`);
    if (name === 'attachModule' && (args[0] as ModuleSource | undefined)?.kind === 'file') throw new Error(`'attachModule' from a file path on the host is an instructor command; upload the module instead`);
  }

  private async run<T>(name: CommandName, args: unknown[], call: () => Promise<T>): Promise<T> {
    this.check(name, args);
    // A copy still being made (loading, catching up with the lab's clock): its commands wait for it.
    await this.view.ready;
    const who = this.identity?.name;
    const engine = this.engine;
    return who !== undefined && engine.runAs ? engine.runAs(who, call) : call();
  }

  load: Session['load'] = (source) => this.run('load', [source], () => this.clockEngine.load(source));
  restore: Session['restore'] = (snap) => this.run('restore', [snap], () => this.clockEngine.restore(snap));
  snapshot: Session['snapshot'] = () => this.run('snapshot', [], () => this.clockEngine.snapshot());
  stop: Session['stop'] = () => this.run('stop', [], () => this.clockEngine.stop());
  play: Session['play'] = () => this.run('play', [], () => this.clockEngine.play());
  pause: Session['pause'] = () => this.run('pause', [], () => this.clockEngine.pause());
  setSpeed: Session['setSpeed'] = (speed) => this.run('setSpeed', [speed], () => this.clockEngine.setSpeed(speed));
  step: Session['step'] = (s) => this.run('step', [s], () => this.clockEngine.step(s));
  injectCondition: Session['injectCondition'] = (b, spec) => this.run('injectCondition', [b, spec], () => this.engine.injectCondition(b, spec));
  jumpToState: Session['jumpToState'] = (b, st) => this.run('jumpToState', [b, st], () => this.engine.jumpToState(b, st));
  setArtifacts: Session['setArtifacts'] = (b, a) => this.run('setArtifacts', [b, a], () => this.engine.setArtifacts(b, a));
  auditLog: Session['auditLog'] = () => this.run('auditLog', [], () => this.engine.auditLog());
  expectedActions: Session['expectedActions'] = () => this.run('expectedActions', [], () => this.engine.expectedActions());
  applyIntervention: Session['applyIntervention'] = (b, spec, by) =>
    this.run('applyIntervention', [b, spec, by], () => this.engine.applyIntervention(b, spec, this.role === 'student' ? 'learner' : by));
  acknowledgeAlarm: Session['acknowledgeAlarm'] = (b, id) => this.run('acknowledgeAlarm', [b, id], () => this.engine.acknowledgeAlarm(b, id));
  silenceAlarms: Session['silenceAlarms'] = (b, d) => this.run('silenceAlarms', [b, d], () => this.engine.silenceAlarms(b, d));
  setAlarmLimits: Session['setAlarmLimits'] = (b, l) => this.run('setAlarmLimits', [b, l], () => this.engine.setAlarmLimits(b, l));
  startNibp: Session['startNibp'] = (b) => this.run('startNibp', [b], () => this.engine.startNibp(b));
  orderLab: Session['orderLab'] = (b, p) => this.run('orderLab', [b, p], () => this.engine.orderLab(b, p));
  ecg12Recording: Session['ecg12Recording'] = (b, o) => this.run('ecg12Recording', [b, o], () => this.engine.ecg12Recording(b, o));
  recordAction: Session['recordAction'] = (b, a) => this.run('recordAction', [b, a], () => this.engine.recordAction(b, a));
  addNote: Session['addNote'] = (b, t) => this.run('addNote', [b, t], () => this.engine.addNote(b, t));
  attachModule: Session['attachModule'] = (src) =>
    this.run('attachModule', [src], async () => {
      const owners = this.view.owners; // the ward it is attached to (the attach awaits)
      const info = await this.engine.attachModule(src);
      owners.set(info.moduleId, this.identity?.name ?? null);
      return info;
    });
  detachModule: Session['detachModule'] = (id) =>
    this.run('detachModule', [id], () => {
      // In a lab a student may detach only their own module (another's is its owner's test).
      if (this.role === 'student' && this.identity && this.view.owners.get(String(id)) !== this.identity.name) {
        throw new Error(`'detachModule': module '${String(id)}' is not yours; a student detaches only the modules they attached`);
      }
      return this.engine.detachModule(id);
    });
  labLeaderboard: Session['labLeaderboard'] = () => this.run('labLeaderboard', [], () => this.authority.labLeaderboard());
  labGradebook: Session['labGradebook'] = () => this.run('labGradebook', [], () => this.authority.labGradebook());
  acknowledgeSimulation: Session['acknowledgeSimulation'] = (w, t) => this.run('acknowledgeSimulation', [w, t], () => this.engine.acknowledgeSimulation(this.identity?.name ?? w, t));

  status: Session['status'] = () =>
    this.run('status', [], async (): Promise<SessionStatus> => {
      let st = await this.engine.status();
      // A copy is never played itself: its run state and speed are the lab clock's.
      if (this.view.copyOf !== null) {
        const clock = await this.clockEngine.status();
        st = { ...st, runState: clock.runState, speed: clock.speed };
      }
      const ward = st.ward && this.hidesAnswers ? redactWard(st.ward) : st.ward;
      if (!this.inLabAsStudent) return { ...st, ward };
      return { ...st, ward: ward && this.ownBeds(ward), modules: st.modules.filter((m) => this.ownsModule(m.moduleId)) };
    });

  /** A student in a lab: sees their own beds (when assigned) and their own modules only. */
  private get inLabAsStudent(): boolean {
    return this.role === 'student' && this.identity !== null;
  }

  private ownsModule(moduleId: string): boolean {
    return this.identity !== null && this.view.owners.get(moduleId) === this.identity.name;
  }

  /** Asked per frame and per event: reads the roster's list, no Set built per call. */
  private seesBed(bedId: string | null | undefined): boolean {
    const beds = this.identity ? this.authority.lab?.bedsOf(this.identity.token) : null;
    return !beds || bedId === null || bedId === undefined || beds.includes(bedId);
  }

  private ownBeds(w: WardInfo): WardInfo {
    return { ...w, beds: w.beds.filter((b) => this.seesBed(b.bedId)) };
  }

  /**
   * Whether this connection may see a frame: a lab student sees the numerics of their own beds. (The
   * network host's replay of missed frames asks this too.)
   */
  seesFrame(fr: { bedId: string }): boolean {
    return !this.inLabAsStudent || this.seesBed(fr.bedId);
  }

  /**
   * Whether this connection may see an event, answers aside: a lab student sees events of their own
   * beds, and findings, score values and module status of their own modules only (another student's module is theirs to
   * test, and the instructor's modules' findings would hint at the diagnosis).
   */
  seesEvent(e: SessionEvent): boolean {
    if (!this.inLabAsStudent) return true;
    if (e.type === 'module') return this.ownsModule(e.moduleId);
    if (e.type === 'finding' && !this.ownsModule(e.finding.moduleId)) return false;
    if (e.type === 'score' && !this.ownsModule(e.score.moduleId)) return false;
    return !('bedId' in e) || this.seesBed(e.bedId);
  }

  releaseDebrief: Session['releaseDebrief'] = () => this.run('releaseDebrief', [], () => this.authority.release());
  setInstructorPin: Session['setInstructorPin'] = (pin) => this.run('setInstructorPin', [pin], async () => this.authority.setPin(pin));
  access: Session['access'] = () =>
    this.run('access', [], async (): Promise<AccessInfo> => ({
      role: this.role,
      debriefReleased: this.authority.released,
      pinSet: this.authority.pinSet,
      ...(this.identity ? { name: this.identity.name, token: this.identity.token, beds: this.authority.lab?.bedsOf(this.identity.token) ?? null } : {}),
      ...(this.authority.lab ? { copy: this.view.copyOf } : {}),
    }));
  labRoster: Session['labRoster'] = () => this.run('labRoster', [], async () => this.authority.labRoster());
  labRotateCode: Session['labRotateCode'] = () => this.run('labRotateCode', [], async () => this.authority.labRotateCode());
  labAssignBeds: Session['labAssignBeds'] = (name, beds) => this.run('labAssignBeds', [name, beds], () => this.authority.labAssignBeds(name, beds));
  labRemove: Session['labRemove'] = (name) => this.run('labRemove', [name], async () => this.authority.labRemove(name));
  labAssignCopy: Session['labAssignCopy'] = (name) => this.run('labAssignCopy', [name], () => this.authority.labAssignCopy(name));
  labViewCopy: Session['labViewCopy'] = (name) =>
    this.run('labViewCopy', [name], async () => {
      if (name !== null && !this.authority.copies.has(String(name))) {
        const have = [...this.authority.copies.keys()];
        throw new Error(`'${String(name)}' has no copy of the ward${have.length ? ` (copies: ${have.join(', ')})` : ' (no student has one: labAssignCopy gives one)'}`);
      }
      this.looking = name === null ? null : String(name);
      this.lookChanged.next();
    });
  requestRole: Session['requestRole'] = (role, pin) =>
    this.run('requestRole', [role, pin], async () => {
      if (!isRole(role)) throw new Error(`Unknown role '${String(role)}': one of ${ROLES.join(', ')}`);
      if (role === this.role) return role;
      // Without a PIN the instructor role is open (anyone may open a connection as instructor then);
      // once the instructor sets one, only the PIN leads back.
      if (role === 'instructor') {
        if (this.authority.pinSet) this.authority.verifyPin(pin);
      } else if (!this.authority.pinSet) throw new Error('Set an instructor PIN first (setInstructorPin): without it nobody could leave student mode');
      this.role = role;
      const { simTimeS } = await this.engine.status();
      this.roleNotices.next({ type: 'role', simTimeS, role });
      // Back to instructor: what was withheld meanwhile (and what a student UI dropped) comes back.
      if (role === 'instructor') for (const e of this.view.answerLog) this.roleNotices.next(e);
      return role;
    });

  numerics: Session['numerics'] = (f: NumericsFilter = {}) => {
    if (f.includeTruth && this.role === 'student') {
      return new Observable((sub) => sub.error(new Error('The hidden truth is for instructors: a student connection cannot subscribe with includeTruth')));
    }
    if (f.bedId !== undefined && !this.seesFrame({ bedId: f.bedId })) return notAssigned('numerics', f.bedId);
    // A connection that turns student mid-stream stops receiving truth at once.
    return this.views().pipe(
      switchMap((v) => v.engine.numerics(f)),
      filter((fr) => this.seesFrame(fr)),
      map((fr) => (this.role === 'student' && fr.truth ? { ...fr, truth: undefined } : fr)),
    );
  };

  waveforms: Session['waveforms'] = (f) => {
    const bedId = (f as { bedId?: string } | undefined)?.bedId;
    if (bedId !== undefined && !this.seesFrame({ bedId })) return notAssigned('waveforms', bedId);
    return this.views().pipe(
      switchMap((v) => v.engine.waveforms(f)),
      filter((c) => this.seesFrame(c)),
    );
  };
  clock: Session['clock'] = () => this.clockEngine.clock();

  events: Session['events'] = () =>
    merge(
      this.views().pipe(
        switchMap((v) => v.engine.events()),
        filter((e) => !(this.hidesAnswers && revealsAnswer(e)) && this.seesEvent(e)),
        map((e) => (e.type === 'ward_loaded' && this.hidesAnswers ? { ...e, ward: redactWard(e.ward) } : e)),
        map((e) => (e.type === 'ward_loaded' && this.inLabAsStudent ? { ...e, ward: this.ownBeds(e.ward) } : e)),
      ),
      // Replays go to students only: instructors saw those events live.
      this.authority.notices.pipe(
        filter((n) => (!n.replay || (this.role === 'student' && (n.copy ?? null) === this.view.copyOf)) && this.seesEvent(n.event)),
        map((n) => n.event),
      ),
      this.roleNotices,
    );

  async dispose(): Promise<void> {
    this.roleNotices.complete();
    this.lookChanged.complete();
    await this.onDispose();
  }
}

/** Compile-time check that COMMAND_ACCESS and COMMAND_NAMES agree (and a runtime one for safety). */
for (const n of COMMAND_NAMES) if (!COMMAND_ACCESS[n]) throw new Error(`No access decision for command '${n}'`);

/**
 * The in-process host's one connection: the engine behind a role guard. Disposing the connection
 * disposes the engine. (Hosts with several connections keep one RoleAuthority and call connect.)
 */
export function guardedSession(engine: EngineSession, req: OpenRequest): Session {
  const authority = new RoleAuthority(engine);
  return authority.connect(req, {
    onDispose: async () => {
      authority.dispose();
      await engine.dispose();
    },
  });
}
