/**
 * Replacing the running session (opening a ward, scenario, cohort, session file or a recent session)
 * asks first, and saves the running one so it stays in the store's history: the autosave record is
 * brought up to date, then ends cleanly when the new ward arrives (autosave.ts), and the newest ended
 * sessions are kept and listed under "Recent sessions" (console/RecentSessions.tsx) to reopen.
 */
import { history } from '../state/history';
import { useUi } from '../state/store';
import { live } from '../live/live-store';
import { askUser } from '../ui/ConfirmDialog';
import { plural } from '../ui/format';
import { autosaver } from './autosave';

/** Events that are only the load itself: a ward with nothing else has no work to lose. */
const BOOKKEEPING = new Set(['ward_loaded', 'run_state']);

/**
 * Ask before `what` replaces the session; on yes, pause and save the running one. Resolves false when
 * the user keeps the running session.
 */
export async function confirmReplace(what: string): Promise<boolean> {
  const { ward, session } = useUi.getState();
  if (!ward || !session) return true;
  const work = history.all.filter((e) => !BOOKKEEPING.has(e.type)).length;
  if (live.simTimeS < 1 && work === 0) return true;
  const kept = autosaver
    ? 'It is saved first and kept under “Recent sessions” (Instructor → Open), where you can reopen it.'
    : 'This browser cannot store sessions (autosave is unavailable), so it cannot be reopened: export it from the debrief first if you need it.';
  const ok = await askUser({
    title: 'Replace the running session?',
    // No time in the text: the clock runs on while the question is up (Cancel leaves it untouched).
    text: `“${ward.title}” (${plural(ward.beds.length, 'bed')}, ${plural(work, 'event')} so far) is running. Opening ${what} ends it. ${kept}`,
    confirmLabel: autosaver ? 'Save it and open' : 'Open anyway',
  });
  if (!ok) return false;
  await session.pause().catch(() => {});
  await autosaver?.save();
  return true;
}
