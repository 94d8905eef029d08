/**
 * Node runtimes for diagnostic modules: JS/TS and ONNX in worker threads (SES / onnxruntime-web), and
 * external processes over JSON lines (module-process.ts). Each enforces what its `enforces` says.
 */
import { Worker } from 'node:worker_threads';
import type { ModuleBundle } from '../modules-host/contract';
import { portSandbox, SandboxStartError, type FailureKind, type SandboxFactory, type WorkerPort } from '../modules-host/sandbox';

const BOOT = new URL('./module-worker-boot.mjs', import.meta.url);
/** Young generation for the worker (MB); the manifest's memoryMb caps the old generation. */
const YOUNG_GEN_MB = 16;

function workerPort(runtime: 'js' | 'onnx', memoryMb: number): WorkerPort {
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
  let exited = false;
  const onExit: ((kind: FailureKind, message: string) => void)[] = [];
  const fire = (kind: FailureKind, message: string) => {
    if (exited) return;
    exited = true;
    for (const h of onExit) h(kind, message);
  };
  w.on('error', (err: Error & { code?: string }) => {
    if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') fire('memory', `worker heap over ${memoryMb} MB (worker terminated)`);
    else fire('crashed', `worker failed: ${err.message}`);
  });
  w.on('exit', (code) => fire('crashed', `worker exited (code ${code})`));
  return {
    post: (msg) => w.postMessage(msg),
    onMessage: (h) => w.on('message', h),
    onExit: (h) => onExit.push(h),
    terminate: async () => {
      exited = true;
      await w.terminate();
    },
  };
}

export function jsWorkerRuntime(): SandboxFactory {
  return {
    enforces:
      'worker thread with heap cap (resourceLimits) + SES lockdown/Compartment: no network, filesystem, process, timers, Date.now or Math.random; only its own files importable; per-call CPU budget and hang timeout (worker terminated)',
    async start(bundle: ModuleBundle) {
      if (!bundle.code) throw new SandboxStartError('start', 'no transpiled code in the bundle');
      const mb = bundle.manifest.limits.memoryMb;
      return portSandbox(workerPort('js', mb), {
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
      return portSandbox(workerPort('onnx', mb), {
        type: 'init',
        runtime: 'onnx',
        manifest: bundle.manifest,
        model: model.slice(),
        externalMemoryCapBytes: (mb + 64) * 2 ** 20,
      });
    },
  };
}
