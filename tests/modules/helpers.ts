/** Shared helpers for the module tests: a seeded ward engine and a lockstep run that records everything. */
import { resolve } from 'node:path';
import { createPlanLoader } from '../../twin-engine/core/load';
import { WardEngine } from '../../twin-engine/core/ward-engine';
import { fsLibrary } from '../../twin-engine/node/library-fs';
import { createNodeModuleHost } from '../../twin-engine/node/module-host';
import { applyWantedChannels, runLockstep } from '../../twin-engine/modules-host/lockstep';
import type { HostModuleSource, ModuleFinding, SandboxModuleHost } from '../../twin-engine/modules-host/module-host';
import type { NumericsFrame, SessionEvent } from '../../twin-engine/session/api';

export const ROOT = resolve(import.meta.dirname, '../..');
export const MODULES = resolve(ROOT, 'modules');
export const HOSTILE = resolve(import.meta.dirname, 'hostile');

export function engineFor(libraryPath: string, seed: number): WardEngine {
  const load = createPlanLoader(fsLibrary());
  return new WardEngine(load({ kind: 'builtin', path: libraryPath, seed }));
}

export interface RunRecord {
  frames: NumericsFrame[];
  events: SessionEvent[];
  findings: ModuleFinding[];
  host: SandboxModuleHost;
}

/** Attach the sources in order, run `seconds` in lockstep, dispose the host. */
export async function recordRun(libraryPath: string, seed: number, seconds: number, sources: HostModuleSource[]): Promise<RunRecord> {
  const engine = engineFor(libraryPath, seed);
  const host = createNodeModuleHost();
  try {
    for (const s of sources) await host.attach(s);
    applyWantedChannels(engine, host);
    const rec: RunRecord = { frames: [], events: [], findings: [], host };
    await runLockstep(engine, host, seconds, {
      frame: (f) => rec.frames.push(f),
      event: (e) => {
        rec.events.push(e);
        if (e.type === 'finding') rec.findings.push(e.finding);
      },
    });
    return rec;
  } finally {
    await host.dispose();
  }
}

/** Everything a run produced except what module `moduleId` itself published. */
export function without(rec: RunRecord, moduleId: string): unknown {
  return {
    frames: rec.frames,
    events: rec.events.filter((e) => !(e.type === 'module' && e.moduleId === moduleId) && !(e.type === 'finding' && e.finding.moduleId === moduleId)),
  };
}
