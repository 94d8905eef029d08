/**
 * The pyodide runtime (Python on WebAssembly inside the module sandbox, twin-engine/modules-host/
 * pyodide-runner.ts): a hostile module sees nothing of the host, clocks and randomness depend only on the
 * simulation (a recycled interpreter included), and errors name the student's file and line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleFromFiles } from '../../twin-engine/modules-host/bundle';
import { HOSTILE, MODULES, ROOT, recordRun, without } from './helpers';

const enc = (s: string) => new TextEncoder().encode(s);
const card = readFileSync(join(HOSTILE, 'model-card.yaml'));

describe('pyodide runtime', () => {
  it('a module trying every way out sees nothing of the host; the run is otherwise identical', async () => {
    const companion = { kind: 'file' as const, path: join(MODULES, 'examples/spo2-rule-js') };
    const base = await recordRun('pe-massive.yaml', 7, 30, [companion]);
    const rec = await recordRun('pe-massive.yaml', 7, 30, [companion, { kind: 'file', path: join(HOSTILE, 'pyodide-escape') }]);
    expect(rec.events.filter((e) => e.type === 'module')).toEqual([]);
    expect(without(rec, 'hostile-pyodide-escape')).toEqual(without(base, 'none'));
    const f = rec.findings.find((x) => x.moduleId === 'hostile-pyodide-escape');
    const blocked = "is not available in the WardTwin sandbox (no access to JavaScript, the host or the network)";
    expect(f?.evidence).toEqual({
      js: `ImportError: import of 'js' ${blocked}`,
      pyodide_js: `ImportError: import of 'pyodide_js' ${blocked}`,
      ffi: `ImportError: import of 'pyodide.ffi' ${blocked}`,
      // Around the guard (sys.modules): a JS object's constructor chain ends at SES's inert Function.
      function: 'JsException: TypeError: Function.prototype.constructor is not a valid constructor.',
      // No JS object reachable from Python carries the Pyodide API (host mounts, package loading, FS).
      gc: 'GOT []',
      passwd: "FileNotFoundError: [Errno 44] No such file or directory: '/etc/passwd'",
      ward: "FileNotFoundError: [Errno 44] No such file or directory: '/work/main/scenarios/wards/default.yaml'",
      // Emscripten's in-memory file system: nothing of the host's / (no NODEFS mount).
      root: "GOT ['dev', 'home', 'lib', 'proc', 'tmp']",
      home: "GOT ['pyodide', 'web_user']",
      env: 'GOT {}',
      socket: 'OSError: [Errno 23] Host is unreachable',
      http: 'URLError: <urlopen error [Errno 23] Host is unreachable>',
      helper_js: `ImportError: import of 'js' ${blocked}`,
      timer: 'RuntimeError: timers are not available in the WardTwin sandbox: work scheduled for later (asyncio call_soon/call_later, tasks) would run at wall-clock times; compute in on_second',
      // (The hostile module cuts its evidence at 200 characters; the whole message: pyodide-packages.test.ts.)
      numpy: "ModuleNotFoundError: No module named 'numpy': the pyodide runtime offers Python's standard library and the wheels the module ships: add the package's .whl file to the module folder and list it in the ",
    });
  }, 120_000);

  it('clocks read simulated time and random sources are seeded: two runs (the second on a recycled interpreter) are identical', async () => {
    const src = { kind: 'file' as const, path: join(ROOT, 'tests/modules/fixtures/pyodide-determinism') };
    const a = await recordRun('pe-massive.yaml', 7, 90, [src]);
    const b = await recordRun('pe-massive.yaml', 7, 90, [src]);
    const ev = a.findings.map((f) => f.evidence as Record<string, unknown>);
    expect(ev.map((e) => e.simTimeS)).toEqual([30, 60, 90]);
    for (const e of ev) {
      expect(e.time).toBe(e.simTimeS);
      expect(e.monotonic).toBe(e.simTimeS);
      expect(e.perf).toBe(e.simTimeS);
    }
    expect(ev[1].now).toBe('1970-01-01T00:01:00');
    // random.seed(0) at load: Python's documented first value for seed 0.
    expect(ev[0].random).toBe(0.8444218515250481);
    expect(new Set(ev.map((e) => e.urandom)).size).toBe(3);
    expect(ev[0].set).toBe(ev[2].set);
    expect(b.findings).toEqual(a.findings);
  }, 120_000);

  it('a Python syntax error is refused at load with file:line:column', async () => {
    const manifest = readFileSync(join(HOSTILE, 'pyodide-throws/module.yaml'), 'utf8').replace('hostile-pyodide-throws', 'bad-syntax');
    const files = { 'module.yaml': enc(manifest), 'model-card.yaml': card, 'module.py': enc('def on_second(bed):\n    if bed["simTimeS"] > 3\n        return []\n') };
    const rec = await recordRun('pe-massive.yaml', 7, 3, [{ kind: 'bundle', manifest, files: { 'model-card.yaml': card, 'module.py': files['module.py'] } }]);
    const st = rec.modules.find((m) => m.name === 'bad-syntax');
    expect(st?.status).toBe('quarantined');
    expect(st?.statusReason).toBe("module 'bad-syntax' threw module.py:2:27: syntax error: expected ':'");
  }, 60_000);

  it('the manifest: runtime pyodide needs a .py entry; the runtimes are listed', () => {
    const manifest = (entry: string, runtime = 'pyodide') =>
      enc(readFileSync(join(HOSTILE, 'pyodide-throws/module.yaml'), 'utf8').replace('entry: module.py', `entry: ${entry}`).replace('runtime: pyodide', `runtime: ${runtime}`));
    expect(() => bundleFromFiles({ 'module.yaml': manifest('index.ts'), 'model-card.yaml': card, 'index.ts': enc('') }, 'm')).toThrow(
      "'entry' must be a Python file (.py) for runtime 'pyodide'; found 'index.ts'",
    );
    expect(() => bundleFromFiles({ 'module.yaml': manifest('module.py', 'python'), 'model-card.yaml': card, 'module.py': enc('') }, 'm')).toThrow(
      "'runtime' must be one of js, onnx, pyodide, process; found 'python'",
    );
    expect(bundleFromFiles({ 'module.yaml': manifest('module.py'), 'model-card.yaml': card, 'module.py': enc('') }, 'm').manifest.runtime).toBe('pyodide');
    // A package NAME asks for a download: refused with where the manifest says it and how to ship the wheel.
    const withPackages = enc(`${new TextDecoder().decode(manifest('module.py'))}packages: [numpy]\n`);
    expect(() => bundleFromFiles({ 'module.yaml': withPackages, 'model-card.yaml': card, 'module.py': enc('') }, 'm')).toThrow(
      /module\.yaml:\d+:\d+: packages\[0\]: 'numpy' is not a wheel file \(\.whl\) \(a package name like 'numpy' would be downloaded; nothing is fetched\): ship the wheel inside the module folder/,
    );
  });
});
