/**
 * The inside of a sandbox worker (runs in the worker, never in the host): loads a JS module into a
 * hardened SES Compartment, or an ONNX model into onnxruntime, and answers one message per simulated
 * second. Platform-free: the Node and browser worker entries inject SES's Compartment, onnxruntime and
 * a memory probe.
 */
import type { BedSecondInput, DiagnosticModule, ModuleManifest } from './contract';
import type { BedResult, HostToWorker, WorkerInit, WorkerToHost } from './sandbox';
import { OnnxRunner, type OrtLike } from './onnx-runner';
import { PyodideModuleError, type PyodideHost } from './pyodide-runner';

/** SES's Compartment, as far as we use it. */
export interface CompartmentLike {
  evaluate(code: string): unknown;
}
export type CompartmentCtor = new (options: {
  globals: Record<string, unknown>;
  /** Run on every source the compartment evaluates: the module's files, and later its eval and Function calls. */
  transforms?: ((source: string) => string)[];
  __options__: true;
}) => CompartmentLike;

export interface RunnerDeps {
  Compartment?: CompartmentCtor;
  ort?: OrtLike;
  /** The worker's one Pyodide interpreter (booted on first use, then reused by every instance). */
  pyodide?: () => Promise<PyodideHost>;
  /** Bytes of ArrayBuffer/external memory of this worker (the heap cap is enforced by the platform). */
  externalMemoryBytes(): number;
  now(): number;
  /** Resolves once the module is idle again (its promise jobs run); the call's CPU is measured up to here. */
  idle?(): Promise<void>;
}

/** Copy limits for what a module returns: bounded work, plain data only (no proxies, getters kept out). */
const MAX_FINDINGS_COPIED = 64;
const MAX_KEYS = 32;
const MAX_STRING = 2000;

export class SandboxViolation extends Error {}

export function createRunner(deps: RunnerDeps, reply: (m: WorkerToHost) => void): (msg: HostToWorker) => Promise<void> {
  let call: ((beds: BedSecondInput[]) => Promise<BedResult[]> | BedResult[]) | null = null;
  let violations: string[] = [];
  let capBytes = Infinity;
  let pyodide: PyodideHost | null = null;

  return async (msg) => {
    if (msg.type === 'init') {
      try {
        capBytes = msg.externalMemoryCapBytes;
        const log = (v: string) => violations.push(v);
        if (msg.runtime === 'js') {
          const mod = loadJsModule(msg, deps, log);
          call = (beds) =>
            beds.map((b) => {
              try {
                return { bedId: b.bedId, findings: plainAnswer(mod.onSecond(b)) };
              } catch (err) {
                throw new ModuleRuntimeError(err, b.bedId, b.simTimeS);
              }
            });
        } else if (msg.runtime === 'pyodide') {
          if (!deps.pyodide) throw new Error('Pyodide is not available in this worker');
          pyodide = await deps.pyodide();
          call = pyodide.start(msg.manifest, msg.files ?? {});
        } else {
          if (!deps.ort) throw new Error('onnxruntime is not available in this worker');
          const runner = await OnnxRunner.create(deps.ort, msg.manifest, msg.model as Uint8Array);
          call = (beds) => runner.onSecond(beds);
        }
        if (violations.length) throw new SandboxViolation(violations[0]);
        reply({ type: 'ready' });
      } catch (err) {
        reply({ type: 'failed', seq: null, ...classify(err, violations) });
      }
      return;
    }
    if (msg.type === 'reset') {
      // Recycled worker: forget the module (its Compartment becomes garbage) and confirm we are idle.
      call = null;
      violations = [];
      pyodide?.reset();
      reply({ type: 'ready' });
      return;
    }
    if (!call) return reply({ type: 'failed', seq: msg.seq, kind: 'protocol', message: 'second before init' });
    if (msg.type === 'second') {
      await one(call, msg.beds, msg.seq, undefined);
      return;
    }
    // K seconds in one message: each answered as soon as it is computed (see HostToWorker), in order,
    // stopping at the first failure — exactly the sequence of K 'second' messages, minus K-1 round trips.
    for (let i = 0; i < msg.seconds.length; i++) if (!(await one(call, msg.seconds[i], msg.seq, i))) return;
  };

  /** Compute one second and answer it; false if it failed (the host then stops this sandbox). */
  async function one(run: NonNullable<typeof call>, beds: BedSecondInput[], seq: number, index: number | undefined): Promise<boolean> {
    const at = index === undefined ? {} : { index };
    const t0 = deps.now();
    try {
      violations = [];
      const results = await run(beds);
      await deps.idle?.();
      const computeMs = deps.now() - t0;
      // A module that caught the sandbox's error and carried on is still reported.
      if (violations.length) throw new SandboxViolation(violations[0]);
      const ext = deps.externalMemoryBytes();
      if (ext > capBytes) {
        reply({ type: 'failed', seq, ...at, kind: 'memory', message: `external (ArrayBuffer) memory ${(ext / 1048576).toFixed(0)} MB over the cap ${(capBytes / 1048576).toFixed(0)} MB` });
        return false;
      }
      reply({ type: 'result', seq, ...at, computeMs, results });
      return true;
    } catch (err) {
      reply({ type: 'failed', seq, ...at, ...classify(err, violations) });
      return false;
    }
  }
}

/** Prefix of the URL each module file is evaluated under, so stack frames name the student's file. */
const SOURCE_URL = 'wardtwin-module:///';
const FRAME = /wardtwin-module:\/\/\/([^\s:()]+):(\d+):\d+/;

/**
 * Where in the module's own files an error was thrown: the innermost stack frame in one of them, as
 * `file:line`. The compiler (./compile) keeps lines in place and the wrapper adds none, so the line is
 * the student's; columns are not reported (stripped type annotations shift them).
 */
export function moduleFrame(err: unknown): string | null {
  let stack: unknown;
  try {
    stack = (err as { stack?: unknown } | null)?.stack;
  } catch {
    return null;
  }
  const m = typeof stack === 'string' ? FRAME.exec(stack) : null;
  return m ? `${m[1].split('/').map(decodeURIComponent).join('/')}:${m[2]}` : null;
}

function clock(s: number): string {
  const t = Math.floor(s);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(Math.floor(t / 3600))}:${two(Math.floor(t / 60) % 60)}:${two(t % 60)}`;
}

/** A module's onSecond threw: the error with its file:line, the bed and the simulated time (the host adds the module's name). */
export class ModuleRuntimeError extends Error {
  constructor(readonly inner: unknown, bedId: string, simTimeS: number) {
    const where = moduleFrame(inner);
    super(`${errText(inner)}${where ? ` at ${where}` : ''} on bed '${bedId}' at simulated time ${clock(simTimeS)} (${simTimeS} s)`);
  }
}

function classify(err: unknown, violations: string[]): { kind: 'violation' | 'threw' | 'memory'; message: string } {
  if (violations.length) return { kind: 'violation', message: `tried to use ${violations[0]}, which the sandbox does not provide` };
  if (err instanceof PyodideModuleError) return { kind: err.kind, message: err.message };
  if (err instanceof ModuleRuntimeError) {
    const inner = err.inner;
    if (inner instanceof RangeError && /allocation|Array buffer|memory/i.test(errText(inner))) return { kind: 'memory', message: err.message };
    return { kind: 'threw', message: err.message };
  }
  const text = errText(err);
  if (err instanceof RangeError && /allocation|Array buffer|memory/i.test(text)) return { kind: 'memory', message: text };
  return { kind: 'threw', message: text };
}

function errText(err: unknown): string {
  try {
    if (err instanceof Error || (typeof err === 'object' && err !== null && 'message' in err)) {
      const e = err as { name?: unknown; message?: unknown };
      return `${String(e.name ?? 'Error')}: ${String(e.message).slice(0, 300)}`;
    }
    return `threw a non-Error value: ${String(err).slice(0, 300)}`;
  } catch {
    return 'threw an unprintable value';
  }
}

/** Names a module might reach for to get out; each is a stub that records the attempt and throws. */
const FORBIDDEN: Record<string, string> = {
  fetch: 'network', XMLHttpRequest: 'network', WebSocket: 'network', EventSource: 'network', importScripts: 'network',
  setTimeout: 'timers', setInterval: 'timers', setImmediate: 'timers', queueMicrotask: 'timers',
  Worker: 'threads', SharedArrayBuffer: 'shared memory', Atomics: 'shared memory',
  Buffer: 'Node APIs', __dirname: 'filesystem', __filename: 'filesystem', Deno: 'runtime APIs', Bun: 'runtime APIs',
};

/** What SES's own censor rejects as a possible import expression (also inside comments and strings). */
const IMPORT_EXPRESSION = /(^|[^.]|\.\.\.)\bimport\s*(\(|\/[/*])/;

function loadJsModule(init: WorkerInit, deps: RunnerDeps, violation: (what: string) => void): DiagnosticModule {
  if (!deps.Compartment) throw new Error('SES Compartment is not available in this worker');
  const code = init.code ?? {};
  const globals: Record<string, unknown> = {
    // No-op console: students may leave logging in; output would not be deterministic to show anyway.
    console: Object.freeze({ log() {}, info() {}, warn() {}, error() {}, debug() {} }),
    // SES leaves the float typed arrays out of compartments (NaN bit patterns could leak information);
    // signal code needs them, and the frozen intrinsics of this already-locked-down worker are safe to share.
    Float32Array: globalThis.Float32Array,
    Float64Array: globalThis.Float64Array,
  };
  for (const [name, what] of Object.entries(FORBIDDEN)) {
    globals[name] = function forbidden() {
      violation(`${name} (${what})`);
      throw new Error(`${name} is not available in the WardTwin sandbox (no ${what})`);
    };
  }
  globals.process = new Proxy(Object.freeze({}), {
    get(_t, k) {
      violation(`process.${String(k)} (process access)`);
      throw new Error('process is not available in the WardTwin sandbox');
    },
  });
  // SES rejects import expressions in every source it evaluates, but as a catchable SyntaxError: a module
  // could try one from eval or Function on a later call and swallow it. The transform sees each of those
  // sources first (module files at load, eval/Function whenever called), so the attempt is a violation.
  const noImport = (source: string): string => {
    if (IMPORT_EXPRESSION.test(source)) violation('import() (dynamic import: a module loads only its own files, bundled when it is uploaded)');
    return source;
  };
  const compartment = new deps.Compartment({ globals, transforms: [noImport], __options__: true });

  const cache = new Map<string, { exports: unknown }>();
  const resolveIn = (from: string, spec: string): string | null => {
    if (!spec.startsWith('./') && !spec.startsWith('../')) return null;
    const parts = from.split('/').slice(0, -1);
    for (const seg of spec.split('/')) {
      if (seg === '..') parts.pop();
      else if (seg !== '.') parts.push(seg);
    }
    const base = parts.join('/');
    const stem = base.replace(/\.(m?js|cjs|ts|mts)$/, '');
    for (const c of [base, `${stem}.ts`, `${stem}.js`, `${stem}.mjs`, `${stem}.mts`, `${base}/index.ts`, `${base}/index.js`]) if (c in code) return c;
    return null;
  };
  const load = (path: string): unknown => {
    const hit = cache.get(path);
    if (hit) return hit.exports;
    const module = { exports: {} as unknown };
    cache.set(path, module);
    // Wrapper on the code's first line (no line added) and a sourceURL naming the file: stack frames
    // then read `wardtwin-module:///<file>:<line>` with the student's own line numbers.
    const url = SOURCE_URL + path.split('/').map(encodeURIComponent).join('/');
    const fn = compartment.evaluate(`(function (exports, require, module) {${code[path]}\n})\n//# sourceURL=${url}`) as (e: unknown, r: unknown, m: unknown) => void;
    const require = (spec: string) => {
      const target = typeof spec === 'string' ? resolveIn(path, spec) : null;
      if (target === null) {
        violation(`require('${String(spec)}') (only the module's own files can be imported: no filesystem, network or process modules)`);
        throw new Error(`require('${String(spec)}') is not available in the WardTwin sandbox`);
      }
      return load(target);
    };
    fn(module.exports, require, module);
    return module.exports;
  };
  const exp = load(init.manifest.entry) as Record<string, unknown>;
  const m = init.manifest;
  const ctx = { name: m.name, version: m.version, params: JSON.parse(JSON.stringify(m.params)) as Record<string, unknown> };
  const factory = exp.default ?? exp.create;
  const mod = (typeof factory === 'function' ? (factory as (c: unknown) => unknown)(ctx) : factory) as DiagnosticModule | undefined;
  if (!mod || typeof mod.onSecond !== 'function') {
    throw new Error(`the entry '${m.entry}' must export default (or 'create') a function returning { onSecond(input) }`);
  }
  return mod;
}

/**
 * onSecond's answer as plain data: a list of findings, or {findings, scores} with each list copied as a
 * top-level list (same depth and count limits as the list form).
 */
function plainAnswer(v: unknown): unknown {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || typeof (v as { then?: unknown }).then === 'function') return toPlain(v, 0);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).slice(0, MAX_KEYS)) out[k] = toPlain((v as Record<string, unknown>)[k], 0);
  return out;
}

/** Copy a module's return value into plain data; anything exotic becomes a marker the host rejects. */
function toPlain(v: unknown, depth: number): unknown {
  if (v === null || v === undefined || typeof v === 'boolean' || typeof v === 'number') return v;
  if (typeof v === 'string') return v.length > MAX_STRING ? v.slice(0, MAX_STRING) : v;
  if (typeof v !== 'object') return `<${typeof v}>`;
  if (depth > 3) return '<too deep>';
  if (typeof (v as { then?: unknown }).then === 'function') return '<promise: onSecond must return synchronously>';
  if (Array.isArray(v)) {
    if (depth === 0 && v.length > MAX_FINDINGS_COPIED) return { tooMany: v.length };
    return v.slice(0, MAX_KEYS * 4).map((x) => toPlain(x, depth + 1));
  }
  const out: Record<string, unknown> = {};
  const keys = Object.keys(v).slice(0, MAX_KEYS);
  for (const k of keys) out[k] = toPlain((v as Record<string, unknown>)[k], depth + 1);
  return out;
}

export type { ModuleManifest };
