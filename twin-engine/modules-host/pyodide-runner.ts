/**
 * The `pyodide` runtime, inside a sandbox worker/child process: Python modules run in Pyodide (CPython
 * compiled to WebAssembly: the standard library, plus the wheels a module ships in its folder and lists
 * under `packages:`, unpacked from its own files — nothing fetched), booted ONCE per sandbox process and reused by every
 * instance of the module it serves. Platform-free: the Node and browser workers inject `loadPyodide` and
 * where its files are, then call SES `lockdown()` (see `hardenJsRealm` below for why that is part of the
 * sandbox, not an extra).
 *
 * What Python could otherwise reach, and what stops it (twin-engine/modules-host/README.md, sandbox table):
 *  - `import js` is the JS global scope by default: Pyodide gets an empty, frozen, prototype-less object
 *    (`jsglobals`), so `js.process`, `js.fetch`, `js.eval` do not exist.
 *  - `pyodide_js` (the Pyodide API: `mountNodeFS`, `loadPackage`, `FS`, `_module`, `useNodeSockFS`, …) is
 *    unregistered and every property of it but `version` is deleted, so a reference found by other means
 *    (gc, `_pyodide_core`) holds nothing; NODEFS and the other host file systems are taken out of FS.
 *  - any JS object Python can still get (`to_js([1])`) leads, through `.constructor.constructor`, to the
 *    Function constructor, i.e. `Function('return process')()`: `lockdown()` makes every Function
 *    constructor reachable from an object inert (tested: "not a valid constructor").
 *  - sockets: Emscripten's socket layer opens WebSockets (Node: the `ws` package) to any host; its peer
 *    factory and listen are replaced by ones that fail with EHOSTUNREACH.
 *  - files: Emscripten's in-memory file system (MEMFS) only: the standard library and the module's own
 *    files; nothing of the host (no NODEFS is ever mounted).
 *  - determinism: `time.time()` and every clock read the SIMULATED time of the second being computed
 *    (Date.now/performance.now are replaced in this worker; the worker measures CPU with the real clock it
 *    captured before); `os.urandom` is a fixed pseudo-random stream restarted for each module instance,
 *    `random` is seeded with 0, PYTHONHASHSEED=0 — same scenario + seed → identical findings.
 *  - memory: the WebAssembly heap may not grow past the interpreter's size at boot + `limits.memoryMb`
 *    (WebAssembly.Memory.grow refuses): Python sees MemoryError and the module is quarantined `memory`.
 * Python-side import blocks (`js`, `pyodide`, `_pyodide_core`, …) only give a clear message: Python can
 * reach around them (sys.modules, gc), which is why the guarantees above are all on the JS side.
 */
import type { BedSecondInput, ModuleManifest } from './contract';
import type { BedResult } from './sandbox';

/** The part of Pyodide's API used before it is stripped (structural: no dependency on the package here). */
export interface PyodideApiLike {
  version: string;
  runPython(code: string, options?: { filename?: string }): unknown;
  unregisterJsModule(name: string): void;
  FS: {
    mkdirTree(path: string): void;
    writeFile(path: string, data: Uint8Array): void;
  };
  _module: {
    HEAPU8: Uint8Array;
    FS: { filesystems: Record<string, unknown>; ErrnoError: new (errno: number) => Error };
    SOCKFS?: { websocket_sock_ops: Record<string, unknown> };
    [k: string]: unknown;
  };
}
export type LoadPyodide = (options: Record<string, unknown>) => Promise<PyodideApiLike>;

/** A Python function as Pyodide hands it to JS: called with a string, returns a string. */
type PyStringFn = ((arg: string) => unknown) & { destroy?(): void };

/** Emscripten errno: EHOSTUNREACH (what a socket connect fails with), ENOSYS-like for listen. */
const EHOSTUNREACH = 23;
const MODULE_DIR = '/home/pyodide/wardtwin_module';
/** Where the module's wheels are unpacked (in-memory, emptied with the module directory on reset). */
const SITE_DIR = '/home/pyodide/wardtwin_site';
const MiB = 1048576;

/** The clock and random stream Python sees; the worker's own CPU measurement must use a clock captured before `installDeterminism`. */
const sim = { ms: 0, rng: 0 };
/** Bytes the WebAssembly heap may grow to (Infinity while booting). */
const heap = { limit: Infinity, refused: 0 };

/** A seeded 32-bit generator (mulberry32), restarted per module instance: os.urandom is a fixed stream. */
export function deterministicFill<T extends ArrayBufferView | null>(view: T): T {
  if (!view) return view;
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  for (let i = 0; i < bytes.length; i++) {
    sim.rng = (sim.rng + 0x6d2b79f5) | 0;
    let t = sim.rng;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    bytes[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
  }
  return view;
}

/**
 * Replace the clocks and random source of THIS worker (only Pyodide runs in it) and cap WebAssembly
 * memory growth. Must run before Pyodide boots and before lockdown() freezes Date and WebAssembly.
 */
export function installDeterminism(): void {
  Date.now = () => sim.ms;
  try {
    (globalThis as unknown as { performance: { now(): number } }).performance.now = () => sim.ms;
  } catch {
    /* a host without a writable performance: Emscripten then falls back to Date.now */
  }
  const c = (globalThis as { crypto?: { getRandomValues?: unknown } }).crypto;
  if (c) {
    try {
      Object.defineProperty(c, 'getRandomValues', { value: deterministicFill, configurable: true, writable: true });
    } catch {
      /* checked below: os.urandom must come out the same twice */
    }
  }
  // The engine's lib has no WebAssembly types: the one method used, structurally.
  type Mem = { buffer: ArrayBuffer; grow(pages: number): number };
  const proto = (globalThis as unknown as { WebAssembly: { Memory: { prototype: Mem } } }).WebAssembly.Memory.prototype;
  const grow = proto.grow;
  proto.grow = function (this: Mem, pages: number): number {
    const want = this.buffer.byteLength + pages * 65536;
    if (want > heap.limit) {
      heap.refused = want;
      throw new RangeError(`WardTwin: WebAssembly memory cap`);
    }
    return grow.call(this, pages);
  };
}

/** The Python side, run once at boot as module `_wardtwin`. Plain data in and out, as JSON text. */
const BOOT_PY = String.raw`
import builtins, importlib, json, math, random, sys, os, shutil, traceback, types, zipfile, importlib.machinery as _mach

MODULE_DIR = ${JSON.stringify(MODULE_DIR)}
SITE_DIR = ${JSON.stringify(SITE_DIR)}
MAX_UNPACKED_MB = 256
BLOCKED = {'js', 'pyodide_js', 'pyodide', '_pyodide', '_pyodide_core', 'micropip', 'pyodide_http'}
WHY_BLOCKED = "is not available in the WardTwin sandbox (no access to JavaScript, the host or the network)"
NO_PACKAGES = ("the pyodide runtime offers Python's standard library and the wheels the module ships: add the "
               "package's .whl file to the module folder and list it in the manifest, e.g. packages: "
               "[wheels/numpy-2.4.6-cp314-cp314-pyemscripten_2026_0_wasm32.whl] (modules/README.md, "
               "'Python modules on Pyodide'); nothing is downloaded")

class _Guard:
    """Clear messages for what the sandbox does not offer. Not the barrier: that is on the JS side."""
    def find_spec(self, name, path=None, target=None):
        top = name.split('.')[0]
        if top in BLOCKED:
            raise ImportError("import of '%s' %s" % (name, WHY_BLOCKED), name=name)
        if path is None and not any(f.find_spec(name) for f in (_mach.BuiltinImporter, _mach.FrozenImporter)) \
                and _mach.PathFinder.find_spec(name) is None:
            raise ModuleNotFoundError("No module named '%s': %s" % (name, NO_PACKAGES), name=name)
        return None

_real_import = builtins.__import__
def _import(name, globals=None, locals=None, fromlist=(), level=0):
    g = globals or {}
    # The wheels' code is the module's too: same refusals.
    mine = g.get('__wardtwin__') or str(g.get('__file__', '')).startswith((MODULE_DIR + '/', SITE_DIR + '/'))
    if level == 0 and name.split('.')[0] in BLOCKED and mine:
        raise ImportError("import of '%s' %s" % (name, WHY_BLOCKED), name=name)
    return _real_import(name, globals, locals, fromlist, level)
builtins.__import__ = _import

for n in ('js', 'pyodide_js'):
    sys.modules.pop(n, None)

def _no_timers(*args, **kwargs):
    raise RuntimeError("timers are not available in the WardTwin sandbox: work scheduled for later (asyncio "
                       "call_soon/call_later, tasks) would run at wall-clock times; compute in on_second")
# asyncio's loop in Pyodide schedules on the JS event loop (setTimeout): callbacks would run between
# simulated seconds at wall-clock-dependent points. Its only handle to it is replaced; none other is left.
import pyodide.webloop as _webloop
_webloop.scheduleCallback = _no_timers
del _webloop
sys.meta_path.insert(0, _Guard())
os.environ.clear()
BOOT_MODULES = set(sys.modules)
BOOT_BUILTINS = dict(builtins.__dict__)
BOOT_PATH = list(sys.path)
_mod = None
_on_second = None
_entry = ''

def _where(tb):
    """The innermost frame in the module's own files, as 'file:line'."""
    best = None
    for fr in traceback.extract_tb(tb):
        if fr.filename.startswith(MODULE_DIR + '/'):
            best = '%s:%d' % (fr.filename[len(MODULE_DIR) + 1:], fr.lineno)
    return best

def _error(e, bed=None, sim_s=None):
    # On 32-bit WebAssembly a request past the address space (a list or bytearray of ten billion items) is an
    # OverflowError where 64-bit CPython raises MemoryError: the same failure, classified the same way.
    huge = isinstance(e, OverflowError) and 'index-sized integer' in str(e)
    kind = 'memory' if isinstance(e, MemoryError) or huge else 'threw'
    if isinstance(e, SyntaxError) and e.filename and e.filename.startswith(MODULE_DIR + '/'):
        return {'kind': 'threw', 'name': 'SyntaxError', 'message': str(e.msg),
                'where': '%s:%s:%s' % (e.filename[len(MODULE_DIR) + 1:], e.lineno, e.offset)}
    return {'kind': kind, 'name': type(e).__name__, 'message': str(e)[:300], 'where': _where(e.__traceback__),
            'bed': bed, 'simTimeS': sim_s}

def reset(_=''):
    global _mod, _on_second
    _mod = _on_second = None
    for n in list(sys.modules):
        if n not in BOOT_MODULES:
            del sys.modules[n]
    builtins.__dict__.clear()
    builtins.__dict__.update(BOOT_BUILTINS)
    sys.path[:] = BOOT_PATH
    shutil.rmtree(MODULE_DIR, ignore_errors=True)
    shutil.rmtree(SITE_DIR, ignore_errors=True)
    importlib.invalidate_caches()
    random.seed(0)
    return ''

def load(spec_json):
    global _mod, _on_second, _entry
    spec = json.loads(spec_json)
    _entry = spec['entry']
    random.seed(0)
    try:
        # The module's wheels (checked by the host: files of the module, pure-Python or this Pyodide's ABI),
        # unpacked from its own in-memory files: nothing fetched. zipfile drops absolute and '..' member names.
        unpacked = 0
        for rel in spec.get('packages') or []:
            with zipfile.ZipFile(MODULE_DIR + '/' + rel) as z:
                # The in-memory files live outside the capped Python heap: a zip bomb is refused, not unpacked.
                unpacked += sum(i.file_size for i in z.infolist())
                if unpacked > MAX_UNPACKED_MB * 1048576:
                    raise ValueError("the module's wheels unpack to more than %d MB (at '%s'); ship fewer or smaller "
                                     "packages" % (MAX_UNPACKED_MB, rel))
                z.extractall(SITE_DIR)
        if spec.get('packages'):
            sys.path.insert(0, SITE_DIR)
        sys.path.insert(0, MODULE_DIR)
        importlib.invalidate_caches()
        path = MODULE_DIR + '/' + _entry
        with open(path, encoding='utf-8') as f:
            src = f.read()
        mod = types.ModuleType('wardtwin_module')
        mod.__file__ = path
        mod.__wardtwin__ = True
        code = compile(src, path, 'exec')
        exec(code, mod.__dict__)
        on_second = getattr(mod, 'on_second', None)
        if not callable(on_second):
            return json.dumps({'error': {'kind': 'threw', 'name': 'Error', 'where': None,
                'message': "the entry '%s' must define on_second(input) returning a list of findings" % _entry}})
        init = getattr(mod, 'init', None)
        if callable(init):
            init(spec['params'])
        _mod, _on_second = mod, on_second
        return '{}'
    except BaseException as e:
        return json.dumps({'error': _error(e)})

MAX_FINDINGS = 64
MAX_KEYS = 32
MAX_STRING = 2000

def _plain(v, depth):
    """The module's answer as JSON-able plain data; anything exotic becomes a marker the host refuses."""
    if v is None or isinstance(v, bool) or isinstance(v, str) and len(v) <= MAX_STRING:
        return v
    if isinstance(v, str):
        return v[:MAX_STRING]
    if isinstance(v, int):
        return v if abs(v) < 9007199254740992 else float(v)  # 2^53: exact in a JS number
    if isinstance(v, float):
        return v if math.isfinite(v) else ('NaN' if v != v else ('Infinity' if v > 0 else '-Infinity'))
    if depth > 3:
        return '<too deep>'
    if isinstance(v, (list, tuple)):
        if depth == 0 and len(v) > MAX_FINDINGS:
            return {'tooMany': len(v)}
        return [_plain(x, depth + 1) for x in v[:MAX_KEYS * 4]]
    if isinstance(v, dict):
        return {str(k): _plain(x, depth + 1) for k, x in list(v.items())[:MAX_KEYS]}
    return '<%s>' % type(v).__name__

def _plain_answer(v):
    """on_second's answer: a list of findings, or a dict {'findings': [...], 'scores': [...]} (each list copied as a top-level list)."""
    if isinstance(v, dict):
        return {str(k): _plain(x, 0) for k, x in list(v.items())[:MAX_KEYS]}
    return _plain(v, 0)

def _bed_input(b):
    for w in b.get('waveforms', {}).values():
        w['samples'] = [math.nan if x is None else x for x in w['samples']]
    return b

def second(beds_json):
    out = []
    for b in json.loads(beds_json):
        bed, sim_s = b['bedId'], b['simTimeS']
        try:
            out.append({'bedId': bed, 'findings': _plain_answer(_on_second(_bed_input(b)))})
        except BaseException as e:
            return json.dumps({'error': _error(e, bed, sim_s)})
    return json.dumps({'results': out})
`;

export interface PyodideError {
  kind: 'threw' | 'memory';
  name: string;
  message: string;
  where: string | null;
  bed?: string | null;
  simTimeS?: number | null;
}

function clock(s: number): string {
  const t = Math.floor(s);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(Math.floor(t / 3600))}:${two(Math.floor(t / 60) % 60)}:${two(t % 60)}`;
}

/** A module's Python error, classified: MemoryError (or a refused heap growth) is 'memory'. */
export class PyodideModuleError extends Error {
  constructor(
    readonly kind: 'threw' | 'memory',
    message: string,
  ) {
    super(message);
  }
}

function toError(e: PyodideError, capMb: number, bootMb: number): PyodideModuleError {
  const at = e.where ? ` at ${e.where}` : '';
  const bed = e.bed ? ` on bed '${e.bed}' at simulated time ${clock(e.simTimeS ?? 0)} (${e.simTimeS} s)` : '';
  if (e.kind === 'memory' || heap.refused) {
    const want = heap.refused ? ` (the Python heap would have grown to ${(heap.refused / MiB).toFixed(0)} MB)` : '';
    const what = e.message ? `${e.name}: ${e.message}` : e.name;
    const over = e.name === 'OverflowError' ? 'Python asked for more memory than 32-bit WebAssembly can address' : `Python heap over ${capMb} MB`;
    return new PyodideModuleError('memory', `${over} (limits.memoryMb ${capMb} MB, beyond the interpreter's ${bootMb} MB)${want}: ${what}${at}${bed}`);
  }
  return new PyodideModuleError('threw', `${e.name}: ${e.message}${at}${bed}`);
}

/** One booted, stripped interpreter; `start` loads a module instance into it (the previous one is reset first). */
export interface PyodideHost {
  start(manifest: ModuleManifest, files: Record<string, Uint8Array>): (beds: BedSecondInput[]) => BedResult[];
  reset(): void;
  /** WebAssembly heap bytes now (counted as this worker's external memory). */
  heapBytes(): number;
}

/**
 * Boot Pyodide with nothing of the host reachable, strip its API, run the Python side. `lockdown()` must
 * follow (the worker does it: SES is imported there), before any module code runs.
 */
export async function bootPyodide(load: LoadPyodide, options: Record<string, unknown>): Promise<PyodideHost> {
  const py = await load({
    ...options,
    jsglobals: Object.freeze(Object.create(null)),
    env: { HOME: '/home/pyodide', PYTHONHASHSEED: '0', TZ: 'UTC' },
    stdin: () => null,
    stdout: () => {},
    stderr: () => {},
    packages: [],
    checkAPIVersion: true,
  });
  const M = py._module;
  const FS = py.FS;
  for (const fs of Object.keys(M.FS.filesystems)) if (fs !== 'MEMFS') delete M.FS.filesystems[fs];
  for (const k of ['NODEFS', 'NODERAWFS', 'PROXYFS', 'WORKERFS', 'IDBFS', 'NATIVEFS_ASYNC']) delete M[k];
  const noNet = () => {
    throw new M.FS.ErrnoError(EHOSTUNREACH);
  };
  if (M.SOCKFS) {
    M.SOCKFS.websocket_sock_ops.createPeer = noNet;
    M.SOCKFS.websocket_sock_ops.listen = noNet;
  }
  py.runPython(`import types, sys\n_m = types.ModuleType('_wardtwin')\nsys.modules['_wardtwin'] = _m\nexec(compile(${JSON.stringify(BOOT_PY)}, '<wardtwin>', 'exec'), _m.__dict__)`);
  const fn = (name: string) => py.runPython(`import _wardtwin; _wardtwin.${name}`) as PyStringFn;
  const pyLoad = fn('load');
  const pySecond = fn('second');
  const pyReset = fn('reset');
  py.unregisterJsModule('js');
  py.unregisterJsModule('pyodide_js');
  // Python's pyodide_js IS this object: after this it offers nothing (a found reference included).
  for (const k of Object.getOwnPropertyNames(py)) {
    if (k === 'version' || k === 'length' || k === 'name' || k === 'prototype') continue;
    try {
      delete (py as unknown as Record<string, unknown>)[k];
    } catch {
      /* non-configurable: checked by the hostile test */
    }
  }
  const heapBytes = () => M.HEAPU8.buffer.byteLength;
  const bootBytes = heapBytes();
  const bootMb = Math.ceil(bootBytes / MiB);
  let capMb = 0;
  return {
    heapBytes,
    reset() {
      heap.limit = Infinity;
      pyReset('');
    },
    start(manifest, files) {
      heap.limit = Infinity;
      heap.refused = 0;
      pyReset('');
      sim.ms = 0;
      sim.rng = 0x5eed;
      for (const [rel, bytes] of Object.entries(files)) {
        const path = `${MODULE_DIR}/${rel}`;
        FS.mkdirTree(path.slice(0, path.lastIndexOf('/')));
        FS.writeFile(path, bytes);
      }
      capMb = manifest.limits.memoryMb;
      heap.limit = bootBytes + capMb * MiB;
      const r = JSON.parse(String(pyLoad(JSON.stringify({ entry: manifest.entry, params: manifest.params, packages: manifest.packages ?? [] })))) as { error?: PyodideError };
      if (r.error) {
        const e = r.error;
        if (e.name === 'SyntaxError') throw new PyodideModuleError('threw', `${e.where}: syntax error: ${e.message}`);
        throw toError(e, capMb, bootMb);
      }
      return (beds) => {
        sim.ms = (beds[0]?.simTimeS ?? 0) * 1000;
        const payload = JSON.stringify(beds, (k, v) => (v instanceof Float32Array ? Array.from(v, (x) => (x === x ? x : null)) : v));
        const res = JSON.parse(String(pySecond(payload))) as { error?: PyodideError; results?: BedResult[] };
        if (res.error) throw toError(res.error, capMb, bootMb);
        if (heap.refused) throw toError({ kind: 'memory', name: 'MemoryError', message: '', where: null }, capMb, bootMb);
        return res.results as BedResult[];
      };
    },
  };
}
