/**
 * The IPC channel names and reply envelope that the main process (electron/main/engine-host.ts) and the
 * preload (electron/preload/bridge.ts) share. They live here so the preload, which runs in the
 * renderer's context, never imports main-process code.
 */
export const IPC = {
  command: 'wardtwin:command',
  subscribe: 'wardtwin:subscribe',
  unsubscribe: 'wardtwin:unsubscribe',
  data: 'wardtwin:data',
  /** A subscription's error (e.g. a student window asking for the truth). */
  streamError: 'wardtwin:stream-error',
  /** Open the window's connection with a role: the first call of every window. */
  open: 'wardtwin:open',
} as const;

/** Replies to commands travel as envelopes so the renderer sees the engine's own error text. */
export type CommandReply = { ok: true; value: unknown } | { ok: false; error: string };
