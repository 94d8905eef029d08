/**
 * A session whose engine runs elsewhere (a Web Worker, an Electron utility process), reached through a
 * small transport. Implements the same Session interface as the in-process host, so UIs and the
 * contract suite cannot tell the hosts apart.
 */
import { Observable } from 'rxjs';
import type {
  AccessInfo,
  LabRosterInfo,
  Leaderboard,
  LabGradebook,
  ClockTick,
  Ecg12Recording,
  CommandName,
  ExpectedActionResult,
  LoadSource,
  ModuleInfo,
  ModuleSource,
  NumericsFilter,
  NumericsFrame,
  OpenRequest,
  Role,
  Session,
  SessionEvent,
  SessionSnapshot,
  SessionStatus,
  Speed,
  StreamName,
  WardInfo,
  WaveformChunk,
  WaveformFilter,
} from './api';
import type { AlarmLimits, ArtifactSettings } from '../devices/index';
import type { ConditionSpec, InterventionSpec } from '../physiology/index';

export interface ClientTransport {
  /** Send a command; resolves with its value or rejects with the engine's error message. */
  request(name: CommandName, args: unknown[]): Promise<unknown>;
  subscribe(subId: number, stream: StreamName, filter: unknown): void;
  unsubscribe(subId: number): void;
  /** Deliver stream data for a subscription id. */
  onData(handler: (subId: number, value: unknown) => void): void;
  /** Deliver a subscription's error (the host refused or ended it). */
  onStreamError(handler: (subId: number, error: string) => void): void;
  close(): Promise<void>;
}

export class RemoteSession implements Session {
  private nextSubId = 1;
  private readonly handlers = new Map<number, { next: (v: unknown) => void; error: (e: Error) => void }>();

  constructor(
    private readonly transport: ClientTransport,
    readonly hostKind: string,
  ) {
    transport.onData((subId, value) => this.handlers.get(subId)?.next(value));
    transport.onStreamError((subId, error) => this.handlers.get(subId)?.error(new Error(error)));
  }

  private call<T>(name: CommandName, ...args: unknown[]): Promise<T> {
    return this.transport.request(name, args) as Promise<T>;
  }

  labRoster(): Promise<LabRosterInfo> { return this.call('labRoster'); }
  labRotateCode(): Promise<string> { return this.call('labRotateCode'); }
  labRemove(name: string): Promise<void> { return this.call('labRemove', name); }
  labAssignBeds(name: string, bedIds: string[] | null): Promise<void> { return this.call('labAssignBeds', name, bedIds); }
  labAssignCopy(name: string): Promise<void> { return this.call('labAssignCopy', name); }
  labViewCopy(name: string | null): Promise<void> { return this.call('labViewCopy', name); }
  labLeaderboard(): Promise<Leaderboard> { return this.call('labLeaderboard'); }
  labGradebook(): Promise<LabGradebook> { return this.call('labGradebook'); }
  load(source: LoadSource): Promise<WardInfo> { return this.call('load', source); }
  play(): Promise<void> { return this.call('play'); }
  pause(): Promise<void> { return this.call('pause'); }
  setSpeed(speed: Speed): Promise<void> { return this.call('setSpeed', speed); }
  step(seconds: number): Promise<number> { return this.call('step', seconds); }
  applyIntervention(bedId: string, spec: InterventionSpec, by?: 'learner' | 'instructor'): Promise<void> { return this.call('applyIntervention', bedId, spec, by); }
  injectCondition(bedId: string, spec: ConditionSpec): Promise<string> { return this.call('injectCondition', bedId, spec); }
  setArtifacts(bedId: string, artifacts: ArtifactSettings): Promise<void> { return this.call('setArtifacts', bedId, artifacts); }
  acknowledgeAlarm(bedId: string, alarmId: string): Promise<void> { return this.call('acknowledgeAlarm', bedId, alarmId); }
  startNibp(bedId: string): Promise<void> { return this.call('startNibp', bedId); }
  setAlarmLimits(bedId: string, limits: Partial<AlarmLimits>): Promise<AlarmLimits> { return this.call('setAlarmLimits', bedId, limits); }
  silenceAlarms(bedId: string, durationS: number): Promise<void> { return this.call('silenceAlarms', bedId, durationS); }
  addNote(bedId: string | null, text: string): Promise<void> { return this.call('addNote', bedId, text); }
  jumpToState(bedId: string, state: string): Promise<void> { return this.call('jumpToState', bedId, state); }
  expectedActions(): Promise<Record<string, ExpectedActionResult[]>> { return this.call('expectedActions'); }
  orderLab(bedId: string, panel: string): Promise<{ orderId: string; dueS: number }> { return this.call('orderLab', bedId, panel); }
  ecg12Recording(bedId: string, orderId: string): Promise<Ecg12Recording> { return this.call('ecg12Recording', bedId, orderId); }
  recordAction(bedId: string, action: string): Promise<void> { return this.call('recordAction', bedId, action); }
  auditLog(): Promise<string> { return this.call('auditLog'); }
  acknowledgeSimulation(who: string, text: string): Promise<void> { return this.call('acknowledgeSimulation', who, text); }
  attachModule(source: ModuleSource): Promise<ModuleInfo> { return this.call('attachModule', source); }
  detachModule(moduleId: string): Promise<void> { return this.call('detachModule', moduleId); }
  snapshot(): Promise<SessionSnapshot> { return this.call('snapshot'); }
  restore(snapshot: SessionSnapshot): Promise<WardInfo> { return this.call('restore', snapshot); }
  status(): Promise<SessionStatus> { return this.call('status'); }
  stop(): Promise<void> { return this.call('stop'); }
  releaseDebrief(): Promise<void> { return this.call('releaseDebrief'); }
  setInstructorPin(pin: string): Promise<void> { return this.call('setInstructorPin', pin); }
  requestRole(role: Role, pin?: string): Promise<Role> { return this.call('requestRole', role, pin); }
  access(): Promise<AccessInfo> { return this.call('access'); }

  numerics(filter: NumericsFilter = {}): Observable<NumericsFrame> { return this.stream('numerics', filter); }
  waveforms(filter: WaveformFilter = {}): Observable<WaveformChunk> { return this.stream('waveforms', filter); }
  events(): Observable<SessionEvent> { return this.stream('events', null); }
  clock(): Observable<ClockTick> { return this.stream('clock', null); }

  private stream<T>(name: StreamName, filter: unknown): Observable<T> {
    return new Observable<T>((sub) => {
      const subId = this.nextSubId++;
      this.handlers.set(subId, {
        next: (v) => sub.next(v as T),
        error: (e) => {
          this.handlers.delete(subId);
          sub.error(e);
        },
      });
      this.transport.subscribe(subId, name, filter);
      return () => {
        this.handlers.delete(subId);
        this.transport.unsubscribe(subId);
      };
    });
  }

  async dispose(): Promise<void> {
    this.handlers.clear();
    await this.transport.close();
  }
}

/** A transport over a postMessage-style channel speaking the protocol in ./protocol. */
export interface MessageChannelLike {
  post(msg: unknown, transfer?: ArrayBuffer[]): void;
  listen(handler: (msg: unknown) => void): void;
  close(): Promise<void>;
  /** Channels that can drop (a network socket) report it, with the reason, so nothing waits forever. */
  onLost?(handler: (reason: string) => void): void;
}

/**
 * A transport over a postMessage-style channel. The connection opens with the role in `open` (the
 * host decides: see session/roles.ts); `ready` rejects with the host's reason when it refuses.
 */
export function messageTransport(ch: MessageChannelLike, open: OpenRequest): ClientTransport & { ready: Promise<Role> } {
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let dataHandler: (subId: number, value: unknown) => void = () => {};
  let errorHandler: (subId: number, error: string) => void = () => {};
  let markReady: (r: Role) => void = () => {};
  let refuse: (e: Error) => void = () => {};
  const ready = new Promise<Role>((res, rej) => ((markReady = res), (refuse = rej)));
  ready.catch(() => {}); // callers see the refusal through their own requests
  /** Set once the channel is lost: every request in flight, every open stream and every later request fail with it. */
  let lost: string | null = null;
  const openSubs = new Set<number>();
  ch.onLost?.((reason) => {
    if (lost !== null) return;
    lost = `The connection to the session host was lost (${reason}); reconnect to continue`;
    refuse(new Error(lost));
    for (const p of pending.values()) p.reject(new Error(lost));
    pending.clear();
    for (const subId of openSubs) errorHandler(subId, lost);
    openSubs.clear();
  });
  ch.listen((raw) => {
    const m = raw as { t: string; id?: number; ok?: boolean; value?: unknown; error?: string; subId?: number; role?: Role; data?: [number, unknown][] };
    if (m.t === 'ready') ch.post({ t: 'hello', open });
    else if (m.t === 'welcome') markReady(m.role as Role);
    else if (m.t === 'refused') refuse(new Error(`The session host refused the connection: ${m.error}`));
    else if (m.t === 'suberr') {
      openSubs.delete(m.subId as number);
      errorHandler(m.subId as number, m.error as string);
    }
    else if (m.t === 'res') {
      const p = pending.get(m.id as number);
      if (!p) return;
      pending.delete(m.id as number);
      if (m.ok) p.resolve(m.value);
      else p.reject(new Error(m.error));
    } else if (m.t === 'data') dataHandler(m.subId as number, m.value);
    else if (m.t === 'batch') for (const [subId, value] of m.data as [number, unknown][]) dataHandler(subId, value);
  });
  return {
    ready,
    async request(name, args) {
      if (lost !== null) throw new Error(lost);
      await ready;
      if (lost !== null) throw new Error(lost);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        ch.post({ t: 'cmd', id, name, args });
      });
    },
    subscribe(subId, stream, filter) {
      if (lost !== null) return void queueMicrotask(() => errorHandler(subId, lost!));
      openSubs.add(subId);
      ready.then(
        () => ch.post({ t: 'sub', subId, stream, filter }),
        (e: Error) => errorHandler(subId, e.message),
      );
    },
    unsubscribe(subId) {
      openSubs.delete(subId);
      ready.then(
        () => ch.post({ t: 'unsub', subId }),
        () => {},
      );
    },
    onData(h) {
      dataHandler = h;
    },
    onStreamError(h) {
      errorHandler = h;
    },
    async close() {
      for (const p of pending.values()) p.reject(new Error('The session host was closed'));
      pending.clear();
      await ch.close();
    },
  };
}
