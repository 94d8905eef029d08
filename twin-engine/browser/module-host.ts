/**
 * The module host for the browser (Web Worker engine host): JS, ONNX and Pyodide (Python) modules each in
 * their own Web Worker. No external-process runtime in a browser. Modules come as uploaded bundles (text files),
 * compiled by the same engine compiler as in Node (modules-host/compile.ts, via bundleFromFiles); the
 * caller supplies the built-in reference modules (e.g. import.meta.glob('/modules/*\/**', { query: '?raw' })).
 */
import { bundleFromFiles, uploadedOrigin } from '../modules-host/bundle';
import type { ModuleBundle } from '../modules-host/contract';
import { SandboxModuleHost, type HostModuleSource, type ModuleLoadRecord } from '../modules-host/module-host';
import { portSandbox, SandboxStartError, type FailureKind, type SandboxFactory, type WorkerPort } from '../modules-host/sandbox';

function webWorkerPort(): WorkerPort {
  const w = new Worker(new URL('./module-worker.ts', import.meta.url), { type: 'module' });
  const exits: ((k: FailureKind, m: string) => void)[] = [];
  w.onerror = (e) => exits.forEach((h) => h('crashed', `worker failed: ${e.message}`));
  return {
    post: (msg) => w.postMessage(msg),
    onMessage: (h) => w.addEventListener('message', (e) => h(e.data)),
    onExit: (h) => exits.push(h),
    terminate: async () => w.terminate(),
  };
}

const ENFORCES = {
  js: 'Web Worker + SES lockdown/Compartment; per-call timeout; NO heap cap (browsers have none per worker)',
  onnx: 'onnxruntime-web (WASM) in a Web Worker; per-call timeout; NO heap cap',
  pyodide:
    "Pyodide (CPython on WebAssembly, standard library + the wheels listed in packages:, from the module folder only) in a Web Worker: no JS globals (empty 'js'), Pyodide's API stripped, SES lockdown, in-memory file system only, sockets fail, clocks read simulated time, seeded randomness; Python heap capped at boot + memoryMb; per-call timeout; no cap on the worker's JS heap",
};

function runtime(kind: 'js' | 'onnx' | 'pyodide'): SandboxFactory {
  return {
    enforces: ENFORCES[kind],
    async start(b: ModuleBundle) {
      const model = kind === 'onnx' ? b.files[b.manifest.entry] : undefined;
      if (kind === 'onnx' && !model) throw new SandboxStartError('start', `model file '${b.manifest.entry}' is missing`);
      return portSandbox(webWorkerPort(), {
        type: 'init',
        runtime: kind,
        manifest: b.manifest,
        code: b.code,
        model: model?.slice(),
        files: kind === 'pyodide' ? Object.fromEntries(Object.entries(b.files).map(([k, v]) => [k, v.slice()])) : undefined,
        externalMemoryCapBytes: Infinity,
      });
    },
  };
}

export function createBrowserModuleHost(opts: {
  builtins?: Record<string, Record<string, string | Uint8Array>>;
  onModuleLoad?(rec: ModuleLoadRecord): void;
}): SandboxModuleHost {
  const enc = (files: Record<string, string | Uint8Array>) => Object.fromEntries(Object.entries(files).map(([k, v]) => [k, typeof v === 'string' ? new TextEncoder().encode(v) : v]));
  return new SandboxModuleHost({
    runtimes: { js: runtime('js'), onnx: runtime('onnx'), pyodide: runtime('pyodide') },
    onModuleLoad: opts.onModuleLoad,
    async resolve(source: HostModuleSource) {
      if (source.kind === 'builtin') {
        const files = opts.builtins?.[source.id];
        if (!files) throw new Error(`Unknown built-in module '${source.id}'. Available: ${Object.keys(opts.builtins ?? {}).join(', ')}`);
        return bundleFromFiles(enc(files), `builtin:${source.id}`);
      }
      if (source.kind === 'file') throw new Error('The browser host has no filesystem: upload the module as a bundle');
      const mName = source.manifestName ?? 'module.yaml';
      return bundleFromFiles(enc({ ...source.files, [mName]: source.manifest }), uploadedOrigin(source), mName);
    },
  });
}
