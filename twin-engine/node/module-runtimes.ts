/**
 * Node runtimes for diagnostic modules: JS/TS and ONNX each in a child process of its own (SES /
 * onnxruntime-web; an out-of-memory abort ends only that process), and
 * external processes over JSON lines (module-process.ts). Each enforces what its `enforces` says.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ModuleBundle } from '../modules-host/contract';
import { portSandbox, SandboxStartError, type FailureKind, type HostToWorker, type SandboxFactory, type WorkerPort, type WorkerToHost } from '../modules-host/sandbox';
import type { SandboxExit, SandboxLauncher, SandboxProcess, SandboxProcessRuntime } from '../modules-host/sandbox-launcher';
import { childProcessLauncher } from './sandbox-launcher-node';

/** Semi-space of the child's young generation (MB); the manifest's memoryMb caps the old generation. */
const SEMI_SPACE_MB = 8;
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
 * boundary keeps the host alive. The process itself comes from a SandboxLauncher: a Node child process,
 * or an Electron utility process. The OS caps a child process's memory with RLIMIT_DATA (see
 * capDataSegment), not RLIMIT_AS: V8 reserves large virtual regions (pointer cage, WASM guard regions) up
 * front, so an RLIMIT_AS low enough to matter stops Node from starting, whereas those reservations are
 * not data until written. The JS heap cap is V8's own (--max-old-space-size); external memory is also
 * checked after every call, so a module creeping over its own cap is stopped even under the OS limit.
 */
interface Thread {
  p: SandboxProcess;
  launcher: SandboxLauncher;
  key: string;
  onMessage: ((msg: WorkerToHost) => void) | null;
  onExit: ((kind: FailureKind, message: string) => void)[];
  exited: boolean;
  idleTimer: ReturnType<typeof setTimeout> | null;
}

const idle: Thread[] = [];

/** Why a sandbox process ended, as the quarantine reason says it. */
function classifyExit(e: SandboxExit, memoryMb: number): { kind: FailureKind; message: string } {
  if (e.error) return { kind: 'crashed', message: `sandbox process failed: ${e.error}` };
  const oom = V8_OOM.exec(e.stderrTail);
  if (oom || e.signal === 'SIGABRT' || e.code === 134) return { kind: 'memory', message: `sandbox process heap over ${memoryMb} MB${oom ? ` (V8: ${oom[0]})` : ''}; process ended` };
  return { kind: 'crashed', message: `sandbox process exited (${e.signal ?? `code ${e.code}`})` };
}

function newThread(launcher: SandboxLauncher, runtime: SandboxProcessRuntime, memoryMb: number, key: string): Thread {
  const p = launcher.launch({ runtime, memoryMb, semiSpaceMb: SEMI_SPACE_MB });
  if (p.pid !== undefined) capDataSegment(p.pid, memoryMb, runtime);
  const t: Thread = { p, launcher, key, onMessage: null, onExit: [], exited: false, idleTimer: null };
  p.onMessage((m) => t.onMessage?.(m));
  p.onExit((e) => {
    if (t.exited) return;
    t.exited = true;
    dropIdle(t);
    const { kind, message } = classifyExit(e, memoryMb);
    for (const h of t.onExit) h(kind, message);
  });
  return t;
}

/** Memory of the runtime itself (Node, SES or onnxruntime's WASM), measured as VmData ≈ 50–85 MB; headroom above it. */
const RUNTIME_DATA_MB = 320;
let prlimitMissing: boolean | null = null;

/**
 * The OS's own memory limit on a sandbox process, set right after it starts (before the module's code
 * arrives): RLIMIT_DATA, which Linux (≥ 4.7) applies to every private writable mapping — the V8 heap and
 * ArrayBuffers/WASM memory alike. An allocation over it fails inside the call that makes it (a
 * `new Float64Array(2e8)` throws RangeError there) instead of growing the process to gigabytes before the
 * after-call check sees it. Limit: the heap cap + the external cap (the manifest's memoryMb each) + the
 * runtime. Where prlimit(1) is missing (not Linux) the V8 heap cap and the after-call check remain.
 */
function capDataSegment(pid: number, memoryMb: number, runtime: string): void {
  if (prlimitMissing === true) return;
  const bytes = (2 * memoryMb + (runtime === 'onnx' ? 64 : 0) + RUNTIME_DATA_MB) * 2 ** 20;
  const r = spawnSync('prlimit', ['--pid', String(pid), `--data=${bytes}:${bytes}`], { stdio: 'ignore' });
  if (r.error) prlimitMissing = true;
}

/** What capDataSegment achieves on this machine, for the runtimes' `enforces` line. */
function osMemoryLimit(launcher: SandboxLauncher): string {
  // An Electron utility process is started by the main process, which sets no rlimit on it (yet).
  if (launcher.kind !== 'child process') return 'no OS memory limit';
  if (prlimitMissing === null) prlimitMissing = spawnSync('prlimit', ['--version'], { stdio: 'ignore' }).error !== undefined;
  return prlimitMissing ? 'no OS memory limit (prlimit not available)' : 'OS memory limit (RLIMIT_DATA: heap + external cap + runtime)';
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
  t.p.kill();
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
  t.p.keepAlive(false);
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
  if (!t.exited) t.p.post(msg);
}

/** A port on a recycled worker for this key if one is idle, else on a new worker. */
function workerPort(launcher: SandboxLauncher, runtime: SandboxProcessRuntime, memoryMb: number, codeKey: string): WorkerPort {
  const key = `${runtime}:${memoryMb}:${codeKey}`;
  const i = idle.findIndex((t) => t.key === key && t.launcher === launcher && !t.exited);
  let t: Thread;
  if (i >= 0) {
    t = idle[i];
    dropIdle(t);
    t.p.keepAlive(true);
  } else t = newThread(launcher, runtime, memoryMb, key);
  let done = false;
  return {
    post: (msg) => send(t, msg),
    hangCause: () => {
      // Pyodide: Python's memory is the WebAssembly heap, capped inside the worker (MemoryError, not a
      // GC-bound hang), and the interpreter alone keeps ~200 MB resident: a silent Pyodide worker is a hang.
      if (runtime === 'pyodide') return null;
      const mb = residentMb(t.p.pid);
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

/** The Node child-process launcher, made once: recycled processes are matched by launcher. */
let defaultLauncher: SandboxLauncher | null = null;
const nodeLauncher = () => (defaultLauncher ??= childProcessLauncher());

export function jsWorkerRuntime(launcher: SandboxLauncher = nodeLauncher()): SandboxFactory {
  return {
    enforces:
      `own ${launcher.kind} process with V8 heap cap (--max-old-space-size; an out-of-memory abort ends only that process), ${osMemoryLimit(launcher)} + SES lockdown/Compartment (fresh per module instance; a healthy process is recycled for the same module): no network, filesystem, process, timers, Date.now or Math.random; only its own files importable; per-call CPU budget counted until the module is idle (promise jobs included) and hang timeout (process killed)`,
    async start(bundle: ModuleBundle) {
      if (!bundle.code) throw new SandboxStartError('start', 'no transpiled code in the bundle');
      const mb = bundle.manifest.limits.memoryMb;
      return portSandbox(workerPort(launcher, 'js', mb, codeKey({ manifest: JSON.stringify(bundle.manifest), ...bundle.code })), {
        type: 'init',
        runtime: 'js',
        manifest: bundle.manifest,
        code: bundle.code,
        externalMemoryCapBytes: mb * 2 ** 20,
      });
    },
  };
}

export function onnxWorkerRuntime(launcher: SandboxLauncher = nodeLauncher()): SandboxFactory {
  return {
    enforces: `onnxruntime-web (WASM, 1 thread) in its own ${launcher.kind} process with heap cap and ${osMemoryLimit(launcher)}; the model is data (no code); per-call CPU budget and hang timeout`,
    async start(bundle: ModuleBundle) {
      const model = bundle.files[bundle.manifest.entry];
      if (!model) throw new SandboxStartError('start', `model file '${bundle.manifest.entry}' is not in the module`);
      // WASM memory lives outside the JS heap; give it the manifest's cap plus the runtime's own ~64 MB.
      const mb = bundle.manifest.limits.memoryMb;
      return portSandbox(workerPort(launcher, 'onnx', mb, codeKey({ manifest: JSON.stringify(bundle.manifest), model })), {
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
 * Python modules on Pyodide (WebAssembly CPython, standard library plus the wheels a module ships) in the same kind of child
 * process: the interpreter boots once per process (2.5–4 s) and a healthy process is recycled for the
 * next instance of the same module, like the JS runtime. The V8 heap gets PYODIDE_JS_HEAP_MB on top of
 * the manifest's cap (Pyodide's own JS); the Python heap (WebAssembly memory) is capped at the
 * interpreter's boot size + memoryMb inside the worker (modules-host/pyodide-runner.ts).
 */
const PYODIDE_JS_HEAP_MB = 128;

export function pyodideWorkerRuntime(launcher: SandboxLauncher = nodeLauncher()): SandboxFactory {
  return {
    enforces:
      `Pyodide (CPython on WebAssembly, standard library + the wheels listed in packages:, from the module folder only) in its own ${launcher.kind} with ${osMemoryLimit(launcher)}, booted once and recycled for the same module: no JS globals (empty 'js'), Pyodide's API stripped, SES lockdown (no Function constructor), in-memory file system only (no host files), sockets fail, clocks read simulated time, os.urandom/random seeded; Python heap capped at boot + memoryMb; per-call CPU budget and hang timeout (process killed)`,
    async start(bundle: ModuleBundle) {
      const mb = bundle.manifest.limits.memoryMb;
      return portSandbox(workerPort(launcher, 'pyodide', mb + PYODIDE_JS_HEAP_MB, codeKey({ manifest: JSON.stringify(bundle.manifest), ...bundle.files })), {
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
