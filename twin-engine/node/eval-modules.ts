/**
 * `--module` → ModuleRunner: a built-in reference module (`builtin:<id>`) or a module folder/manifest
 * on disk, attached through the session to the sandboxed module host. Evaluation only ever sees the
 * findings; what they claim and the targets (episode labels scored by default) come from the manifest's `emits[].detects`.
 */
import { resolve } from 'node:path';
import { NO_MODULE, sessionRunner, type ModuleRunner } from '../evaluation/simulate';
import type { ModuleSource } from '../session/api';
import type { EvalSignals } from '../evaluation/evaluate';
import { CHANNELS } from '../devices/index';
import { builtinModuleIds, loadModuleBundle, MODULES_DIR, nodeRuntimes } from './module-host';

function locate(spec: string): { source: ModuleSource; dir: string } {
  if (spec.startsWith('builtin:')) {
    const id = spec.slice('builtin:'.length);
    if (!builtinModuleIds().includes(id)) {
      throw new Error(`unknown built-in module '${id}'. Available: ${builtinModuleIds().map((k) => `builtin:${k}`).join(', ')}`);
    }
    return { source: { kind: 'builtin', id }, dir: resolve(MODULES_DIR, id) };
  }
  const dir = resolve(spec);
  return { source: { kind: 'file', path: dir }, dir };
}

export function resolveModuleRunner(spec: string): ModuleRunner {
  if (spec === 'none') return NO_MODULE;
  const { source, dir } = locate(spec);
  const bundle = loadModuleBundle(dir);
  return sessionRunner(spec, bundle.manifest.name, bundle.manifest.emits, source, nodeRuntimes()[bundle.manifest.runtime].enforces, bundle.manifest.scores);
}

/**
 * The model card a module ships (checked when loaded), for the report: a student's module's own card as
 * much as a reference module's (issue 15: only built-in cards were looked up). Null without a module, or
 * when the folder is no longer where the evaluation found it (e.g. `eval merge` on another machine).
 */
export function moduleCardFor(spec: string): Record<string, string> | null {
  if (spec === 'none') return null;
  const dir = spec.startsWith('builtin:') ? resolve(MODULES_DIR, spec.slice('builtin:'.length)) : resolve(spec);
  try {
    const card = loadModuleBundle(dir).manifest.modelCard;
    return Object.fromEntries(Object.entries(card).filter((kv): kv is [string, string] => typeof kv[1] === 'string'));
  } catch {
    return null;
  }
}

/** What the module reads, from its manifest: waveforms (at the subscribed and the native rate) and numerics. */
export function moduleInputs(spec: string): Pick<EvalSignals, 'waveforms' | 'numerics'> {
  if (spec === 'none') return { waveforms: [], numerics: [] };
  const m = loadModuleBundle(locate(spec).dir).manifest;
  return {
    waveforms: m.subscribes.waveforms.map((w) => ({ channel: w.channel, rateHz: w.rateHz, nativeHz: CHANNELS[w.channel].sampleRateHz })),
    numerics: [...m.subscribes.numerics],
  };
}
