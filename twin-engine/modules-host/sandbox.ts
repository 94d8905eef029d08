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
  /** Untrusted: checked by the host before anything is published. */
  findings: unknown;
}

export type SandboxCallResult =
  | { ok: true; computeMs: number; results: BedResult[] }
  | { ok: false; kind: FailureKind; message: string };

export interface Sandbox {
  /** One simulated second for every bed; resolves (never rejects) within about `timeoutMs`. */
  call(beds: BedSecondInput[], timeoutMs: number): Promise<SandboxCallResult>;
  /** Stop the worker/process; idempotent. */
  close(): Promise<void>;
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
  runtime: 'js' | 'onnx';
  manifest: ModuleBundle['manifest'];
  code?: Record<string, string>;
  /** ONNX: the model's bytes. */
  model?: Uint8Array;
  /** External (ArrayBuffer) memory cap, bytes; the heap cap is the worker's resourceLimits. */
  externalMemoryCapBytes: number;
}

export type HostToWorker = WorkerInit | { type: 'second'; seq: number; beds: BedSecondInput[] };

export type WorkerToHost =
  | { type: 'ready' }
  | { type: 'result'; seq: number; computeMs: number; results: BedResult[] }
  | { type: 'failed'; seq: number | null; kind: FailureKind; message: string };

/** The host's end of a worker, whichever platform made it. */
export interface WorkerPort {
  post(msg: HostToWorker): void;
  onMessage(handler: (msg: WorkerToHost) => void): void;
  /** The worker died on its own (uncaught error, out-of-memory, exit). */
  onExit(handler: (kind: FailureKind, message: string) => void): void;
  terminate(): Promise<void>;
}

/** Startup (SES lockdown, ONNX WASM compile) may take a while; a call gets its own timeout. */
const START_TIMEOUT_MS = 30_000;

/**
 * A Sandbox over a WorkerPort: one call in flight at a time; a call that does not answer within its
 * timeout terminates the worker (the only way to stop an infinite loop) and reports 'timeout'.
 */
export async function portSandbox(port: WorkerPort, init: WorkerInit): Promise<Sandbox> {
  let pending: { seq: number; resolve: (r: SandboxCallResult) => void; timer: unknown } | null = null;
  let startWait: { resolve: () => void; reject: (e: Error) => void } | null = null;
  let dead: { kind: FailureKind; message: string } | null = null;
  let seq = 0;

  const finish = (r: SandboxCallResult) => {
    if (!pending) return;
    clearTimeout(pending.timer);
    const p = pending;
    pending = null;
    p.resolve(r);
  };
  const die = (kind: FailureKind, message: string) => {
    if (dead) return;
    dead = { kind, message };
    startWait?.reject(new SandboxStartError(kind, message));
    finish({ ok: false, kind, message });
    void port.terminate();
  };
  port.onMessage((m) => {
    if (m.type === 'ready') startWait?.resolve();
    else if (m.type === 'failed') {
      if (m.seq === null || pending?.seq === m.seq) die(m.kind, m.message);
    } else if (m.type === 'result' && pending?.seq === m.seq) finish({ ok: true, computeMs: m.computeMs, results: m.results });
  });
  port.onExit((kind, message) => die(kind, message));

  await new Promise<void>((resolve, reject) => {
    startWait = { resolve, reject };
    const timer = setTimeout(() => die('timeout', `did not finish loading within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
    port.post(init);
    const clear = () => clearTimeout(timer);
    startWait = {
      resolve: () => (clear(), resolve()),
      reject: (e) => (clear(), reject(e)),
    };
  });
  startWait = null;

  return {
    call(beds, timeoutMs) {
      if (dead) return Promise.resolve({ ok: false, kind: dead.kind, message: dead.message });
      return new Promise<SandboxCallResult>((resolve) => {
        const s = ++seq;
        const timer = setTimeout(() => die('timeout', `no answer within ${timeoutMs} ms (infinite loop or hang); worker terminated`), timeoutMs);
        pending = { seq: s, resolve, timer };
        port.post({ type: 'second', seq: s, beds });
      });
    },
    async close() {
      if (!dead) dead = { kind: 'crashed', message: 'closed' };
      await port.terminate();
    },
  };
}
