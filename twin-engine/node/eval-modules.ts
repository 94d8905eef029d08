/**
 * `--module` → ModuleRunner. Only built-in reference modules run today; module files need the
 * sandboxed host (twin-engine/modules-host, in progress), which plugs in here by implementing
 * ModuleRunner — evaluation itself only ever sees findings.
 */
import { BUILTIN_MODULES } from '../modules-host/builtin';
import { builtinRunner, NO_MODULE, type ModuleRunner } from '../evaluation/simulate';

export function resolveModuleRunner(spec: string): ModuleRunner {
  if (spec === 'none') return NO_MODULE;
  if (spec.startsWith('builtin:')) {
    const id = spec.slice('builtin:'.length);
    if (!BUILTIN_MODULES[id]) throw new Error(`unknown built-in module '${id}'. Available: ${Object.keys(BUILTIN_MODULES).map((k) => `builtin:${k}`).join(', ')}`);
    return builtinRunner(id);
  }
  throw new Error(`module files ('${spec}') need the sandboxed module host, which is not available yet; use --module builtin:<id> (${Object.keys(BUILTIN_MODULES).map((k) => `builtin:${k}`).join(', ')})`);
}
