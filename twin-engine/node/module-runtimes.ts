/**
 * Node runtimes for diagnostic modules: JS/TS and ONNX in worker threads (SES / onnxruntime-web), and
 * external processes over JSON lines (module-process.ts). Each enforces what its `enforces` says.
 */
import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { ModuleBundle } from '../modules-host/contract';
import { portSandbox, SandboxStartError, type FailureKind, type HostToWorker, type SandboxFactory, type WorkerPort, type WorkerToHost } from '../modules-host/sandbox';

const BOOT = new URL('./module-worker-boot.mjs', import.meta.url);
/** Young generation for the worker (MB); the manifest's memoryMb caps the old generation. */
const YOUNG_GEN_MB = 16;

/**
 * Recycling. Booting a sandbox worker (tsx, SES import, lockdown(); or onnxruntime's WASM) costs a few
 * hundred ms of CPU — as much as simulating an hour of a patient — and `wardtwin eval` attaches the same
 * module to every cohort patient. So a HEALTHY sandbox that is released (detach/dispose, never
 * quarantine or failure) gives its worker back here, and the next sandbox for the SAME module code and
 * memory cap reuses it. What makes that safe: the worker must confirm a 'reset' (it drops the module,
 * whose Compartment becomes garbage) within RESET_TIMEOUT_MS, else it is terminated; the next sandbox
 * loads a fresh Compartment with fresh globals, and after lockdown() every shared intrinsic is frozen,
 * so nothing of the previous instance is reachable. Idle workers are unref'd (they never keep the
 * process alive) and stopped after IDLE_MS.
 */
const MAX_IDLE = 2;
const IDLE_MS = 10_000;
const RESET_TIMEOUT_MS = 2_000;

/** A worker thread with swappable handlers (a recycled worker serves several sandboxes in turn). */
interface Thread {
  w: Worker;
  key: string;
  onMessage: ((msg: WorkerToHost) => void) | null;
  onExit: ((kind: FailureKind, message: string) => void)[];
  exited: boolean;
  idleTimer: ReturnType<typeof setTimeout> | null;
}

const idle: Thread[] = [];

function newThread(runtime: 'js' | 'onnx', memoryMb: number, key: string): Thread {
  const w = new Worker(BOOT, {
    workerData: { runtime },
    resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: YOUNG_GEN_MB, stackSizeMb: 4 },
    // No inherited environment; stdout/stderr of the worker are not the host's.
    env: {},
    stdout: true,
    stderr: true,
  });
  w.stdout.resume();
  w.stderr.resume();
  const t: Thread = { w, key, onMessage: null, onExit: [], exited: false, idleTimer: null };
  const fire = (kind: FailureKind, message: string) => {
    if (t.exited) return;
    t.exited = true;
    dropIdle(t);
    for (const h of t.onExit) h(kind, message);
  };
  w.on('message', (m: WorkerToHost) => t.onMessage?.(m));
  w.on('error', (err: Error & { code?: string }) => {
    if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') fire('memory', `worker heap over ${memoryMb} MB (worker terminated)`);
    else fire('crashed', `worker failed: ${err.message}`);
  });
  w.on('exit', (code) => fire('crashed', `worker exited (code ${code})`));
  return t;
}

function dropIdle(t: Thread): void {
  const i = idle.indexOf(t);
  if (i >= 0) idle.splice(i, 1);
  if (t.idleTimer) clearTimeout(t.idleTimer);
  t.idleTimer = null;
}

async function stopThread(t: Thread): Promise<void> {
  t.exited = true;
  t.onMessage = null;
  dropIdle(t);
  await t.w.terminate();
}

/** Park a released worker once it has confirmed the reset; anything odd stops it instead. */
async function recycle(t: Thread): Promise<void> {
  t.onExit = [];
  const ok = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), RESET_TIMEOUT_MS);
    t.onMessage = (m) => {
      clearTimeout(timer);
      resolve(m.type === 'ready');
    };
    t.onExit = [() => (clearTimeout(timer), resolve(false))];
    t.w.postMessage({ type: 'reset' } satisfies HostToWorker);
  });
  t.onMessage = null;
  t.onExit = [];
  if (!ok || t.exited) return stopThread(t);
  t.w.unref();
  idle.push(t);
  t.idleTimer = setTimeout(() => void stopThread(t), IDLE_MS);
  t.idleTimer.unref?.();
  while (idle.length > MAX_IDLE) void stopThread(idle[0]);
}

/** A port on a recycled worker for this key if one is idle, else on a new worker. */
function workerPort(runtime: 'js' | 'onnx', memoryMb: number, codeKey: string): WorkerPort {
  const key = `${runtime}:${memoryMb}:${codeKey}`;
  const i = idle.findIndex((t) => t.key === key && !t.exited);
  let t: Thread;
  if (i >= 0) {
    t = idle[i];
    dropIdle(t);
    t.w.ref();
  } else t = newThread(runtime, memoryMb, key);
  let done = false;
  return {
    post: (msg) => t.w.postMessage(msg),
    onMessage: (h) => (t.onMessage = h),
    onExit: (h) => t.onExit.push(h),
    terminate: async () => {
      if (done) return;
      done = true;
      await stopThread(t);
    },
    release: async () => {
      if (done) return;
      done = true;
      if (t.exited) return;
      await recycle(t);
    },
  };
}

/** Identity of a module's code: only the same code (and cap) may reuse a worker. */
function codeKey(parts: Record<string, string | Uint8Array>): string {
  const h = createHash('sha256');
  for (const k of Object.keys(parts).sort()) {
    h.update(`${k}\0`);
    h.update(parts[k]);
    h.update('\0');
  }
  return h.digest('hex');
}

export function jsWorkerRuntime(): SandboxFactory {
  return {
    enforces:
      'worker thread with heap cap (resourceLimits) + SES lockdown/Compartment (fresh per module instance; a healthy worker is recycled for the same module): no network, filesystem, process, timers, Date.now or Math.random; only its own files importable; per-call CPU budget and hang timeout (worker terminated)',
    async start(bundle: ModuleBundle) {
      if (!bundle.code) throw new SandboxStartError('start', 'no transpiled code in the bundle');
      const mb = bundle.manifest.limits.memoryMb;
      return portSandbox(workerPort('js', mb, codeKey({ manifest: JSON.stringify(bundle.manifest), ...bundle.code })), {
        type: 'init',
        runtime: 'js',
        manifest: bundle.manifest,
        code: bundle.code,
        externalMemoryCapBytes: mb * 2 ** 20,
      });
    },
  };
}

export function onnxWorkerRuntime(): SandboxFactory {
  return {
    enforces: 'onnxruntime-web (WASM, 1 thread) in a worker thread with heap cap; the model is data (no code); per-call CPU budget and hang timeout',
    async start(bundle: ModuleBundle) {
      const model = bundle.files[bundle.manifest.entry];
      if (!model) throw new SandboxStartError('start', `model file '${bundle.manifest.entry}' is not in the module`);
      // WASM memory lives outside the JS heap; give it the manifest's cap plus the runtime's own ~64 MB.
      const mb = bundle.manifest.limits.memoryMb;
      return portSandbox(workerPort('onnx', mb, codeKey({ manifest: JSON.stringify(bundle.manifest), model })), {
        type: 'init',
        runtime: 'onnx',
        manifest: bundle.manifest,
        model: model.slice(),
        externalMemoryCapBytes: (mb + 64) * 2 ** 20,
      });
    },
  };
}
