/**
 * The shape of what Electron's preload exposes to the renderer (window.wardtwin). Only named
 * functions: one per session command, plus stream subscription. Plain types, so the renderer can use
 * them without importing Electron.
 */
import type { CommandName, OpenRequest, Role, StreamName } from './api';

export type BridgeCommands = { readonly [K in CommandName]: (...args: unknown[]) => Promise<unknown> };

export interface WardTwinBridge {
  readonly bridgeVersion: 1;
  /** Open this window's connection with a role (first call; the main process enforces the role). */
  open(req: OpenRequest): Promise<Role>;
  readonly commands: BridgeCommands;
  subscribe(subId: number, stream: StreamName, filter: unknown): void;
  unsubscribe(subId: number): void;
  /** Registers the one stream-data listener; returns a function that removes it. */
  onData(listener: (subId: number, value: unknown) => void): () => void;
  /** Registers the one stream-error listener; returns a function that removes it. */
  onStreamError(listener: (subId: number, error: string) => void): () => void;
}
