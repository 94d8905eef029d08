/**
 * A module sandbox worker thread (Node). JS modules: SES `lockdown()` hardens this thread's realm,
 * then the module runs in a Compartment with no Node, network, timer or filesystem globals (see
 * modules-host/sandbox-runner.ts). ONNX models: onnxruntime-web (WASM, single-threaded, offline).
 * The heap cap is this worker's resourceLimits (set by module-runtimes.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { getHeapStatistics } from 'node:v8';
import { createRunner, type CompartmentCtor, type RunnerDeps } from '../modules-host/sandbox-runner';
import type { HostToWorker } from '../modules-host/sandbox';
import { ortAdapter, type OrtLike, type OrtModule } from '../modules-host/onnx-runner';

const port = parentPort!;
const runtime = (workerData as { runtime: 'js' | 'onnx' }).runtime;

async function deps(): Promise<RunnerDeps> {
  const base = {
    externalMemoryBytes: () => (getHeapStatistics() as { external_memory?: number }).external_memory ?? process.memoryUsage().arrayBuffers,
    now: () => performance.now(),
  };
  if (runtime === 'js') {
    await import('ses');
    // errorTaming 'unsafe' keeps error messages/stacks for quarantine reasons; the rest are SES defaults
    // (Date.now and Math.random throw inside compartments: modules stay deterministic).
    lockdown({ errorTaming: 'unsafe', consoleTaming: 'unsafe', overrideTaming: 'moderate' });
    return { ...base, Compartment: Compartment as unknown as CompartmentCtor };
  }
  return { ...base, ort: await loadOrt() };
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
