/**
 * Resume: restore a saved session into the engine and put its event history back, so the timeline,
 * labs and debrief continue as if nothing had happened. Used for crash resume (autosave) and for opening
 * a session export.
 */
import type { SessionEvent, SessionSnapshot } from '../../../twin-engine/session/api';
import { resumeSession } from '../../../twin-engine/session/resume';
import { EXPORT_FORMAT } from '../debrief/report';
import { attachedSources, attachModule } from '../modules/ModulesPanel';
import { history } from '../state/history';
import { useUi } from '../state/store';
import { autosaver } from './autosave';

export async function resumeFrom(saved: { snapshot: SessionSnapshot; events: SessionEvent[]; modules?: unknown[]; ui?: Record<string, unknown> }): Promise<void> {
  const { session } = useUi.getState();
  if (!session) throw new Error('No session');
  await session.pause().catch(() => {});
  // restore() reloads the ward (its 'ward_loaded' resets the history) and then sets the saved state;
  // a version-2 snapshot brings its modules back with their state (twin-engine/session/resume.ts).
  attachedSources.clear();
  const resumed = await resumeSession(session, saved.snapshot, saved.modules ?? [], attachModule);
  for (const [id, src] of resumed.modules) attachedSources.set(id, src);
  useUi.getState().setModules((await session.status()).modules);
  const after = history.all.filter((e) => e.type !== 'ward_loaded' || e.simTimeS > saved.snapshot.simTimeS);
  history.reset([...saved.events, ...after], 0);
  useUi.getState().resetEvents(history.all);
  const ui = saved.ui ?? {};
  // The saved role is not restored: roles are granted by the session host, not by a saved file.
  if (typeof ui.selectedBedId === 'string') useUi.getState().selectBed(ui.selectedBedId);
  for (const n of resumed.notices) useUi.getState().toast('error', n);
  await autosaver?.save();
}

/** Open a session export (debrief "Export session data"). */
export async function openSessionExport(data: unknown): Promise<void> {
  const d = data as { format?: string; snapshot?: SessionSnapshot | null; events?: SessionEvent[]; moduleSources?: unknown[] };
  if (d?.format !== EXPORT_FORMAT || !d.snapshot) throw new Error(`Not a WardTwin session export (expected format "${EXPORT_FORMAT}" with a snapshot)`);
  await resumeFrom({ snapshot: d.snapshot, events: d.events ?? [], modules: d.moduleSources ?? [] });
}
