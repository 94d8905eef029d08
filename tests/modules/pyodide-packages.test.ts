/**
 * Python packages for pyodide modules (issue 19): wheels shipped in the module folder and listed under
 * `packages:` load in the sandbox without any network; a listed file that cannot load is refused at
 * `wardtwin module check` with the manifest's file:line:column and the reason.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleFromFiles } from '../../twin-engine/modules-host/bundle';
import { PYODIDE_TARGET, wheelTagProblem } from '../../twin-engine/modules-host/python-packages';
import { ROOT, recordRun } from './helpers';

const FIXTURE = join(ROOT, 'tests/modules/fixtures/pyodide-packages');
const WHEEL = 'wheels/spo2stats-1.0-py3-none-any.whl';
const cli = (...args: string[]) => spawnSync(process.execPath, [resolve(ROOT, 'bin/wardtwin.mjs'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 240_000 });
const NO_NUMPY =
  "ModuleNotFoundError: No module named 'numpy': the pyodide runtime offers Python's standard library and the wheels the module ships: add the package's .whl file to the module folder and list it in the manifest, e.g. packages: [wheels/numpy-2.4.6-cp314-cp314-pyemscripten_2026_0_wasm32.whl] (modules/README.md, 'Python modules on Pyodide'); nothing is downloaded";

describe('pyodide packages from wheels in the module folder', () => {
  it('a module imports a package from its wheel through the session; the package is refused js like the module', async () => {
    const rec = await recordRun('pe-massive.yaml', 7, 20, [{ kind: 'file', path: FIXTURE }]);
    expect(rec.modules.find((m) => m.name === 'pyodide-packages')?.status).toBe('running');
    const f = rec.findings.filter((x) => x.moduleId === 'pyodide-packages');
    expect(f.map((x) => x.simTimeS)).toEqual([10, 20]);
    const ev = f.map((x) => x.evidence as Record<string, unknown>);
    // The package's mean over what the monitor showed this bed, hand-computed here from the same frames.
    const bed = f[0].bedId;
    const shown = rec.frames.filter((x) => x.bedId === bed && x.simTimeS <= 10).map((x) => x.measured.spo2Pct).filter((v): v is number => v !== null && v !== undefined);
    expect(ev[0].n).toBe(shown.length);
    expect(ev[0].mean).toBeCloseTo(shown.reduce((a, b) => a + b, 0) / shown.length, 5);
    expect(ev[0]).toMatchObject({
      answer: 42,
      // Installed like a real wheel: importlib.metadata reads its dist-info.
      version: '1.0',
      file: '/home/pyodide/wardtwin_site/spo2stats/__init__.py',
      escape: "ImportError: import of 'js' is not available in the WardTwin sandbox (no access to JavaScript, the host or the network)",
    });
    // A package that is not shipped: refused with how to add it.
    expect([ev[0].numpy0, ev[0].numpy1, ev[0].numpy2].filter(Boolean).join('')).toBe(NO_NUMPY);
    // Deterministic, the second run on a recycled interpreter (its packages unpacked again) included.
    const again = await recordRun('pe-massive.yaml', 7, 20, [{ kind: 'file', path: FIXTURE }]);
    expect(again.findings).toEqual(rec.findings);
  }, 120_000);

  it('a wheel that unpacks to more than 256 MB (a zip bomb) is refused at load, not unpacked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wt-pybomb-'));
    try {
      const bomb = join(dir, 'bomb-1.0-py3-none-any.whl');
      const py = [
        'import sys, zipfile',
        "with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:",
        "    z.writestr('bomb-1.0.dist-info/WHEEL', 'Wheel-Version: 1.0\\nTag: py3-none-any\\n')",
        "    with z.open('bomb/zeros.bin', 'w', force_zip64=True) as f:",
        '        for _ in range(257): f.write(bytes(1048576))',
      ].join('\n');
      const made = spawnSync('python3', ['-c', py, bomb], { encoding: 'utf8' });
      expect(made.stderr).toBe('');
      const files: Record<string, Uint8Array> = {};
      for (const n of ['model-card.yaml', 'module.py']) files[n] = new Uint8Array(readFileSync(join(FIXTURE, n)));
      files['wheels/bomb-1.0-py3-none-any.whl'] = new Uint8Array(readFileSync(bomb));
      expect(files['wheels/bomb-1.0-py3-none-any.whl'].length).toBeLessThan(2 * 1048576);
      const manifest = readFileSync(join(FIXTURE, 'module.yaml'), 'utf8').replace(WHEEL, 'wheels/bomb-1.0-py3-none-any.whl').replace('name: pyodide-packages', 'name: bomb');
      const rec = await recordRun('pe-massive.yaml', 7, 3, [{ kind: 'bundle', manifest, files }]);
      const st = rec.modules.find((m) => m.name === 'bomb');
      expect(st?.status).toBe('quarantined');
      expect(st?.statusReason).toBe(
        "module 'bomb' threw ValueError: the module's wheels unpack to more than 256 MB (at 'wheels/bomb-1.0-py3-none-any.whl'); ship fewer or smaller packages",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('wardtwin module check runs the fixture; bad package entries are refused with file:line:column and the reason', () => {
    const ok = cli('module', 'check', FIXTURE);
    expect(ok.stdout).toContain('status running');
    expect(ok.status).toBe(0);

    const dir = mkdtempSync(join(tmpdir(), 'wt-pypkg-'));
    try {
      cpSync(FIXTURE, dir, { recursive: true });
      writeFileSync(join(dir, 'wheels/native-1.0-cp312-cp312-manylinux_2_17_x86_64.whl'), readFileSync(join(FIXTURE, WHEEL)));
      writeFileSync(join(dir, 'wheels/fake-1.0-py3-none-any.whl'), 'not a zip');
      const manifest = readFileSync(join(FIXTURE, 'module.yaml'), 'utf8').replace(
        `  - ${WHEEL}\n`,
        [WHEEL, 'numpy', 'wheels/missing-1.0-py3-none-any.whl', '../outside-1.0-py3-none-any.whl', 'wheels/native-1.0-cp312-cp312-manylinux_2_17_x86_64.whl', 'wheels/fake-1.0-py3-none-any.whl']
          .map((w) => `  - ${w}\n`)
          .join(''),
      );
      writeFileSync(join(dir, 'module.yaml'), manifest);
      const bad = cli('module', 'check', dir);
      expect(bad.status).not.toBe(0);
      const how = "ship the wheel inside the module folder and list its path, e.g. packages: [wheels/mypkg-1.0-py3-none-any.whl] (modules/README.md, 'Python modules on Pyodide')";
      const out = bad.stdout + bad.stderr;
      for (const line of [
        `module.yaml:10:5: packages[1]: 'numpy' is not a wheel file (.whl) (a package name like 'numpy' would be downloaded; nothing is fetched): ${how}`,
        `module.yaml:11:5: packages[2]: 'wheels/missing-1.0-py3-none-any.whl' is not a file of the module: ${how}`,
        "module.yaml:12:5: packages[3]: '../outside-1.0-py3-none-any.whl' is outside the module folder: copy the wheel into the folder and list its path relative to the manifest",
        "module.yaml:13:5: packages[4]: 'native-1.0-cp312-cp312-manylinux_2_17_x86_64.whl' has tags cp312-cp312-manylinux_2_17_x86_64; the sandbox runs Pyodide (Python 3.14, WebAssembly) and loads pure-Python wheels (py3-none-any) or Pyodide builds (cp314-cp314-pyemscripten_2026_0_wasm32), not wheels built for another platform or Python",
        "module.yaml:14:5: packages[5]: 'wheels/fake-1.0-py3-none-any.whl' is not a wheel: not a zip archive",
      ]) {
        expect(out).toContain(line);
      }
      expect(out).not.toContain('packages[0]');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('packages are for pyodide only; the wheel tags accepted are those of the installed Pyodide', () => {
    const files: Record<string, Uint8Array> = {};
    for (const n of ['module.yaml', 'model-card.yaml', 'module.py', WHEEL]) files[n] = new Uint8Array(readFileSync(join(FIXTURE, n)));
    expect(bundleFromFiles(files, 'm').manifest.packages).toEqual([WHEEL]);
    const asProcess = new TextDecoder().decode(files['module.yaml']).replace('runtime: pyodide', 'runtime: process\ncommand: [python3, "{entry}"]');
    expect(() => bundleFromFiles({ ...files, 'module.yaml': new TextEncoder().encode(asProcess) }, 'm')).toThrow(
      "module.yaml:10:3: packages: Python packages are for runtime 'pyodide' only (runtime 'process'; a process module uses the packages of its own python3)",
    );
    // The constants mirror the installed interpreter: an upgrade must revisit which wheels load.
    const lock = JSON.parse(readFileSync(join(ROOT, 'node_modules/pyodide/pyodide-lock.json'), 'utf8')) as { info: { python: string; abi_version: string; platform: string } };
    expect(lock.info.python.split('.').slice(0, 2).map(Number)).toEqual([...PYODIDE_TARGET.python]);
    expect(lock.info.abi_version).toBe(PYODIDE_TARGET.abi);
    expect(lock.info.platform).toBe(`emscripten_${PYODIDE_TARGET.emscripten}`);
    // Pyodide's own numpy build, pure-Python wheels (also py2.py3 and abi3) load; other platforms do not.
    for (const ok of ['numpy-2.4.6-cp314-cp314-pyemscripten_2026_0_wasm32.whl', 'six-1.17.0-py2.py3-none-any.whl', 'x-1.0-cp38-abi3-emscripten_5_0_3_wasm32.whl']) expect(wheelTagProblem(ok)).toBeNull();
    for (const bad of ['numpy-2.4.6-cp314-cp314-pyemscripten_2025_0_wasm32.whl', 'numpy-2.4.6-cp314-cp314-win_amd64.whl', 'x-1.0-py2-none-any.whl', 'x-1.0-cp313-cp313-pyemscripten_2026_0_wasm32.whl']) {
      expect(wheelTagProblem(bad)).toMatch(/has tags/);
    }
  });
});
