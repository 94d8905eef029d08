/**
 * A lab hosted by the Electron app (issue 14: "the engine runs on the instructor's machine — the
 * Electron app's engine process, or `wardtwin lab serve` headless"). The main process asks the engine
 * process to start or stop the network host (twin-engine/node/lab-server.ts, the same code as `lab
 * serve`) over the engine's parent port; these envelopes share it with the session protocol and the
 * sandbox relay, and the tag keeps them apart.
 */
export const LAB_TAG = 'wardtwin-lab';

export interface LabStartOptions {
  /** TCP port (0 = any free port); default 5180. */
  port?: number;
  /** Interface: default '0.0.0.0' (the LAN can join); '127.0.0.1' for this machine only. */
  host?: string;
  /** Every student who joins gets a copy of the ward of their own (as `lab serve --copies`). */
  copies?: boolean;
}

/** What the instructor is shown: where students join, the join code, and the instructor key. */
export interface LabStarted {
  url: string;
  code: string;
  instructorKey: string;
}

/** Main → engine. */
export type LabRequest = { tag: typeof LAB_TAG; op: 'start'; id: number; opts: LabStartOptions } | { tag: typeof LAB_TAG; op: 'stop'; id: number; reason?: string };

/** Engine → main. */
export type LabReply = { tag: typeof LAB_TAG; op: 'reply'; id: number; ok: true; value: LabStarted | null } | { tag: typeof LAB_TAG; op: 'reply'; id: number; ok: false; error: string };

export function isLabEnvelope(m: unknown): m is { tag: typeof LAB_TAG; op: string; id: number } {
  return typeof m === 'object' && m !== null && (m as { tag?: unknown }).tag === LAB_TAG && Number.isInteger((m as { id?: unknown }).id);
}
