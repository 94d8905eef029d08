/**
 * The shape of what Electron's preload exposes to the renderer (window.wardtwin). Only named
 * functions: one per session command, plus stream subscription. Plain types, so the renderer can use
 * them without importing Electron.
 */
import type { CommandName, StreamName } from './api';

export type BridgeCommands = { readonly [K in CommandName]: (...args: unknown[]) => Promise<unknown> };

export interface WardTwinBridge {
  readonly bridgeVersion: 1;
  readonly commands: BridgeCommands;
  subscribe(subId: number, stream: StreamName, filter: unknown): void;
  unsubscribe(subId: number): void;
  /** Registers the one stream-data listener; returns a function that removes it. */
  onData(listener: (subId: number, value: unknown) => void): () => void;
}
