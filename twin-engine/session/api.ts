/**
 * The session API: the one boundary between the engine and any UI or tool.
 *
 * Commands are request → Promise; streams are RxJS Observables. Three hosts implement this interface
 * (in-process, Web Worker, Electron IPC) and all pass one contract suite (tests/contract/). Everything
 * that crosses it is structured-cloneable plain data (typed arrays for waveform samples), so the remote
 * hosts can carry it unchanged.
 */
import type { Observable } from 'rxjs';
import type { ArtifactSettings, AlarmLimits, ChannelId, Ecg12Recording } from '../devices/index';
import type { ConditionSpec, InterventionSpec } from '../physiology/index';
import type {
  ExpectedActionResult,
  LoadSource,
  ModuleInfo,
  ModuleStatus,
  NumericsFrame,
  Role,
  RunState,
  SessionEvent,
  Speed,
  WardInfo,
  WaveformChunk,
} from '../shared/session-data';

// The session's data types live one layer down (shared/), where core, audit and modules-host can use
// them without importing the session; everything above the session keeps importing them from here.
export * from '../shared/session-data';
export type { Ecg12Recording, Ecg12Lead } from '../devices/index';

export interface SessionStatus {
  runState: RunState;
  speed: Speed;
  simTimeS: number;
  ward: WardInfo | null;
  modules: ModuleInfo[];
}

export interface ClockTick {
  simTimeS: number;
  speed: Speed;
  runState: RunState;
  /** Measured simulated seconds per wall second over the last tick window. */
  achievedFactor: number;
}

/**
 * How to attach a module: 'builtin' names a reference module in modules/; 'file' a module folder or
 * manifest on disk (Node hosts); 'bundle' the module's files themselves (uploads in the browser).
 */
export type ModuleSource =
  | { kind: 'builtin'; id: string }
  | { kind: 'file'; path: string }
  | { kind: 'bundle'; manifest: string; manifestName?: string; files: Record<string, string | Uint8Array>; /** The uploaded folder's name: errors name the module by it when its manifest cannot be read. */ name?: string };

export interface SessionSnapshot {
  format: 'wardtwin-session';
  /** 1: engine state and audit only (modules restart fresh on resume). 2: adds `journal` and `modules`. */
  version: 1 | 2;
  provenance: string;
  simTimeS: number;
  speed: Speed;
  source: LoadSource;
  state: unknown;
  /** The session's audit log so far (JSON lines): resume continues its chain. */
  audit?: string;
  /**
   * v2: everything since load that changed the engine or what modules saw, at the engine step it
   * happened (commands, module attach/detach, the channels shown). Restore replays it with the modules
   * attached so their internal state is rebuilt exactly (modules-host/README.md, "Resume").
   */
  journal?: JournalEntry[];
  /** v2: the modules attached when the snapshot was taken, with the identity of their code. */
  modules?: SnapshotModule[];
}

/** One journalled change: `op` is an EngineCommands method (or 'shown': channels shown per bed). */
export interface JournalEntry {
  step: number;
  op: string;
  args: unknown[];
}

export interface SnapshotModule {
  moduleId: string;
  name: string;
  version: string;
  source: ModuleSource;
  /** SHA-256 over the module's files (name and hash of each): resume says when the code changed. */
  codeSha256: string;
}

export interface WaveformFilter {
  bedId?: string;
  channels?: readonly ChannelId[];
}

export interface NumericsFilter {
  bedId?: string;
  /** Include the hidden true state (instructor view, exports). Students' modules never get this. */
  includeTruth?: boolean;
}

/**
 * Who a connection is (type Role, in shared/). A student-role connection cannot reach what it is tested
 * on (the hidden truth, scenario titles and states, truth episodes, expected actions) until the
 * instructor releases the debrief, nor call instructor commands. The host enforces it
 * (session/roles.ts), not the UI.
 */
export const ROLES = ['instructor', 'student'] as const satisfies readonly Role[];

/** What a connection asks for when it opens (the handshake of every host). */
export interface OpenRequest {
  role: Role;
  /** The instructor's PIN, required to open as instructor once a PIN is set on the host. */
  pin?: string;
  /** Lab sessions (the network host): a student joins with the code and a name/ID, and comes back with the token it was given; the instructor opens with the instructor key as token. */
  joinCode?: string;
  name?: string;
  token?: string;
}

export interface AccessInfo {
  role: Role;
  debriefReleased: boolean;
  pinSet: boolean;
  /** In a lab session: the student's name and the token to reconnect with. */
  name?: string;
  token?: string;
  /** In a lab session: the beds this student may act on (null: not assigned, every bed). */
  beds?: string[] | null;
  /**
   * In a lab session: whose copy of the ward this connection acts on and watches (a student's own name
   * when they were given a copy; for the instructor, the copy they look at), null for the shared ward.
   */
  copy?: string | null;
}

/** A student in a lab session, as the instructor's roster shows them. */
export interface LabMember {
  name: string;
  /** Simulated time at which they first joined. */
  joinedAtS: number;
  /** Open connections (0 = dropped out, may reconnect with their token). */
  connections: number;
  /** Beds assigned by the instructor (null: none assigned yet, the student may act on every bed). */
  beds: string[] | null;
  /** Whether the student works on a copy of the ward of their own (labAssignCopy, `lab serve --copies`). */
  copy?: boolean;
}

export interface LabRosterInfo {
  /** The current join code. */
  code: string;
  students: LabMember[];
}

/** How a lab's module scores so far, on the instructor's live leaderboard (the one scoring path: evaluation/session-metrics). */
export interface LeaderboardRow {
  moduleId: string;
  name: string;
  /** The student who attached it; null when the instructor did. */
  owner: string | null;
  /** The student whose copy of the ward it ran on and was scored on; null (or absent): the shared ward. */
  copyOf?: string | null;
  status: ModuleStatus;
  /** Episode labels scored: the manifest's `detects`. */
  targets: string[];
  module: LeaderboardFigures;
  /** The bedside monitor's alarms on the same targets and beds: the baseline. */
  monitor: LeaderboardFigures;
}

export interface LeaderboardFigures {
  episodes: number;
  detected: number;
  sensitivity: number | null;
  ppv: number | null;
  falseAlarmsPerPatientHour: number | null;
  latencyMedianS: number | null;
}

export interface Leaderboard {
  simTimeS: number;
  /** Best first: most episodes detected, then fewest false alarms per patient-hour, then name. */
  rows: LeaderboardRow[];
}

/** The end-of-lab export: a CSV of every student's figures and one self-contained HTML report each. */
export interface LabGradebook {
  csv: string;
  reports: { student: string; fileName: string; html: string }[];
}

/** Commands of a connection's role (implemented by the host's guard, session/roles.ts). */
export interface RoleCommands {
  /** Instructor, lab sessions: who is in, and the join code. */
  labRoster(): Promise<LabRosterInfo>;
  /** Instructor, lab sessions: issue a new join code (students already in stay in). */
  labRotateCode(): Promise<string>;
  /**
   * Instructor, lab sessions: the beds a student (or team member) may act on, by bed id; null lifts the
   * assignment. Takes effect on the student's open connections at once.
   */
  labAssignBeds(name: string, bedIds: string[] | null): Promise<void>;
  /**
   * Instructor, lab sessions: give a student a copy of the ward of their own — the same ward, scenario
   * and seed, run to the lab's current time and driven by the lab's clock from then on. Their commands,
   * streams, modules and findings go to their copy only, at once on open connections.
   */
  labAssignCopy(name: string): Promise<void>;
  /** Instructor, lab sessions: look at (and act on) a student's copy of the ward; null: the shared ward. */
  labViewCopy(name: string | null): Promise<void>;
  /** Instructor, lab sessions: every module attached since the ward was loaded, scored against the truth so far. */
  labLeaderboard(): Promise<Leaderboard>;
  /** Instructor, lab sessions: the gradebook of the session so far (evaluation/lab-gradebook.ts). */
  labGradebook(): Promise<LabGradebook>;
  /** Instructor, lab sessions: remove a student; their connections close and their token stops working. */
  labRemove(name: string): Promise<void>;
  /** Instructor: let student connections read expected actions and truth episodes (until the next load). */
  releaseDebrief(): Promise<void>;
  /** Instructor: set the PIN a student connection must give to become instructor (kept as a salted hash). */
  setInstructorPin(pin: string): Promise<void>;
  /** Change this connection's role; becoming instructor needs the instructor's PIN. Returns the role in force. */
  requestRole(role: Role, pin?: string): Promise<Role>;
  /** This connection's role and the debrief's state. */
  access(): Promise<AccessInfo>;
}

/** The engine's commands (what InProcessSession implements; the guard adds RoleCommands). */
export interface EngineCommands {
  load(source: LoadSource): Promise<WardInfo>;
  play(): Promise<void>;
  pause(): Promise<void>;
  setSpeed(speed: Speed): Promise<void>;
  /** Advance exactly `seconds` of simulated time (paused or not), emitting every stream on the way. */
  step(seconds: number): Promise<number>;
  applyIntervention(bedId: string, spec: InterventionSpec, by?: 'learner' | 'instructor'): Promise<void>;
  injectCondition(bedId: string, spec: ConditionSpec): Promise<string>;
  setArtifacts(bedId: string, artifacts: ArtifactSettings): Promise<void>;
  acknowledgeAlarm(bedId: string, alarmId: string): Promise<void>;
  /** Start a non-invasive blood-pressure measurement now (the reading arrives after the cuff cycle). */
  startNibp(bedId: string): Promise<void>;
  /** Change a bed's alarm limits (unset ones keep their value); returns the limits now in force. */
  setAlarmLimits(bedId: string, limits: Partial<AlarmLimits>): Promise<AlarmLimits>;
  silenceAlarms(bedId: string, durationS: number): Promise<void>;
  addNote(bedId: string | null, text: string): Promise<void>;
  /** Instructor: move a bed's scenario to one of its named states (like a simulator frame). */
  jumpToState(bedId: string, state: string): Promise<void>;
  /** Learner: order a lab panel (see LAB_PANELS); the result arrives as a 'lab' event after its turnaround. */
  orderLab(bedId: string, panel: string): Promise<{ orderId: string; dueS: number }>;
  /**
   * Learner: the tracing of a resulted 12-lead ECG order (panel 'ecg_12_lead'): 10 s of twelve leads at
   * 500 Hz in microvolts. An observation like any lab result (no model truth in it).
   */
  ecg12Recording(bedId: string, orderId: string): Promise<Ecg12Recording>;
  /** Learner: record an action that does not act on the model (e.g. 'blood_cultures', 'call_for_help'). */
  recordAction(bedId: string, action: string): Promise<void>;
  /** The session's hash-chained audit log as JSON lines (verify with `wardtwin audit verify`). */
  auditLog(): Promise<string>;
  /** Record the lab-session acknowledgement (simulated data only, not for clinical use) in the audit log. */
  acknowledgeSimulation(who: string, text: string): Promise<void>;
  /** Expected learner actions and their timeliness so far, per bed (for the debrief). */
  expectedActions(): Promise<Record<string, ExpectedActionResult[]>>;
  attachModule(source: ModuleSource): Promise<ModuleInfo>;
  detachModule(moduleId: string): Promise<void>;
  snapshot(): Promise<SessionSnapshot>;
  restore(snapshot: SessionSnapshot): Promise<WardInfo>;
  status(): Promise<SessionStatus>;
  stop(): Promise<void>;
}

export interface SessionCommands extends EngineCommands, RoleCommands {}

export interface SessionStreams {
  numerics(filter?: NumericsFilter): Observable<NumericsFrame>;
  waveforms(filter?: WaveformFilter): Observable<WaveformChunk>;
  events(): Observable<SessionEvent>;
  clock(): Observable<ClockTick>;
}

/** The engine itself, with every power (in-process hosts wrap it in a role guard before handing it out). */
export interface EngineSession extends EngineCommands, SessionStreams {
  /** Which host implements this session, for diagnostics ('in-process', 'worker', 'electron'). */
  readonly hostKind: string;
  /** Release the host (terminate the worker, close IPC). */
  dispose(): Promise<void>;
  /** Run a command on behalf of a named person: its events and audit records name them (lab sessions). */
  runAs?<T>(who: string, call: () => Promise<T>): Promise<T>;
}

/** A connection to a session, with a role (session/roles.ts). */
export interface Session extends SessionCommands, SessionStreams {
  /** Which host implements this session, for diagnostics ('in-process', 'worker', 'electron'). */
  readonly hostKind: string;
  /** Release the host (terminate the worker, close IPC). */
  dispose(): Promise<void>;
}

/** The command names, in one list: the remote hosts and the Electron preload are generated from it. */
export const COMMAND_NAMES = [
  'load',
  'play',
  'pause',
  'setSpeed',
  'step',
  'applyIntervention',
  'injectCondition',
  'setArtifacts',
  'acknowledgeAlarm',
  'startNibp',
  'setAlarmLimits',
  'silenceAlarms',
  'addNote',
  'jumpToState',
  'orderLab',
  'ecg12Recording',
  'recordAction',
  'expectedActions',
  'auditLog',
  'acknowledgeSimulation',
  'attachModule',
  'detachModule',
  'snapshot',
  'restore',
  'status',
  'stop',
  'releaseDebrief',
  'setInstructorPin',
  'requestRole',
  'access',
  'labRoster',
  'labRotateCode',
  'labRemove',
  'labAssignBeds',
  'labAssignCopy',
  'labViewCopy',
  'labLeaderboard',
  'labGradebook',
] as const satisfies readonly (keyof SessionCommands)[];

export type CommandName = (typeof COMMAND_NAMES)[number];
/** Compile-time check that COMMAND_NAMES lists every command (a missing one makes this `never` fail). */
const _allCommandsListed: Exclude<keyof SessionCommands, CommandName> extends never ? true : never = true;
void _allCommandsListed;
export const STREAM_NAMES = ['numerics', 'waveforms', 'events', 'clock'] as const;
export type StreamName = (typeof STREAM_NAMES)[number];
