/** Shared helpers for the module tests: a session run with modules attached that records everything. */
import { resolve } from 'node:path';
import { createNodeSession } from '../../twin-engine/node/create-node-session';
import type { HostModuleSource, ModuleFinding } from '../../twin-engine/modules-host/module-host';
import type { ModuleInfo, NumericsFrame, SessionEvent } from '../../twin-engine/session/api';

export const ROOT = resolve(import.meta.dirname, '../..');
export const MODULES = resolve(ROOT, 'modules');
export const HOSTILE = resolve(import.meta.dirname, 'hostile');

export interface RunRecord {
  frames: NumericsFrame[];
  events: SessionEvent[];
  findings: ModuleFinding[];
  modules: ModuleInfo[];
}

/**
 * Attach the sources in order, run `seconds` through the product session (the one simulation driver,
 * batched module lockstep), dispose. Records what the run published after the attaches.
 */
export async function recordRun(libraryPath: string, seed: number, seconds: number, sources: HostModuleSource[]): Promise<RunRecord> {
  const session = createNodeSession();
  try {
    await session.load({ kind: 'builtin', path: libraryPath, seed });
    for (const s of sources) await session.attachModule(s as Parameters<typeof session.attachModule>[0]);
    const rec: RunRecord = { frames: [], events: [], findings: [], modules: [] };
    const subs = [
      session.numerics().subscribe((f) => rec.frames.push(f)),
      session.events().subscribe((e) => {
        rec.events.push(e);
        if (e.type === 'finding') rec.findings.push(e.finding as ModuleFinding);
      }),
    ];
    await session.step(seconds);
    subs.forEach((s) => s.unsubscribe());
    rec.modules = (await session.status()).modules;
    return rec;
  } finally {
    await session.dispose();
  }
}

/** Everything a run produced except what module `moduleId` itself published. */
export function without(rec: RunRecord, moduleId: string): unknown {
  return {
    frames: rec.frames,
    events: rec.events.filter((e) => !(e.type === 'module' && e.moduleId === moduleId) && !(e.type === 'finding' && e.finding.moduleId === moduleId)),
  };
}
