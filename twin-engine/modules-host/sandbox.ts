/**
 * What the host needs from a runtime, and the message protocol between the host and a sandbox worker
 * (Node worker_threads or Web Worker — the same messages either way). Platform adapters in node/ and
 * browser/ implement `SandboxFactory`; everything here is plain ES2022.
 */
import type { BedSecondInput, ModuleBundle } from './contract';

/** Why a sandbox stopped: each maps to a quarantine message. */
export type FailureKind = 'threw' | 'timeout' | 'memory' | 'violation' | 'crashed' | 'protocol' | 'start';

export interface BedResult {
  bedId: string;
  /** Untrusted: checked by the host before anything is published. A list of findings, or {findings, scores}. */
  findings: unknown;
  /** Untrusted score values (process modules may send them beside `findings`). */
  scores?: unknown;
}

export type SandboxCallResult =
  | { ok: true; computeMs: number; results: BedResult[] }
  | { ok: false; kind: FailureKind; message: string };

export interface Sandbox {
  /** One simulated second for every bed; resolves (never rejects) within about `timeoutMs`. */
  call(beds: BedSecondInput[], timeoutMs: number): Promise<SandboxCallResult>;
  /**
   * Several consecutive simulated seconds in ONE exchange (the cheap path for headless runs: one worker
   * round trip per batch instead of per second). `seconds[i]` is second i's input for every bed. Resolves
   * (never rejects) with one result per second, in order, and stops at the first failure — so the result
   * is shorter than `seconds` only when its last entry is `ok: false`. Seconds are computed strictly one
   * after another, each exactly as `call` would; `computeMs` is per second and `timeoutMs` applies to each
   * second separately (a hang in second i still returns the answers of seconds 0..i-1).
   * Optional: the host falls back to sequential `call`s.
   */
  callMany?(seconds: BedSecondInput[][], timeoutMs: number): Promise<SandboxCallResult[]>;
  /** Stop the worker/process; idempotent. */
  close(): Promise<void>;
  /**
   * Done with a HEALTHY sandbox (detach/dispose, never quarantine): the platform may recycle its worker
   * for a fresh instance of the same module instead of stopping it. Optional; defaults to close().
   */
  release?(): Promise<void>;
}

export class SandboxStartError extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
  ) {
    super(message);
  }
}

export interface SandboxFactory {
  /** Start a sandbox for the bundle; rejects with SandboxStartError if the module fails to load. */
  start(bundle: ModuleBundle): Promise<Sandbox>;
  /** A one-line account of what this runtime enforces (shown by `wardtwin module check`). */
  readonly enforces: string;
}

// ------------------------------------------------------------ worker messages

/** What the host sends a sandbox worker to load (structured-cloneable). */
export interface WorkerInit {
  type: 'init';
  runtime: 'js' | 'onnx' | 'pyodide';
  manifest: ModuleBundle['manifest'];
  code?: Record<string, string>;
  /** Pyodide: the module's files (written into the interpreter's in-memory file system). */
  files?: Record<string, Uint8Array>;
  /** ONNX: the model's bytes. */
  model?: Uint8Array;
  /** External (ArrayBuffer) memory cap, bytes; the heap cap is the worker's resourceLimits. */
  externalMemoryCapBytes: number;
}

/**
 * 'second': one second, answered by one 'result' (or 'failed'). 'seconds': K consecutive seconds in one
 * message; the worker computes them in order and answers EACH with its own 'result' carrying `index`
 * (0..K-1) as soon as it is computed, stopping at the first 'failed' (which carries the index too).
 * Answering as it goes (rather than once at the end) is what lets the host keep the per-second results
 * that came before a hang — the worker cannot answer anything once it is stuck in a loop.
 */
export type HostToWorker =
  | WorkerInit
  /** Drop the loaded module and answer 'ready' (a worker being recycled; see WorkerPort.release). */
  | { type: 'reset' }
  | { type: 'second'; seq: number; beds: BedSecondInput[] }
  | { type: 'seconds'; seq: number; seconds: BedSecondInput[][] };

export type WorkerToHost =
  | { type: 'ready' }
  | { type: 'result'; seq: number; index?: number; computeMs: number; results: BedResult[] }
  | { type: 'failed'; seq: number | null; index?: number; kind: FailureKind; message: string };

/** The host's end of a worker, whichever platform made it. */
export interface WorkerPort {
  post(msg: HostToWorker): void;
  onMessage(handler: (msg: WorkerToHost) => void): void;
  /** The worker died on its own (uncaught error, out-of-memory, exit). */
  onExit(handler: (kind: FailureKind, message: string) => void): void;
  terminate(): Promise<void>;
  /**
   * Optional: recycle the worker after a healthy sandbox is released (Node: a pool of locked-down worker
   * threads, see node/module-runtimes.ts). Takes over the worker; falls back to terminating it.
   */
  release?(): Promise<void>;
  /**
   * Optional: why a worker that stopped answering did so, if the platform can tell (Node: a process at
   * its heap cap is running out of memory — V8 spends its last seconds in GC before it aborts). Null: a hang.
   */
  hangCause?(): { kind: FailureKind; message: string } | null;
}

/** Startup (SES lockdown, ONNX WASM compile) may take a while; a call gets its own timeout. */
const START_TIMEOUT_MS = 30_000;
/** Booting Pyodide (fetch + compile ~10 MB of WebAssembly, unpack the standard library) takes 2.5–5 s on an idle machine; allow a slow, busy one. */
const PYODIDE_START_TIMEOUT_MS = 120_000;

/**
 * A Sandbox over a WorkerPort: one exchange ('second' or 'seconds') in flight at a time; a second that
 * does not answer within its timeout terminates the worker (the only way to stop an infinite loop) and
 * reports 'timeout'.
 */
export async function portSandbox(port: WorkerPort, init: WorkerInit): Promise<Sandbox> {
  /**
   * The exchange in flight: `expect` answers wanted, `got` collected so far. The hang timer is one
   * setTimeout per exchange, not per second: each answer only records `lastAnswerMs`, and when the timer
   * fires it re-arms itself for what is left of the current second's allowance.
   */
  let pending: {
    seq: number;
    expect: number;
    got: SandboxCallResult[];
    resolve: (r: SandboxCallResult[]) => void;
    timer: unknown;
    timeoutMs: number;
    lastAnswerMs: number;
  } | null = null;
  let startWait: { resolve: () => void; reject: (e: Error) => void } | null = null;
  let dead: { kind: FailureKind; message: string } | null = null;
  let seq = 0;

  const finish = (last?: SandboxCallResult) => {
    if (!pending) return;
    clearTimeout(pending.timer);
    const p = pending;
    pending = null;
    if (last) p.got.push(last);
    p.resolve(p.got);
  };
  const die = (kind: FailureKind, message: string) => {
    if (dead) return;
    dead = { kind, message };
    startWait?.reject(new SandboxStartError(kind, message));
    finish({ ok: false, kind, message });
    void port.terminate();
  };
  const onTimer = () => {
    if (!pending) return;
    const left = pending.lastAnswerMs + pending.timeoutMs - performance.now();
    if (left > 1) pending.timer = setTimeout(onTimer, left);
    else {
      const cause = port.hangCause?.();
      if (cause) die(cause.kind, cause.message);
      else die('timeout', `no answer within ${pending.timeoutMs} ms (infinite loop or hang); worker terminated`);
    }
  };
  port.onMessage((m) => {
    if (m.type === 'ready') startWait?.resolve();
    else if (m.type === 'failed') {
      if (m.seq === null || pending?.seq === m.seq) die(m.kind, m.message);
    } else if (m.type === 'result' && pending?.seq === m.seq && (m.index ?? 0) === pending.got.length) {
      pending.got.push({ ok: true, computeMs: m.computeMs, results: m.results });
      pending.lastAnswerMs = performance.now();
      if (pending.got.length === pending.expect) finish();
    }
  });
  port.onExit((kind, message) => die(kind, message));

  await new Promise<void>((resolve, reject) => {
    startWait = { resolve, reject };
    const startMs = init.runtime === 'pyodide' ? PYODIDE_START_TIMEOUT_MS : START_TIMEOUT_MS;
    const timer = setTimeout(() => die('timeout', `did not finish loading within ${startMs / 1000} s`), startMs);
    port.post(init);
    const clear = () => clearTimeout(timer);
    startWait = {
      resolve: () => (clear(), resolve()),
      reject: (e) => (clear(), reject(e)),
    };
  });
  startWait = null;

  const exchange = (expect: number, timeoutMs: number, msg: (s: number) => HostToWorker): Promise<SandboxCallResult[]> => {
    if (dead) return Promise.resolve([{ ok: false, kind: dead.kind, message: dead.message }]);
    return new Promise<SandboxCallResult[]>((resolve) => {
      const s = ++seq;
      pending = { seq: s, expect, got: [], resolve, timer: setTimeout(onTimer, timeoutMs), timeoutMs, lastAnswerMs: performance.now() };
      port.post(msg(s));
    });
  };

  const close = async () => {
    if (!dead) dead = { kind: 'crashed', message: 'closed' };
    await port.terminate();
  };
  return {
    async call(beds, timeoutMs) {
      return (await exchange(1, timeoutMs, (s) => ({ type: 'second', seq: s, beds })))[0];
    },
    callMany(seconds, timeoutMs) {
      if (seconds.length === 0) return Promise.resolve([]);
      return exchange(seconds.length, timeoutMs, (s) => ({ type: 'seconds', seq: s, seconds }));
    },
    close,
    async release() {
      // Only an idle, live worker may be recycled; anything else is stopped.
      if (dead || pending || !port.release) return close();
      dead = { kind: 'crashed', message: 'closed' };
      await port.release();
    },
  };
}
