/**
 * A module sandbox Web Worker (browser): the same runner as the Node worker thread. JS modules run in an
 * SES Compartment after lockdown(); ONNX models in onnxruntime-web (WASM); Python modules in Pyodide
 * (booted once per worker, then lockdown()). Bundle with Vite as a worker:
 *   new Worker(new URL('./module-worker.ts', import.meta.url), { type: 'module' })
 * Browsers give no per-worker heap cap: memory is NOT capped here; a runaway module is stopped only by
 * the per-call timeout (worker.terminate()) or by the tab's own out-of-memory handling.
 */
import { createRunner, type CompartmentCtor, type RunnerDeps } from '../modules-host/sandbox-runner';
import type { HostToWorker } from '../modules-host/sandbox';
import { ortAdapter, type OrtModule } from '../modules-host/onnx-runner';
import { bootPyodide, installDeterminism, type LoadPyodide } from '../modules-host/pyodide-runner';

/** The real clock, captured before the pyodide runtime replaces the worker's clocks with simulated time. */
const realNow = performance.now.bind(performance);

declare const self: { postMessage(m: unknown): void; onmessage: ((e: { data: HostToWorker }) => void) | null };

/** Browsers expose no per-worker external-memory figure: the cap is not enforced here (README.md). */
const externalMemoryBytes = () => 0;

async function deps(runtime: 'js' | 'onnx' | 'pyodide'): Promise<RunnerDeps> {
  const base = { externalMemoryBytes, now: realNow };
  if (runtime === 'js') {
    await import('ses');
    lockdown({ errorTaming: 'unsafe', consoleTaming: 'unsafe', overrideTaming: 'moderate' });
    return { ...base, Compartment: Compartment as unknown as CompartmentCtor };
  }
  if (runtime === 'pyodide') {
    installDeterminism();
    // Pyodide's files are served by the app beside this worker (scripts/pyodide-assets.ts), never a CDN.
    const indexURL = new URL('./pyodide/', import.meta.url).href;
    const { loadPyodide } = (await import('pyodide')) as unknown as { loadPyodide: LoadPyodide };
    const py = await bootPyodide(loadPyodide, { indexURL });
    await import('ses');
    // After boot (see modules-host/pyodide-runner.ts); 'severe': Pyodide assigns `constructor` on objects.
    lockdown({ errorTaming: 'unsafe', consoleTaming: 'unsafe', overrideTaming: 'severe' });
    return { ...base, pyodide: async () => py };
  }
  return { ...base, ort: ortAdapter((await import('onnxruntime-web')) as unknown as OrtModule) };
}

let handle: ((m: HostToWorker) => Promise<void>) | null = null;
let queue: Promise<void> = Promise.resolve();
self.onmessage = (e) => {
  const msg = e.data;
  queue = queue.then(async () => {
    if (!handle) {
      if (msg.type !== 'init') return;
      try {
        handle = createRunner(await deps(msg.runtime), (m) => self.postMessage(m));
      } catch (err) {
        self.postMessage({ type: 'failed', seq: null, kind: 'start', message: `sandbox failed to start: ${String(err)}` });
        return;
      }
    }
    await handle(msg);
  });
};
