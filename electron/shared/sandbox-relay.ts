/**
 * Module sandboxes in Electron. Only the main process may start a utilityProcess, and the engine
 * runs in one, so the engine ASKS main for each sandbox process over its parent port, and main relays
 * the sandbox's messages both ways (electron/engine/sandbox-relay.ts ↔ electron/main/sandbox-broker.ts).
 * These envelopes share the engine's port with the session protocol; the tag keeps them apart.
 */
import type { SandboxExit, SandboxLaunch } from '../../twin-engine/modules-host/sandbox-launcher';

export const SANDBOX_TAG = 'wardtwin-sandbox';

/** Engine → main. */
export type SandboxRequest =
  | { tag: typeof SANDBOX_TAG; op: 'launch'; id: number; launch: SandboxLaunch }
  | { tag: typeof SANDBOX_TAG; op: 'post'; id: number; msg: unknown }
  | { tag: typeof SANDBOX_TAG; op: 'keep-alive'; id: number; on: boolean }
  | { tag: typeof SANDBOX_TAG; op: 'kill'; id: number };

/** Main → engine. */
export type SandboxEvent =
  | { tag: typeof SANDBOX_TAG; op: 'message'; id: number; msg: unknown; pid: number | undefined }
  | { tag: typeof SANDBOX_TAG; op: 'exit'; id: number; exit: SandboxExit };

export function isSandboxEnvelope(m: unknown): m is { tag: typeof SANDBOX_TAG; op: string; id: number } {
  return typeof m === 'object' && m !== null && (m as { tag?: unknown }).tag === SANDBOX_TAG;
}
