/**
 * The module host for Node (CLI, tests, Electron's engine thread): JS and ONNX modules in worker
 * threads, external programs as processes; module files read from disk.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { bundleFromFiles, MANIFEST_NAMES, type Transpile } from '../modules-host/bundle';
import type { ModuleBundle } from '../modules-host/contract';
import { SandboxModuleHost, type HostModuleSource, type ModuleLoadRecord } from '../modules-host/module-host';
import { jsWorkerRuntime, onnxWorkerRuntime } from './module-runtimes';
import { processRuntime } from './module-process';

/** The repository's modules/ folder: the reference modules attachable as {kind:'builtin', id}. */
export const MODULES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../modules');
const SKIP = new Set(['node_modules', '__pycache__', '.git']);

/** TypeScript or ES module → CommonJS, types erased (no type checking: that is the author's job). */
export const transpileTs: Transpile = (source, fileName) =>
  ts.transpileModule(source, {
    fileName,
    reportDiagnostics: false,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: false, sourceMap: false, verbatimModuleSyntax: false },
  }).outputText;

/** Read a module folder (or its manifest file) into a checked bundle. */
export function loadModuleBundle(path: string): ModuleBundle {
  const abs = resolve(path);
  if (!statSync(abs, { throwIfNoEntry: false })) throw new Error(`No module at ${path}`);
  const isDir = statSync(abs).isDirectory();
  const dir = isDir ? abs : dirname(abs);
  const files: Record<string, Uint8Array> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      if (name.startsWith('.') || SKIP.has(name)) continue;
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else files[relative(dir, full).split(sep).join('/')] = new Uint8Array(readFileSync(full));
    }
  };
  walk(dir);
  const manifestName = isDir ? MANIFEST_NAMES.find((n) => n in files) : basename(abs);
  const origin = relative(process.cwd(), abs) || abs;
  const b = bundleFromFiles(files, origin, transpileTs, manifestName);
  b.dir = dir;
  return b;
}

export function builtinModuleIds(): string[] {
  return readdirSync(MODULES_DIR)
    .filter((n) => statSync(join(MODULES_DIR, n)).isDirectory() && MANIFEST_NAMES.some((m) => statSync(join(MODULES_DIR, n, m), { throwIfNoEntry: false })))
    .sort();
}

export async function resolveNodeSource(source: HostModuleSource): Promise<ModuleBundle> {
  switch (source.kind) {
    case 'builtin': {
      if (!/^[a-z0-9][a-z0-9._-]*$/.test(source.id) || !builtinModuleIds().includes(source.id)) {
        throw new Error(`Unknown built-in module '${source.id}'. Available: ${builtinModuleIds().join(', ')}`);
      }
      const b = loadModuleBundle(join(MODULES_DIR, source.id));
      b.origin = `builtin:${source.id}`;
      return b;
    }
    case 'file':
      return loadModuleBundle(source.path);
    case 'bundle': {
      const files: Record<string, Uint8Array> = {};
      for (const [k, v] of Object.entries(source.files)) files[k] = typeof v === 'string' ? new TextEncoder().encode(v) : v;
      const mName = source.manifestName ?? 'module.yaml';
      files[mName] = new TextEncoder().encode(source.manifest);
      return bundleFromFiles(files, 'uploaded bundle', transpileTs, mName);
    }
  }
}

export function createNodeModuleHost(opts: { onModuleLoad?(rec: ModuleLoadRecord): void } = {}): SandboxModuleHost {
  return new SandboxModuleHost({
    runtimes: { js: jsWorkerRuntime(), onnx: onnxWorkerRuntime(), process: processRuntime() },
    resolve: resolveNodeSource,
    onModuleLoad: opts.onModuleLoad,
  });
}
