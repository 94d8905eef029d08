/**
 * Python packages for `runtime: pyodide` modules: wheel files (`.whl`) shipped INSIDE the module folder and
 * listed under the manifest's `packages:`. Nothing is ever fetched: the wheels travel with the module's
 * other files (so every host — CLI, Electron, browser upload, lab server — runs the same bytes, and the
 * module's content hash covers them), and the sandbox unpacks them into its in-memory file system
 * (pyodide-runner.ts). Each listed file is checked here with the manifest's file:line:column.
 */
import { isScalar, isSeq, LineCounter, parseDocument, type Node as YNode } from 'yaml';
import { formatDiagnostic, type Diagnostic } from '../scenario/diagnostics';
import { escapeControl } from '../util/text';

/**
 * The interpreter the sandbox runs: npm pyodide 314.0.8 (its pyodide-lock.json `info`: python 3.14.2,
 * abi_version 2026_0, platform emscripten_5_0_3). tests/modules/pyodide-packages.test.ts fails when the
 * installed Pyodide no longer matches, so an upgrade cannot silently accept wheels built for another ABI.
 */
export const PYODIDE_TARGET = { python: [3, 14] as const, abi: '2026_0', emscripten: '5_0_3' };

const HOW = "ship the wheel inside the module folder and list its path, e.g. packages: [wheels/mypkg-1.0-py3-none-any.whl] (modules/README.md, 'Python modules on Pyodide')";

/**
 * Why a wheel's file name (PEP 427: name-version[-build]-python-abi-platform.whl) cannot load in the
 * sandbox's interpreter, or null. Pure-Python (`py3-none-any`) and Pyodide/Emscripten builds for this
 * ABI are accepted; a wheel for another platform (manylinux, win, macosx) or Python version is not.
 */
export function wheelTagProblem(fileName: string): string | null {
  const base = fileName.slice(fileName.lastIndexOf('/') + 1);
  const parts = base.replace(/\.whl$/, '').split('-');
  if (parts.length !== 5 && parts.length !== 6) return `'${base}' is not a wheel file name (name-version-python-abi-platform.whl, PEP 427)`;
  const [py, abi, plat] = parts.slice(-3);
  const [major, minor] = PYODIDE_TARGET.python;
  const cp = `cp${major}${minor}`;
  const abi3 = abi.split('.').includes('abi3');
  // py3 / py3N (N ≤ minor) for pure Python; cp314 exactly, or cp3N (N ≤ minor) for the stable ABI (abi3).
  const upTo = (t: string, prefix: string) => t.startsWith(prefix) && /^\d+$/.test(t.slice(prefix.length)) && Number(t.slice(prefix.length)) <= minor;
  const pyOk = py.split('.').some((t) => t === `py${major}` || t === cp || upTo(t, `py${major}`) || (abi3 && upTo(t, `cp${major}`)));
  const abiOk = abi.split('.').some((t) => t === 'none' || t === 'abi3' || t === cp);
  const platOk = plat.split('.').some((t) => t === 'any' || t === `pyemscripten_${PYODIDE_TARGET.abi}_wasm32` || t === `pyodide_${PYODIDE_TARGET.abi}_wasm32` || t === `emscripten_${PYODIDE_TARGET.emscripten}_wasm32`);
  if (pyOk && abiOk && platOk) return null;
  return (
    `'${base}' has tags ${py}-${abi}-${plat}; the sandbox runs Pyodide (Python ${major}.${minor}, WebAssembly) and loads pure-Python wheels ` +
    `(py3-none-any) or Pyodide builds (${cp}-${cp}-pyemscripten_${PYODIDE_TARGET.abi}_wasm32), not wheels built for another platform or Python`
  );
}

/** A wheel is a zip archive (local file header `PK\x03\x04`) holding `<name>-<version>.dist-info/WHEEL`. */
function wheelContentProblem(bytes: Uint8Array, rel: string): string | null {
  if (!(bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)) return `'${rel}' is not a wheel: not a zip archive`;
  // Zip member names are stored uncompressed: the marker of a wheel's metadata is found in the raw bytes.
  const latin1 = Array.from(bytes.subarray(Math.max(0, bytes.length - 1048576)), (b) => String.fromCharCode(b)).join('');
  if (!latin1.includes('.dist-info/WHEEL')) return `'${rel}' is not a wheel: it has no .dist-info/WHEEL metadata`;
  return null;
}

/**
 * The manifest's `packages:` entries checked against the module's files, each problem at its
 * file:line:column. Empty when there is nothing to refuse (or no `packages:`).
 */
export function checkPythonPackages(text: string, file: string, runtime: unknown, files: Record<string, Uint8Array>): string[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length) return [];
  const node = doc.get('packages', true) as YNode | undefined;
  if (node === undefined || node === null) return [];
  const out: Diagnostic[] = [];
  const at = (n: YNode | null | undefined, path: string, message: string) => {
    const p = lineCounter.linePos(n?.range?.[0] ?? 0);
    out.push({ file, line: p.line, column: p.col, path, message });
  };
  if (runtime !== 'pyodide') {
    at(node, 'packages', `Python packages are for runtime 'pyodide' only (runtime '${String(runtime)}'; a process module uses the packages of its own python3)`);
    return out.map(formatDiagnostic);
  }
  const items: [YNode, string][] = isSeq(node) ? node.items.map((n, i) => [n as YNode, `packages[${i}]`]) : [[node, 'packages']];
  for (const [n, path] of items) {
    if (!isScalar(n) || typeof n.value !== 'string' || !n.value.trim()) {
      at(n, path, `each package is the path of a .whl file inside the module folder: ${HOW}`);
      continue;
    }
    const rel = n.value.replace(/^\.\//, '');
    const shown = escapeControl(n.value);
    if (!/\.whl$/i.test(rel)) {
      // A bare name asks to download from an index: refused with the way to do it offline.
      const bare = /^[A-Za-z0-9._-]+$/.test(rel) && !rel.includes('.') ? ` (a package name like '${shown}' would be downloaded; nothing is fetched)` : '';
      at(n, path, `'${shown}' is not a wheel file (.whl)${bare}: ${HOW}`);
    } else if (rel.startsWith('/') || /^[A-Za-z]:/.test(rel) || rel.split(/[\\/]/).includes('..')) {
      at(n, path, `'${shown}' is outside the module folder: copy the wheel into the folder and list its path relative to the manifest`);
    } else if (!(rel in files)) {
      at(n, path, `'${shown}' is not a file of the module: ${HOW}`);
    } else {
      const why = wheelTagProblem(rel) ?? wheelContentProblem(files[rel], shown);
      if (why) at(n, path, why);
    }
  }
  return out.map(formatDiagnostic);
}
