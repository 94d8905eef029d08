/**
 * An in-memory stand-in for the parts of Electron the host uses (ipcMain, ipcRenderer, contextBridge,
 * webContents, utilityProcess), faithful where it matters: every message is structured-cloned like
 * real IPC, invoke replies are asynchronous, the sender frame's URL is checked, and the engine runs in
 * a separate thread (as utilityProcess runs it in a separate process).
 */
import { startTsWorker } from '../../twin-engine/node/ts-worker';
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

/** utilityProcess.fork stand-in: the engine entry runs in a worker thread with a parentPort shim. */
export function forkEngineThread(): EngineProcessLike {
  const worker = startTsWorker(new URL('./electron-engine-thread.ts', import.meta.url));
  return {
    postMessage: (m) => worker.postMessage(m),
    on(event: 'message' | 'exit', listener: (x: never) => void) {
      if (event === 'message') worker.on('message', listener as (m: unknown) => void);
      else worker.on('exit', listener as (c: number) => void);
    },
    kill: () => {
      void worker.terminate();
      return true;
    },
  } as EngineProcessLike;
}
