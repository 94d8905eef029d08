/**
 * What the preload exposes to the renderer through contextBridge: one named function per session
 * command plus stream subscription — never ipcRenderer itself. Electron is injected so the contract
 * suite can run this exact code against a stand-in.
 */
import { COMMAND_NAMES, type OpenRequest, type Role, type StreamName } from '../../twin-engine/session/api';
import type { BridgeCommands, WardTwinBridge } from '../../twin-engine/session/bridge';
import { IPC, type CommandReply } from '../shared/ipc';

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  send(channel: string, ...args: unknown[]): void;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): void;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): void;
}

export interface ContextBridgeLike {
  exposeInMainWorld(key: string, api: unknown): void;
}

export function buildBridge(ipcRenderer: IpcRendererLike): WardTwinBridge {
  const commands = {} as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const name of COMMAND_NAMES) {
    commands[name] = async (...args: unknown[]) => {
      const reply = (await ipcRenderer.invoke(IPC.command, name, args)) as CommandReply;
      if (!reply.ok) throw new Error(reply.error);
      return reply.value;
    };
  }
  return {
    bridgeVersion: 1,
    // The page's role request travels to the main process, which decides and enforces it.
    async open(req: OpenRequest): Promise<Role> {
      const reply = (await ipcRenderer.invoke(IPC.open, req)) as CommandReply;
      if (!reply.ok) throw new Error(reply.error);
      return reply.value as Role;
    },
    commands: Object.freeze(commands) as BridgeCommands,
    subscribe: (subId: number, stream: StreamName, filter: unknown) => ipcRenderer.send(IPC.subscribe, subId, stream, filter),
    unsubscribe: (subId: number) => ipcRenderer.send(IPC.unsubscribe, subId),
    onData(listener) {
      const h = (_e: unknown, subId: unknown, value: unknown) => listener(subId as number, value);
      ipcRenderer.on(IPC.data, h);
      return () => ipcRenderer.removeListener(IPC.data, h);
    },
    onStreamError(listener) {
      const h = (_e: unknown, subId: unknown, error: unknown) => listener(subId as number, String(error));
      ipcRenderer.on(IPC.streamError, h);
      return () => ipcRenderer.removeListener(IPC.streamError, h);
    },
  };
}

export function exposeBridge(contextBridge: ContextBridgeLike, ipcRenderer: IpcRendererLike): void {
  contextBridge.exposeInMainWorld('wardtwin', buildBridge(ipcRenderer));
}
