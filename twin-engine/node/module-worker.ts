/**
 * A module sandbox child process (Node). JS modules: SES `lockdown()` hardens this thread's realm,
 * then the module runs in a Compartment with no Node, network, timer or filesystem globals (see
 * modules-host/sandbox-runner.ts). ONNX models: onnxruntime-web (WASM, single-threaded, offline).
 * The heap cap is this process's --max-old-space-size (set by module-runtimes.ts).
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { createRunner, type CompartmentCtor, type RunnerDeps } from '../modules-host/sandbox-runner';
import type { HostToWorker } from '../modules-host/sandbox';
import { SANDBOX_RUNTIME_ENV } from '../modules-host/sandbox-launcher';
import { ortAdapter, type OrtLike, type OrtModule } from '../modules-host/onnx-runner';
import { bootPyodide, deterministicFill, installDeterminism, type LoadPyodide, type PyodideHost } from '../modules-host/pyodide-runner';

/** The real clock, captured before the pyodide runtime replaces the worker's clocks with simulated time. */
const realNow = performance.now.bind(performance);

/**
 * The host's channel. A Node child process (node/sandbox-launcher-node.ts) has Node's IPC channel
 * (process.send / 'message'); an Electron utility process (electron/main/sandbox-launcher.ts) has
 * process.parentPort, whose 'message' events carry the message in `data`. Both structured-clone.
 */
interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}
const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
const port = parentPort
  ? {
      postMessage: (m: unknown) => parentPort.postMessage(m),
      on: (_: 'message', h: (m: HostToWorker) => void) => parentPort.on('message', (e) => h(e.data as HostToWorker)),
    }
  : {
      postMessage: (m: unknown) => process.send?.(m),
      on: (_: 'message', h: (m: HostToWorker) => void) => process.on('message', h as (m: unknown) => void),
    };
const runtime = process.env[SANDBOX_RUNTIME_ENV];
if (runtime !== 'js' && runtime !== 'onnx' && runtime !== 'pyodide') throw new Error(`${SANDBOX_RUNTIME_ENV} must be 'js', 'onnx' or 'pyodide' (got '${runtime}')`);
// The host going away (run finished, host crashed) ends this process: nothing of a module outlives it.
// (A utility process needs no such hook: Electron ends it with its parent.)
if (!parentPort) process.on('disconnect', () => process.exit(0));

async function deps(): Promise<RunnerDeps> {
  const base = {
    externalMemoryBytes: () => (getHeapStatistics() as { external_memory?: number }).external_memory ?? process.memoryUsage().arrayBuffers,
    now: realNow,
    // A macrotask: it runs only once every promise job the module queued has run, so the CPU of the
    // whole call, promise jobs included, is inside the measured time (an endless job chain is a hang).
    idle: () => new Promise<void>((r) => setImmediate(r)),
  };
  if (runtime === 'js') {
    await import('ses');
    // errorTaming 'unsafe' keeps error messages/stacks for quarantine reasons; the rest are SES defaults
    // (Date.now and Math.random throw inside compartments: modules stay deterministic).
    lockdown({ errorTaming: 'unsafe', consoleTaming: 'unsafe', overrideTaming: 'moderate' });
    return { ...base, Compartment: Compartment as unknown as CompartmentCtor };
  }
  if (runtime === 'pyodide') {
    const py = await loadPyodideOnce();
    return { ...base, pyodide: async () => py };
  }
  return { ...base, ort: await loadOrt() };
}

/**
 * Boot Pyodide once for this process (2.5–4 s), from the npm package's own files (never a CDN), then
 * lock the realm down (modules-host/pyodide-runner.ts says what each step stops).
 */
async function loadPyodideOnce(): Promise<PyodideHost> {
  const require = createRequire(import.meta.url);
  installDeterminism();
  // Emscripten's os.urandom in Node is node:crypto's randomFillSync: the same fixed stream.
  (require('node:crypto') as { randomFillSync: unknown }).randomFillSync = deterministicFill;
  const indexURL = `${dirname(require.resolve('pyodide/package.json'))}/`;
  const { loadPyodide } = (await import('pyodide')) as unknown as { loadPyodide: LoadPyodide };
  const py = await bootPyodide(loadPyodide, { indexURL, packageCacheDir: indexURL });
  // Pyodide's Node loader leaves a global require(fs | crypto | ws | child_process) shim behind.
  delete (globalThis as { require?: unknown }).require;
  await import('ses');
  // 'severe': Pyodide assigns `constructor` on objects made from frozen prototypes (the override mistake).
  lockdown({ errorTaming: 'unsafe', consoleTaming: 'unsafe', overrideTaming: 'severe' });
  return py;
}

async function loadOrt(): Promise<OrtLike> {
  return ortAdapter((await import('onnxruntime-web')) as unknown as OrtModule);
}

const ready = deps();
let queue: Promise<void> = Promise.resolve();
ready.then(
  (d) => {
    const handle = createRunner(d, (m) => port.postMessage(m));
    port.on('message', (msg: HostToWorker) => {
      queue = queue.then(() => handle(msg));
    });
  },
  (err) => port.postMessage({ type: 'failed', seq: null, kind: 'start', message: `sandbox failed to start: ${String(err)}` }),
);
