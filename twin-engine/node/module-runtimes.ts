/**
 * Node runtimes for diagnostic modules: JS/TS and ONNX each in a child process of its own (SES /
 * onnxruntime-web; an out-of-memory abort ends only that process), and
 * external processes over JSON lines (module-process.ts). Each enforces what its `enforces` says.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ModuleBundle } from '../modules-host/contract';
import { portSandbox, SandboxStartError, type FailureKind, type HostToWorker, type SandboxFactory, type WorkerPort, type WorkerToHost } from '../modules-host/sandbox';

const BOOT = fileURLToPath(new URL('./module-worker-boot.mjs', import.meta.url));
/** Semi-space of the child's young generation (MB); the manifest's memoryMb caps the old generation. */
const SEMI_SPACE_MB = 8;
const STDERR_TAIL = 4000;
/** How V8 reports a heap it cannot grow (or an allocation it cannot make) before it aborts the process. */
const V8_OOM = /heap limit|out of memory|allocation failed|invalid (table |array )?size|invalid array length/i;

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

/**
 * A sandbox child process with swappable handlers (a recycled one serves several sandboxes in turn).
 * A child PROCESS, not a worker thread: V8 aborts the whole process on a fatal out-of-memory (a worker's
 * resourceLimits do not catch every allocation, e.g. `new Array(1e9).fill(1)`), so only a process
 * boundary keeps the host alive. No address-space rlimit: V8 reserves large virtual regions (pointer
 * cage, WASM guard regions) up front, so an RLIMIT_AS low enough to matter stops Node from starting; the
 * heap cap is V8's own (--max-old-space-size) and external memory is checked after every call.
 */
interface Thread {
  w: ChildProcess;
  key: string;
  onMessage: ((msg: WorkerToHost) => void) | null;
  onExit: ((kind: FailureKind, message: string) => void)[];
  exited: boolean;
  idleTimer: ReturnType<typeof setTimeout> | null;
}

const idle: Thread[] = [];

function newThread(runtime: 'js' | 'onnx' | 'pyodide', memoryMb: number, key: string): Thread {
  const w = fork(BOOT, [runtime], {
    execArgv: [`--max-old-space-size=${memoryMb}`, `--max-semi-space-size=${SEMI_SPACE_MB}`],
    // Structured clone over the channel (typed arrays, as with worker messages); no inherited environment;
    // stdout/stderr of the child are not the host's.
    serialization: 'advanced',
    // TZ fixed: a Python module's time.localtime() must not depend on the machine's zone.
    env: runtime === 'pyodide' ? { TZ: 'UTC' } : {},
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let stderr = '';
  w.stdout!.resume();
  w.stderr!.setEncoding('utf8');
  w.stderr!.on('data', (s: string) => (stderr = (stderr + s).slice(-STDERR_TAIL)));
  const t: Thread = { w, key, onMessage: null, onExit: [], exited: false, idleTimer: null };
  const fire = (kind: FailureKind, message: string) => {
    if (t.exited) return;
    t.exited = true;
    dropIdle(t);
    for (const h of t.onExit) h(kind, message);
  };
  w.on('message', (m: WorkerToHost) => t.onMessage?.(m));
  w.on('error', (err: Error) => fire('crashed', `sandbox process failed: ${err.message}`));
  w.on('exit', (code, signal) => {
    // stderr may still be draining when 'exit' fires: wait for its end before classifying.
    const classify = () => {
      const oom = V8_OOM.exec(stderr);
      if (oom || signal === 'SIGABRT' || code === 134) fire('memory', `sandbox process heap over ${memoryMb} MB${oom ? ` (V8: ${oom[0]})` : ''}; process ended`);
      else fire('crashed', `sandbox process exited (${signal ?? `code ${code}`})`);
    };
    if (w.stderr!.readableEnded) classify();
    else w.stderr!.once('close', classify);
  });
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
  if (t.w.exitCode === null && t.w.signalCode === null) t.w.kill('SIGKILL');
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
    send(t, { type: 'reset' });
  });
  t.onMessage = null;
  t.onExit = [];
  if (!ok || t.exited) return stopThread(t);
  t.w.unref();
  t.w.channel?.unref();
  idle.push(t);
  t.idleTimer = setTimeout(() => void stopThread(t), IDLE_MS);
  t.idleTimer.unref?.();
  while (idle.length > MAX_IDLE) void stopThread(idle[0]);
}

/** Resident memory of a process in MB (Linux /proc), null where unknown. */
function residentMb(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

function send(t: Thread, msg: HostToWorker): void {
  if (!t.exited && t.w.connected) t.w.send(msg);
}

/** A port on a recycled worker for this key if one is idle, else on a new worker. */
function workerPort(runtime: 'js' | 'onnx' | 'pyodide', memoryMb: number, codeKey: string): WorkerPort {
  const key = `${runtime}:${memoryMb}:${codeKey}`;
  const i = idle.findIndex((t) => t.key === key && !t.exited);
  let t: Thread;
  if (i >= 0) {
    t = idle[i];
    dropIdle(t);
    t.w.ref();
    t.w.channel?.ref();
  } else t = newThread(runtime, memoryMb, key);
  let done = false;
  return {
    post: (msg) => send(t, msg),
    hangCause: () => {
      // Pyodide: Python's memory is the WebAssembly heap, capped inside the worker (MemoryError, not a
      // GC-bound hang), and the interpreter alone keeps ~200 MB resident: a silent Pyodide worker is a hang.
      if (runtime === 'pyodide') return null;
      const mb = residentMb(t.w.pid);
      return mb !== null && mb >= memoryMb ? { kind: 'memory', message: `sandbox process heap over ${memoryMb} MB (${mb} MB resident when it stopped answering); process ended` } : null;
    },
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
      'own child process with V8 heap cap (--max-old-space-size; an out-of-memory abort ends only that process) + SES lockdown/Compartment (fresh per module instance; a healthy process is recycled for the same module): no network, filesystem, process, timers, Date.now or Math.random; only its own files importable; per-call CPU budget counted until the module is idle (promise jobs included) and hang timeout (process killed)',
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
    enforces: 'onnxruntime-web (WASM, 1 thread) in its own child process with heap cap; the model is data (no code); per-call CPU budget and hang timeout',
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

/**
 * Python modules on Pyodide (WebAssembly CPython, standard library only) in the same kind of child
 * process: the interpreter boots once per process (2.5–4 s) and a healthy process is recycled for the
 * next instance of the same module, like the JS runtime. The V8 heap gets PYODIDE_JS_HEAP_MB on top of
 * the manifest's cap (Pyodide's own JS); the Python heap (WebAssembly memory) is capped at the
 * interpreter's boot size + memoryMb inside the worker (modules-host/pyodide-runner.ts).
 */
const PYODIDE_JS_HEAP_MB = 128;

export function pyodideWorkerRuntime(): SandboxFactory {
  return {
    enforces:
      "Pyodide (CPython on WebAssembly, standard library only) in its own child process, booted once and recycled for the same module: no JS globals (empty 'js'), Pyodide's API stripped, SES lockdown (no Function constructor), in-memory file system only (no host files), sockets fail, clocks read simulated time, os.urandom/random seeded; Python heap capped at boot + memoryMb; per-call CPU budget and hang timeout (process killed)",
    async start(bundle: ModuleBundle) {
      const mb = bundle.manifest.limits.memoryMb;
      return portSandbox(workerPort('pyodide', mb + PYODIDE_JS_HEAP_MB, codeKey({ manifest: JSON.stringify(bundle.manifest), ...bundle.files })), {
        type: 'init',
        runtime: 'pyodide',
        manifest: bundle.manifest,
        files: Object.fromEntries(Object.entries(bundle.files).map(([k, v]) => [k, v.slice()])),
        // The interpreter's ~50 MB + the Python heap's cap + JS-side buffers Python could make.
        externalMemoryCapBytes: (2 * mb + 128) * 2 ** 20,
      });
    },
  };
}
