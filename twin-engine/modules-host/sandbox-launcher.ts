/**
 * How a module sandbox PROCESS is started: the one platform-specific step of the Node module runtimes
 * (node/module-runtimes.ts). Node and the CLI fork a child process (node/sandbox-launcher-node.ts);
 * Electron, whose packaged binary cannot run as Node (the RunAsNode fuse is off), starts a
 * utilityProcess from the main process (electron/main/sandbox-launcher.ts, reached from the engine's
 * process through electron/engine/sandbox-relay.ts). Inside, the same runner (node/module-worker.ts)
 * answers on whichever channel it was given. Platform-free: types only.
 */
import type { HostToWorker, WorkerToHost } from './sandbox';

export type SandboxProcessRuntime = 'js' | 'onnx' | 'pyodide';

/** The environment variable that tells a sandbox process which runtime to prepare before its init message. */
export const SANDBOX_RUNTIME_ENV = 'WARDTWIN_SANDBOX_RUNTIME';

export interface SandboxLaunch {
  runtime: SandboxProcessRuntime;
  /** V8 old-generation cap of the process (--max-old-space-size), the manifest's memoryMb. */
  memoryMb: number;
  /** V8 semi-space (--max-semi-space-size). */
  semiSpaceMb: number;
}

export interface SandboxExit {
  /** Exit code; null when the platform reports a signal instead. */
  code: number | null;
  signal: string | null;
  /** The end of the process's stderr (V8 prints why it aborted there). */
  stderrTail: string;
  /** The process could not be started or failed outside its own code. */
  error?: string;
}

export interface SandboxProcess {
  /** Operating-system process id, once known (for resident-memory checks). */
  readonly pid: number | undefined;
  post(msg: HostToWorker): void;
  onMessage(handler: (msg: WorkerToHost) => void): void;
  /** Once, after the process ended and its stderr was read to the end. */
  onExit(handler: (exit: SandboxExit) => void): void;
  /** Stop the process now. */
  kill(): void;
  /**
   * Whether this process may keep its host alive. Node's CLI must be able to exit while a recycled
   * sandbox idles; where the platform has no such notion (Electron) this does nothing.
   */
  keepAlive(on: boolean): void;
}

export interface SandboxLauncher {
  /** For `enforces` texts: 'child process' (Node), 'utility process' (Electron). */
  readonly kind: string;
  launch(opts: SandboxLaunch): SandboxProcess;
}

/** Command-line flags that give a sandbox process its heap caps (both launchers pass them to V8). */
export function sandboxExecArgv(opts: SandboxLaunch): string[] {
  return [`--max-old-space-size=${opts.memoryMb}`, `--max-semi-space-size=${opts.semiSpaceMb}`];
}

/** Keeps the last `max` characters of a stream of text. */
export function tailKeeper(max: number): { add(s: string): void; text(): string } {
  let buf = '';
  return { add: (s) => void (buf = (buf + s).slice(-max)), text: () => buf };
}
