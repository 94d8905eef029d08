/**
 * The module host for Node (CLI, tests, Electron's engine process): JS, ONNX and Pyodide (Python)
 * modules in sandbox processes, external programs as processes; module files read from disk.
 */
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleFromFiles, MANIFEST_NAMES, uploadedOrigin } from '../modules-host/bundle';
import type { ModuleBundle, RuntimeKind } from '../modules-host/contract';
import type { SandboxFactory } from '../modules-host/sandbox';
import { ManifestError } from '../modules-host/manifest';
import { escapeControl } from '../util/text';
import { SandboxModuleHost, type HostModuleSource, type ModuleLoadRecord } from '../modules-host/module-host';
import { jsWorkerRuntime, onnxWorkerRuntime, pyodideWorkerRuntime } from './module-runtimes';
import type { SandboxLauncher } from '../modules-host/sandbox-launcher';
import { processRuntime } from './module-process';

/** The repository's modules/ folder: the reference modules attachable as {kind:'builtin', id}. */
export const MODULES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../modules');
const SKIP = new Set(['node_modules', '__pycache__', '.git']);

/** Read a module folder (or its manifest file) into a checked bundle. */
export function loadModuleBundle(path: string): ModuleBundle {
  const abs = resolve(path);
  if (!statSync(abs, { throwIfNoEntry: false })) throw new Error(`No module at ${path}`);
  const isDir = statSync(abs).isDirectory();
  const dir = isDir ? abs : dirname(abs);
  const files: Record<string, Uint8Array> = {};
  // Links are followed only while they stay inside the module folder: a module cannot read (and
  // ship into its sandbox, or hash into the audit log) a file elsewhere on the machine.
  const root = realpathSync(dir);
  const inside = (p: string) => p === root || p.startsWith(root.endsWith(sep) ? root : root + sep);
  const escapes: string[] = [];
  const seen = new Set<string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      if (name.startsWith('.') || SKIP.has(name)) continue;
      const full = join(d, name);
      const rel = relative(dir, full).split(sep).join('/');
      if (lstatSync(full).isSymbolicLink()) {
        let target: string | null = null;
        try {
          target = realpathSync(full);
        } catch {
          escapes.push(`${escapeControl(rel)}: a link to nothing (dangling symbolic link)`);
          continue;
        }
        if (!inside(target)) {
          escapes.push(`${escapeControl(rel)}: a link that leaves the module folder (to ${escapeControl(target)}); copy the file into the folder instead`);
          continue;
        }
      }
      const real = realpathSync(full);
      if (statSync(full).isDirectory()) {
        if (seen.has(real)) continue; // a link back to a folder already read: no loop
        seen.add(real);
        walk(full);
      } else files[rel] = new Uint8Array(readFileSync(full));
    }
  };
  seen.add(root);
  walk(dir);
  const origin = relative(process.cwd(), abs) || abs;
  if (escapes.length) throw new ManifestError(origin, escapes);
  const manifestName = isDir ? MANIFEST_NAMES.find((n) => n in files) : basename(abs);
  const b = bundleFromFiles(files, origin, manifestName);
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
      return bundleFromFiles(files, uploadedOrigin(source), mName);
    }
  }
}

/** The runtime for each manifest `runtime` on Node: what runs a module, and what it enforces. */
export function nodeRuntimes(launcher?: SandboxLauncher): Record<RuntimeKind, SandboxFactory> {
  return { js: jsWorkerRuntime(launcher), onnx: onnxWorkerRuntime(launcher), pyodide: pyodideWorkerRuntime(launcher), process: processRuntime() };
}

/**
 * `launcher` starts the JS/ONNX/Pyodide sandbox processes: a Node child process by default; Electron's engine
 * passes one that asks the main process for a utilityProcess (electron/engine/sandbox-relay.ts).
 */
export function createNodeModuleHost(opts: { onModuleLoad?(rec: ModuleLoadRecord): void; launcher?: SandboxLauncher } = {}): SandboxModuleHost {
  return new SandboxModuleHost({
    runtimes: nodeRuntimes(opts.launcher),
    resolve: resolveNodeSource,
    onModuleLoad: opts.onModuleLoad,
  });
}
