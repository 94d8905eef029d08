/**
 * Resume a saved session into a (possibly brand-new) host: the one order every host uses — the app's
 * crash resume and session-export opening (renderer/src/storage/resume.ts) and the tests that check a
 * resumed run equals the uninterrupted one.
 *
 * Version 2 snapshots carry their modules and journal: restore() re-attaches the modules and replays
 * the journal, so module state is rebuilt (modules-host/README.md, "Resume"); nothing is re-attached
 * afterwards. Version 1 snapshots (older autosaves) know no module state: the saved module list is
 * re-attached after the restore and starts fresh, which the caller is told.
 */
import type { ModuleInfo, ModuleSource, SessionSnapshot, WardInfo } from './api';
import { moduleSourceFromJson } from './module-source';

export interface ResumeTarget {
  restore(snapshot: SessionSnapshot): Promise<WardInfo>;
}

export interface ResumeResult {
  ward: WardInfo;
  /** The modules attached after the resume, by moduleId, with their sources (the UI keeps this list). */
  modules: Map<string, ModuleSource>;
  /** What the user should know: modules restarted without their state, modules that failed to attach. */
  notices: string[];
}

export async function resumeSession(
  session: ResumeTarget,
  snapshot: SessionSnapshot,
  savedModules: readonly unknown[],
  attach: (source: ModuleSource) => Promise<ModuleInfo | undefined>,
): Promise<ResumeResult> {
  const ward = await session.restore(snapshot);
  const modules = new Map<string, ModuleSource>();
  const notices: string[] = [];
  if (snapshot.version >= 2) {
    for (const m of snapshot.modules ?? []) modules.set(m.moduleId, moduleSourceFromJson(m.source));
    return { ward, modules, notices };
  }
  for (const m of savedModules) {
    try {
      const info = await attach(m as ModuleSource);
      if (info) modules.set(info.moduleId, m as ModuleSource);
    } catch (err) {
      notices.push(`Could not re-attach a module: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (modules.size > 0) notices.push(`This session was saved by an older version without module state: ${[...modules.keys()].join(', ')} restarted at the resume point, so their findings may differ from an uninterrupted run`);
  return { ward, modules, notices };
}
