/**
 * Main-process side of the Electron host. The engine runs in a separate utility process (off the UI
 * thread and off the main process); this class relays the session protocol between it and renderer
 * windows over IPC, validating every message and its sender. Electron's APIs are injected so that the
 * same logic runs in the contract suite against an in-memory stand-in when no Electron binary exists.
 */
import { isCommandName, isStreamName } from '../../twin-engine/session/protocol';
import type { ServerMessage } from '../../twin-engine/session/protocol';
import { IPC, type CommandReply } from '../shared/ipc';

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
  /** Only frames that show WardTwin's own renderer may talk to the engine. */
  isTrustedUrl(url: string): boolean;
  log?(line: string): void;
}

export class EngineHost {
  private child: EngineProcessLike;
  private nextId = 1;
  private nextSubId = 1;
  private readonly pending = new Map<number, (r: CommandReply) => void>();
  /** engine-side subscription id → (renderer, renderer's subscription id) */
  private readonly routes = new Map<number, { wc: WebContentsLike; localId: number }>();
  private ready: Promise<void>;
  private markReady: () => void = () => {};
  private exited: string | null = null;

  constructor(private readonly deps: EngineHostDeps) {
    this.ready = new Promise((r) => (this.markReady = r));
    this.child = deps.forkEngine();
    this.child.on('message', (m) => this.fromEngine(m as ServerMessage));
    this.child.on('exit', (code) => this.onExit(code));
    this.register();
  }

  private register(): void {
    const { ipcMain } = this.deps;
    ipcMain.handle(IPC.command, async (event, name, args): Promise<CommandReply> => {
      const problem = this.checkSender(event) ?? (isCommandName(name) ? null : `unknown command '${String(name)}'`) ?? (Array.isArray(args) ? null : 'arguments must be an array');
      if (problem) return { ok: false, error: `Rejected: ${problem}` };
      return this.request(name as string, args as unknown[]);
    });
    ipcMain.on(IPC.subscribe, (event, localId, stream, filter) => {
      if (this.checkSender(event) || !Number.isInteger(localId) || !isStreamName(stream)) {
        this.deps.log?.(`rejected subscribe from ${event.senderFrame?.url ?? 'unknown frame'}`);
        return;
      }
      const subId = this.nextSubId++;
      const wc = event.sender;
      if (![...this.routes.values()].some((r) => r.wc === wc)) wc.once('destroyed', () => this.dropRenderer(wc));
      this.routes.set(subId, { wc, localId: localId as number });
      void this.ready.then(() => this.child.postMessage({ t: 'sub', subId, stream, filter: filter ?? null }));
    });
    ipcMain.on(IPC.unsubscribe, (event, localId) => {
      if (this.checkSender(event)) return;
      for (const [subId, r] of this.routes) {
        if (r.wc === event.sender && r.localId === localId) {
          this.routes.delete(subId);
          void this.ready.then(() => this.child.postMessage({ t: 'unsub', subId }));
        }
      }
    });
  }

  private checkSender(event: IpcEventLike): string | null {
    const url = event.senderFrame?.url;
    if (!url || !this.deps.isTrustedUrl(url)) return `sender '${url ?? 'unknown'}' is not WardTwin's window`;
    return null;
  }

  request(name: string, args: unknown[]): Promise<CommandReply> {
    if (this.exited) return Promise.resolve({ ok: false, error: this.exited });
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      void this.ready.then(() => this.child.postMessage({ t: 'cmd', id, name, args }));
    });
  }

  private fromEngine(m: ServerMessage): void {
    if (m.t === 'ready') this.markReady();
    else if (m.t === 'res') {
      const done = this.pending.get(m.id);
      this.pending.delete(m.id);
      done?.(m.ok ? { ok: true, value: m.value } : { ok: false, error: m.error });
    } else if (m.t === 'data') {
      const r = this.routes.get(m.subId);
      if (r && !r.wc.isDestroyed()) r.wc.send(IPC.data, r.localId, m.value);
    }
  }

  private dropRenderer(wc: WebContentsLike): void {
    for (const [subId, r] of this.routes) {
      if (r.wc === wc) {
        this.routes.delete(subId);
        if (!this.exited) this.child.postMessage({ t: 'unsub', subId });
      }
    }
  }

  private onExit(code: number): void {
    this.exited = `The engine process exited (code ${code}); restart WardTwin to continue — autosaved sessions are kept`;
    this.deps.log?.(this.exited);
    for (const done of this.pending.values()) done({ ok: false, error: this.exited });
    this.pending.clear();
  }

  dispose(): void {
    const { ipcMain } = this.deps;
    ipcMain.removeHandler(IPC.command);
    ipcMain.removeAllListeners(IPC.subscribe);
    ipcMain.removeAllListeners(IPC.unsubscribe);
    if (!this.exited) this.child.kill();
  }
}
