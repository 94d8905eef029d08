/**
 * Main-process side of the Electron host. The engine runs in a separate utility process (off the UI
 * thread and off the main process); this class serves each renderer window one connection to it over
 * IPC, validating every message and its sender. Each window opens with a role (the preload passes the
 * page's request); the role is enforced HERE, by a RoleGuard per window (twin-engine/session/roles.ts),
 * never by the page. Electron's APIs are injected so that the same logic runs in the contract suite
 * against an in-memory stand-in when no Electron binary exists.
 */
import type { Subscription } from 'rxjs';
import type { CommandName, OpenRequest, Role, Session, StreamName } from '../../twin-engine/session/api';
import { RemoteSession, messageTransport } from '../../twin-engine/session/client';
import { isCommandName, isStreamName } from '../../twin-engine/session/protocol';
import { IPC, type CommandReply } from '../shared/ipc';
import { RoleAuthority, type RoleGuard } from '../../twin-engine/session/roles';
import type { SandboxLauncher } from '../../twin-engine/modules-host/sandbox-launcher';
import { SandboxBroker } from './sandbox-launcher';
import { isLabEnvelope, LAB_TAG, type LabReply, type LabStartOptions, type LabStarted } from '../shared/lab-control';

export interface WebContentsLike {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): void;
}

export interface IpcEventLike {
  sender: WebContentsLike;
  senderFrame: { url: string } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void;
  on(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => void): void;
  removeHandler(channel: string): void;
  removeAllListeners(channel: string): void;
}

export interface EngineProcessLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): void;
  on(event: 'exit', listener: (code: number) => void): void;
  kill(): boolean;
}

export interface EngineHostDeps {
  ipcMain: IpcMainLike;
  /** Start the engine process (Electron: utilityProcess.fork). */
  forkEngine(): EngineProcessLike;
  /**
   * Starts module sandbox processes on the engine's request (Electron: utilityProcessLauncher). Without
   * it every request is refused and JS/ONNX modules fail to start with that reason.
   */
  sandboxLauncher?: SandboxLauncher;
  /** Only frames that show WardTwin's own renderer may talk to the engine. */
  isTrustedUrl(url: string): boolean;
  log?(line: string): void;
}

const NO_SANDBOXES: SandboxLauncher = {
  kind: 'none',
  launch() {
    throw new Error('this host starts no module sandbox processes');
  },
};

interface Connection {
  guard: RoleGuard;
  /** renderer's subscription id → subscription */
  subs: Map<number, Subscription>;
}

export class EngineHost {
  private child: EngineProcessLike;
  /** The main process's own connection to the engine process (the only one it has): full powers. */
  private readonly engine: Session;
  private readonly authority: RoleAuthority;
  private readonly conns = new Map<WebContentsLike, Connection>();
  private exited: string | null = null;
  private readonly sandboxes: SandboxBroker;
  private markExited: (reason: string) => void = () => {};
  /** Rejects when the engine process exits: commands in flight fail with the reason. */
  private readonly exitedP = new Promise<never>((_, rej) => (this.markExited = (r) => rej(new Error(r))));

  constructor(private readonly deps: EngineHostDeps) {
    this.exitedP.catch(() => {});
    this.child = deps.forkEngine();
    // A sandbox that ends after the engine process did has nobody to tell.
    this.sandboxes = new SandboxBroker(deps.sandboxLauncher ?? NO_SANDBOXES, (ev) => this.exited === null && this.child.postMessage(ev), deps.log);
    const listeners: ((m: unknown) => void)[] = [];
    this.child.on('message', (m) => {
      if (this.sandboxes.handle(m)) return;
      if (isLabEnvelope(m)) return this.labReply(m as LabReply);
      listeners.forEach((l) => l(m));
    });
    this.child.on('exit', (code) => this.onExit(code));
    this.engine = new RemoteSession(
      messageTransport(
        {
          post: (m) => this.child.postMessage(m),
          listen: (h) => listeners.push(h),
          close: async () => void (this.exited ?? this.child.kill()),
        },
        { role: 'instructor' },
      ),
      'electron',
    );
    this.authority = new RoleAuthority(this.engine);
    this.register();
  }

  private register(): void {
    const { ipcMain } = this.deps;
    ipcMain.handle(IPC.open, async (event, req): Promise<CommandReply> => {
      const problem = this.checkSender(event);
      if (problem) return { ok: false, error: `Rejected: ${problem}` };
      try {
        const role = this.open(event.sender, req as OpenRequest);
        return { ok: true, value: role };
      } catch (err) {
        return { ok: false, error: err instanceof Error ? err.message : String(err) };
      }
    });
    ipcMain.handle(IPC.command, async (event, name, args): Promise<CommandReply> => {
      const problem = this.checkSender(event) ?? (isCommandName(name) ? null : `unknown command '${String(name)}'`) ?? (Array.isArray(args) ? null : 'arguments must be an array');
      if (problem) return { ok: false, error: `Rejected: ${problem}` };
      return this.request(name as CommandName, args as unknown[], event.sender);
    });
    ipcMain.on(IPC.subscribe, (event, localId, stream, filter) => {
      if (this.checkSender(event) || !Number.isInteger(localId) || !isStreamName(stream)) {
        this.deps.log?.(`rejected subscribe from ${event.senderFrame?.url ?? 'unknown frame'}`);
        return;
      }
      const wc = event.sender;
      const conn = this.conns.get(wc);
      const id = localId as number;
      const fail = (error: string) => !wc.isDestroyed() && wc.send(IPC.streamError, id, error);
      if (!conn) return fail('The window has not opened its connection (open with a role first)');
      conn.subs.get(id)?.unsubscribe();
      const source = conn.guard[stream as StreamName] as (f?: unknown) => import('rxjs').Observable<unknown>;
      conn.subs.set(
        id,
        source.call(conn.guard, filter ?? undefined).subscribe({
          next: (value) => !wc.isDestroyed() && wc.send(IPC.data, id, value),
          error: (err: unknown) => fail(err instanceof Error ? err.message : String(err)),
        }),
      );
    });
    ipcMain.on(IPC.unsubscribe, (event, localId) => {
      if (this.checkSender(event)) return;
      const conn = this.conns.get(event.sender);
      conn?.subs.get(localId as number)?.unsubscribe();
      conn?.subs.delete(localId as number);
    });
  }

  private open(wc: WebContentsLike, req: OpenRequest): Role {
    // Opening again (a page reload, the editor's own connection) replaces the window's connection; it
    // grants nothing more than a first open would (instructor still needs the PIN once one is set).
    const guard = this.authority.connect(req, { hostKind: 'electron' });
    const known = this.conns.has(wc);
    this.dropRenderer(wc);
    this.conns.set(wc, { guard, subs: new Map() });
    if (!known) wc.once('destroyed', () => this.dropRenderer(wc));
    return req.role;
  }

  private checkSender(event: IpcEventLike): string | null {
    const url = event.senderFrame?.url;
    if (!url || !this.deps.isTrustedUrl(url)) return `sender '${url ?? 'unknown'}' is not WardTwin's window`;
    return null;
  }

  /**
   * Run a command on behalf of a window (its role applies), e.g. from the application menu. Resolves
   * with the engine's reply or refusal, never rejects.
   */
  async request(name: CommandName, args: unknown[], wc: WebContentsLike): Promise<CommandReply> {
    if (this.exited) return { ok: false, error: this.exited };
    const conn = this.conns.get(wc);
    if (!conn) return { ok: false, error: 'The window has not opened its connection (open with a role first)' };
    const fn = conn.guard[name] as (...a: unknown[]) => Promise<unknown>;
    try {
      const value = await Promise.race([fn.apply(conn.guard, args), this.exitedP]);
      return { ok: true, value: value ?? null };
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
  }

  private nextLabId = 1;
  private readonly labPending = new Map<number, { resolve(v: LabStarted | null): void; reject(e: Error): void }>();

  private labReply(r: LabReply): void {
    const p = this.labPending.get(r.id);
    if (!p) return;
    this.labPending.delete(r.id);
    if (r.ok) p.resolve(r.value);
    else p.reject(new Error(r.error));
  }

  private labRequest(req: { op: 'start'; opts: LabStartOptions } | { op: 'stop'; reason?: string }): Promise<LabStarted | null> {
    if (this.exited) return Promise.reject(new Error(this.exited));
    const id = this.nextLabId++;
    const reply = new Promise<LabStarted | null>((resolve, reject) => this.labPending.set(id, { resolve, reject }));
    this.child.postMessage({ ...req, tag: LAB_TAG, id });
    return Promise.race([reply, this.exitedP]);
  }

  /**
   * Host a lab from the app: the engine process starts the network host (the same code as `wardtwin lab
   * serve`) on its session, so the students join the ward the app shows. Resolves with the address, the
   * join code and the instructor key; rejects with the reason (a port in use, a lab already running).
   */
  async startLab(opts: LabStartOptions = {}): Promise<LabStarted> {
    return (await this.labRequest({ op: 'start', opts })) as LabStarted;
  }

  /** End the lab: every student's connection closes with the reason; the app's own session goes on. */
  async stopLab(reason?: string): Promise<void> {
    await this.labRequest({ op: 'stop', ...(reason !== undefined ? { reason } : {}) });
  }

  private dropRenderer(wc: WebContentsLike): void {
    const conn = this.conns.get(wc);
    if (!conn) return;
    for (const s of conn.subs.values()) s.unsubscribe();
    this.conns.delete(wc);
    void conn.guard.dispose();
  }

  private onExit(code: number): void {
    this.exited = `The engine process exited (code ${code}); restart WardTwin to continue — autosaved sessions are kept`;
    this.deps.log?.(this.exited);
    this.sandboxes.dispose();
    this.markExited(this.exited);
  }

  dispose(): void {
    const { ipcMain } = this.deps;
    ipcMain.removeHandler(IPC.open);
    ipcMain.removeHandler(IPC.command);
    ipcMain.removeAllListeners(IPC.subscribe);
    ipcMain.removeAllListeners(IPC.unsubscribe);
    for (const wc of [...this.conns.keys()]) this.dropRenderer(wc);
    this.authority.dispose();
    this.sandboxes.dispose();
    if (!this.exited) this.child.kill();
  }
}
