/**
 * Module sandbox processes in Electron: each one a utilityProcess (Chromium's process launcher; a
 * packaged WardTwin cannot fork itself as Node, its RunAsNode fuse is off), started by the main
 * process on the engine's request (SandboxBroker) with the same heap caps, empty environment and piped
 * stderr as the Node launcher. `fork` is utilityProcess.fork, injected so the contract suite runs this
 * code against a stand-in that forks a real Node child and gives it a parentPort.
 */
import { SANDBOX_RUNTIME_ENV, sandboxExecArgv, tailKeeper, type SandboxExit, type SandboxLaunch, type SandboxLauncher, type SandboxProcess } from '../../twin-engine/modules-host/sandbox-launcher';
import type { HostToWorker, WorkerToHost } from '../../twin-engine/modules-host/sandbox';
import { isSandboxEnvelope, SANDBOX_TAG, type SandboxEvent, type SandboxRequest } from '../shared/sandbox-relay';

/** The parts of Electron's UtilityProcess used here. */
export interface UtilityProcessLike {
  readonly pid: number | undefined;
  readonly stderr: NodeJS.ReadableStream | null;
  readonly stdout: NodeJS.ReadableStream | null;
  postMessage(message: unknown): void;
  on(event: 'spawn', listener: () => void): unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

export type UtilityForkLike = (
  modulePath: string,
  args: string[],
  options: { env: Record<string, string>; execArgv: string[]; stdio: 'pipe'; serviceName: string },
) => UtilityProcessLike;

const STDERR_TAIL = 4000;

/** `entry`: the built sandbox runner (out/main/module-sandbox.js, from twin-engine/node/module-worker.ts). */
export function utilityProcessLauncher(fork: UtilityForkLike, entry: string): SandboxLauncher {
  return {
    kind: 'utility process',
    launch(opts): SandboxProcess {
      const child = fork(entry, [], {
        // TZ fixed: a Python module's time.localtime() must not depend on the machine's zone.
        env: opts.runtime === 'pyodide' ? { [SANDBOX_RUNTIME_ENV]: opts.runtime, TZ: 'UTC' } : { [SANDBOX_RUNTIME_ENV]: opts.runtime },
        execArgv: sandboxExecArgv(opts),
        stdio: 'pipe',
        serviceName: `WardTwin module sandbox (${opts.runtime})`,
      });
      const stderr = tailKeeper(STDERR_TAIL);
      child.stdout?.resume();
      child.stderr?.setEncoding('utf8');
      child.stderr?.on('data', (s: string) => stderr.add(s));
      const exitHandlers: ((e: SandboxExit) => void)[] = [];
      let ended = false;
      child.on('exit', (code) => {
        // Electron reports only an exit code (waitpid's); V8's abort text on stderr tells an OOM apart.
        const report = () => {
          if (ended) return;
          ended = true;
          for (const h of exitHandlers) h({ code, signal: null, stderrTail: stderr.text() });
        };
        const err = child.stderr as (NodeJS.ReadableStream & { readableEnded?: boolean }) | null;
        if (!err || err.readableEnded) report();
        else {
          err.once('end', report);
          err.once('close', report);
        }
      });
      return {
        get pid() {
          return child.pid;
        },
        post: (msg) => {
          if (!ended) child.postMessage(msg);
        },
        onMessage: (h) => void child.on('message', (m) => h(m as WorkerToHost)),
        onExit: (h) => void exitHandlers.push(h),
        kill: () => {
          if (!ended) child.kill();
        },
        // The main process's life is the app's (window-all-closed), not its children's.
        keepAlive: () => {},
      };
    },
  };
}

/** At most this many sandbox processes at once for one engine (a module per bed is far below it). */
export const MAX_SANDBOXES = 64;
/** Bounds on what the engine may ask for (the manifest's limits are checked in the engine too). */
const MAX_MEMORY_MB = 16_384;
const MAX_SEMI_SPACE_MB = 64;

function validLaunch(l: unknown): l is SandboxLaunch {
  const o = l as SandboxLaunch;
  const mb = (v: unknown, max: number) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= max;
  return typeof l === 'object' && l !== null && (o.runtime === 'js' || o.runtime === 'onnx' || o.runtime === 'pyodide') && mb(o.memoryMb, MAX_MEMORY_MB) && mb(o.semiSpaceMb, MAX_SEMI_SPACE_MB);
}

/**
 * Main's side of the engine's sandbox requests: starts, relays to and stops the engine's sandbox
 * processes. It starts only the sandbox runner, with checked limits, and relays only between the
 * engine and the processes it started for it.
 */
export class SandboxBroker {
  private readonly procs = new Map<number, SandboxProcess>();

  constructor(
    private readonly launcher: SandboxLauncher,
    private readonly toEngine: (event: SandboxEvent) => void,
    private readonly log?: (line: string) => void,
  ) {}

  /** True if `m` was a sandbox request (handled or refused); false: not for the broker. */
  handle(m: unknown): boolean {
    if (!isSandboxEnvelope(m)) return false;
    const req = m as SandboxRequest;
    if (!Number.isInteger(req.id)) return this.refuse(`sandbox request without an integer id`), true;
    switch (req.op) {
      case 'launch':
        if (this.procs.has(req.id)) return this.refuse(`sandbox ${req.id} already exists`), true;
        if (!validLaunch(req.launch)) return this.fail(req.id, `refused sandbox launch ${JSON.stringify(req.launch)}: runtime must be js, onnx or pyodide, memory 1–${MAX_MEMORY_MB} MB`), true;
        if (this.procs.size >= MAX_SANDBOXES) return this.fail(req.id, `too many sandbox processes (at most ${MAX_SANDBOXES})`), true;
        this.launch(req.id, req.launch);
        return true;
      case 'post':
        this.procs.get(req.id)?.post(req.msg as HostToWorker);
        return true;
      case 'keep-alive':
        this.procs.get(req.id)?.keepAlive(!!req.on);
        return true;
      case 'kill':
        this.procs.get(req.id)?.kill();
        return true;
      default:
        this.refuse(`unknown sandbox request '${String((req as { op: unknown }).op)}'`);
        return true;
    }
  }

  private launch(id: number, launch: SandboxLaunch): void {
    let p: SandboxProcess;
    try {
      p = this.launcher.launch(launch);
    } catch (err) {
      return this.fail(id, err instanceof Error ? err.message : String(err));
    }
    this.procs.set(id, p);
    // The pid is known once the process has started: it travels with each message.
    p.onMessage((msg) => this.toEngine({ tag: SANDBOX_TAG, op: 'message', id, msg, pid: p.pid }));
    p.onExit((exit) => {
      this.procs.delete(id);
      this.toEngine({ tag: SANDBOX_TAG, op: 'exit', id, exit });
    });
  }

  private fail(id: number, error: string): void {
    this.log?.(error);
    this.toEngine({ tag: SANDBOX_TAG, op: 'exit', id, exit: { code: null, signal: null, stderrTail: '', error } });
  }

  private refuse(why: string): void {
    this.log?.(`rejected: ${why}`);
  }

  get size(): number {
    return this.procs.size;
  }

  /** The engine is gone or the app quits: nothing of a module outlives it. */
  dispose(): void {
    for (const p of this.procs.values()) p.kill();
    this.procs.clear();
  }
}
