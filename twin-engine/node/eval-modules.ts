/**
 * `--module` → ModuleRunner: a built-in reference module (`builtin:<id>`) or a module folder/manifest
 * on disk, attached through the session to the sandboxed module host. Evaluation only ever sees the
 * findings; what they claim and the targets (episode labels scored by default) come from the manifest's `emits[].detects`.
 */
import { resolve } from 'node:path';
import { NO_MODULE, sessionRunner, type ModuleRunner } from '../evaluation/simulate';
import type { ModuleSource } from '../session/api';
import { builtinModuleIds, loadModuleBundle, MODULES_DIR, nodeRuntimes } from './module-host';

export function resolveModuleRunner(spec: string): ModuleRunner {
  if (spec === 'none') return NO_MODULE;
  let source: ModuleSource;
  let dir: string;
  if (spec.startsWith('builtin:')) {
    const id = spec.slice('builtin:'.length);
    if (!builtinModuleIds().includes(id)) {
      throw new Error(`unknown built-in module '${id}'. Available: ${builtinModuleIds().map((k) => `builtin:${k}`).join(', ')}`);
    }
    source = { kind: 'builtin', id };
    dir = resolve(MODULES_DIR, id);
  } else {
    dir = resolve(spec);
    source = { kind: 'file', path: dir };
  }
  const bundle = loadModuleBundle(dir);
  return sessionRunner(spec, bundle.manifest.name, bundle.manifest.emits, source, nodeRuntimes()[bundle.manifest.runtime].enforces, bundle.manifest.scores);
}
