/**
 * An in-memory stand-in for the parts of Electron the host uses (ipcMain, ipcRenderer, contextBridge,
 * webContents, utilityProcess), faithful where it matters: every message is structured-cloned like
 * real IPC, invoke replies are asynchronous, the sender frame's URL is checked, and the engine and the
 * module sandboxes run in separate Node processes shaped like utility processes (fakeUtilityFork).
 */
import { fork, type Serializable } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { constants as osConstants } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { SandboxLauncher } from '../../twin-engine/modules-host/sandbox-launcher';
import { utilityProcessLauncher, type UtilityForkLike, type UtilityProcessLike } from '../../electron/main/sandbox-launcher';
import type { EngineProcessLike, IpcEventLike, IpcMainLike, WebContentsLike } from '../../electron/main/engine-host';
import type { ContextBridgeLike, IpcRendererLike } from '../../electron/preload/bridge';

type Listener = (event: IpcEventLike, ...args: unknown[]) => unknown;

export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Listener>();
  readonly listeners = new Map<string, Listener[]>();
  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  on(channel: string, listener: Listener): void {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), listener]);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  removeAllListeners(channel: string): void {
    this.listeners.delete(channel);
  }
}

let nextWcId = 1;

/** One renderer: its webContents (main side) and its ipcRenderer (preload side). */
export class FakeRenderer {
  readonly id = nextWcId++;
  private readonly rendererListeners = new Map<string, ((e: unknown, ...a: unknown[]) => void)[]>();
  private destroyedListeners: (() => void)[] = [];
  private destroyed = false;
  readonly webContents: WebContentsLike;
  readonly ipcRenderer: IpcRendererLike;
  exposed: Record<string, unknown> = {};
  readonly contextBridge: ContextBridgeLike;

  constructor(
    private readonly ipcMain: FakeIpcMain,
    readonly frameUrl: string,
  ) {
    const self = this;
    this.webContents = {
      id: this.id,
      send(channel, ...args) {
        const cloned = structuredClone(args);
        setImmediate(() => {
          for (const l of self.rendererListeners.get(channel) ?? []) l({ sender: 'main' }, ...cloned);
        });
      },
      isDestroyed: () => this.destroyed,
      once(_event, listener) {
        self.destroyedListeners.push(listener);
      },
    };
    const event = (): IpcEventLike => ({ sender: this.webContents, senderFrame: { url: this.frameUrl } });
    this.ipcRenderer = {
      async invoke(channel, ...args) {
        const handler = ipcMain.handlers.get(channel);
        if (!handler) throw new Error(`Error invoking remote method '${channel}': No handler registered for '${channel}'`);
        const cloned = structuredClone(args);
        await new Promise((r) => setImmediate(r));
        const result = structuredClone(await handler(event(), ...cloned));
        // Main→renderer messages (webContents.send and invoke replies) share one ordered channel:
        // the reply is queued behind any stream data the main process sent before it.
        return new Promise((resolve) => setImmediate(() => resolve(result)));
      },
      send(channel, ...args) {
        const cloned = structuredClone(args);
        setImmediate(() => {
          for (const l of ipcMain.listeners.get(channel) ?? []) l(event(), ...cloned);
        });
      },
      on(channel, listener) {
        self.rendererListeners.set(channel, [...(self.rendererListeners.get(channel) ?? []), listener]);
      },
      removeListener(channel, listener) {
        self.rendererListeners.set(channel, (self.rendererListeners.get(channel) ?? []).filter((l) => l !== listener));
      },
    };
    this.contextBridge = {
      exposeInMainWorld: (key, api) => {
        // contextBridge copies the API object into the main world; functions stay callable, nothing
        // else of the preload's scope is reachable.
        this.exposed[key] = Object.freeze({ ...(api as object) });
      },
    };
  }

  destroy(): void {
    this.destroyed = true;
    for (const l of this.destroyedListeners) l();
  }
}

/** One call of the stand-in utilityProcess.fork, kept so tests can see what main started and how. */
export interface ForkRecord {
  modulePath: string;
  args: string[];
  options: Parameters<UtilityForkLike>[2] | { serviceName?: string };
  pid: number | undefined;
}
export const utilityForks: ForkRecord[] = [];

const CHILD_BOOT = fileURLToPath(new URL('./fake-utility-child.mjs', import.meta.url));

/**
 * utilityProcess.fork stand-in: a real Node child process (own pid, own heap, the given execArgv and
 * environment), shaped like Electron's UtilityProcess — postMessage/'message' with structured clone,
 * 'spawn', 'exit' with a code only, kill() with SIGTERM, stdout/stderr piped when stdio is 'pipe' — and
 * inside it process.parentPort instead of Node's IPC (fake-utility-child.mjs).
 */
export function fakeUtilityFork(modulePath: string, args: string[] = [], options: { env?: Record<string, string>; execArgv?: string[]; stdio?: 'pipe' | 'ignore' | 'inherit'; serviceName?: string } = {}): UtilityProcessLike {
  const out = options.stdio ?? 'inherit';
  const child = fork(CHILD_BOOT, [modulePath, ...args], {
    execArgv: options.execArgv ?? [],
    env: options.env ?? process.env,
    serialization: 'advanced',
    stdio: ['ignore', out, out, 'ipc'],
  });
  const emitter = new EventEmitter();
  const record: ForkRecord = { modulePath, args, options, pid: child.pid };
  utilityForks.push(record);
  child.on('spawn', () => emitter.emit('spawn'));
  child.on('message', (m) => emitter.emit('message', m));
  child.on('exit', (code, signal) => emitter.emit('exit', code ?? 128 + (signal ? osConstants.signals[signal] : 0)));
  return Object.assign(emitter, {
    get pid() {
      return child.exitCode === null && child.signalCode === null ? child.pid : undefined;
    },
    stdout: child.stdout,
    stderr: child.stderr,
    // Electron drops a message to a process that has gone; a Node channel would raise EPIPE later.
    postMessage: (m: unknown) => {
      if (child.connected) child.send(m as Serializable, () => {});
    },
    kill: () => child.kill('SIGTERM'),
  }) as unknown as UtilityProcessLike;
}

/** The engine process as main starts it: a (stand-in) utility process running the engine entry. */
export function forkEngineProcess(): EngineProcessLike {
  return fakeUtilityFork(fileURLToPath(new URL('./electron-engine-process.ts', import.meta.url)), [], { serviceName: 'WardTwin engine' }) as unknown as EngineProcessLike;
}

/** Main's sandbox launcher, as electron/main/index.ts builds it, with the stand-in fork and the runner's source. */
export function fakeSandboxLauncher(): SandboxLauncher {
  return utilityProcessLauncher(fakeUtilityFork, fileURLToPath(new URL('../../twin-engine/node/module-worker.ts', import.meta.url)));
}
