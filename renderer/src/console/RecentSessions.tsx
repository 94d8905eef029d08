/**
 * The sessions kept in this browser's (or Electron profile's) store, newest first: ended ones (closed,
 * or replaced by opening another ward) and interrupted ones. Reopening one asks before it replaces the
 * running session, which is saved and listed here in turn.
 */
import { useEffect, useState } from 'react';
import type { SessionMeta } from '../../../twin-engine/storage/session-store';
import { autosaver, sessionStore } from '../storage/autosave';
import { confirmReplace } from '../storage/replace';
import { resumeFrom } from '../storage/resume';
import { useUi } from '../state/store';
import { formatClock, plural } from '../ui/format';

type Entry = SessionMeta & { ended: boolean; running: boolean };

export function RecentSessions() {
  const ward = useUi((s) => s.ward);
  const [list, setList] = useState<Entry[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    // Re-read when the ward changes (a load just ended the previous session); the record of the new
    // one is begun asynchronously, so read again a moment later as well.
    const read = () =>
      void sessionStore()
        .then(({ store }) => store.recent())
        .then((l) => alive && setList(l.filter((m) => m.id !== autosaver?.currentId && !m.running)))
        .catch((e: unknown) => alive && setError(e instanceof Error ? e.message : String(e)));
    read();
    const t = setTimeout(read, 1500);
    return () => {
      alive = false;
      clearTimeout(t);
    };
  }, [ward]);
  const reopen = async (m: Entry) => {
    if (!(await confirmReplace(`“${m.title}” (saved at T+ ${formatClock(m.simTimeS)})`))) return;
    setBusy(true);
    setError(null);
    try {
      const { store } = await sessionStore();
      // An interrupted one is claimed first: another window may be resuming it right now.
      if (!m.ended && !(await store.claim(m.id))) throw new Error(`“${m.title}” is open in another window`);
      const saved = await store.load(m.id);
      if (!m.ended) autosaver?.supersede(m.id);
      await resumeFrom({ snapshot: saved.snapshot, events: saved.events, modules: saved.meta.modules, ui: saved.meta.ui });
      useUi.getState().toast('info', `Reopened “${m.title}” at T+ ${formatClock(saved.snapshot.simTimeS)} with ${plural(saved.events.length, 'event')}`);
      for (const r of saved.recovered) useUi.getState().toast('error', `Reopened from a damaged save: ${r}`);
    } catch (err) {
      setError(`Reopen failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setBusy(false);
    }
  };
  if (list === null) return null;
  return (
    <details className="recent" open={list.length > 0} data-testid="recent-sessions">
      <summary>Recent sessions ({list.length})</summary>
      {list.length === 0 ? (
        <p className="muted">None yet: a session replaced by opening another ward is kept here.</p>
      ) : (
        <table className="data compact">
          <thead>
            <tr>
              <th>Session</th>
              <th>Simulated time</th>
              <th>Saved</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.slice(0, 10).map((m) => (
              <tr key={m.id} data-testid="recent-session">
                <td>
                  {m.title}
                  <span className="muted"> · {m.ended ? 'ended' : 'interrupted'} · {plural(m.events, 'event')}</span>
                </td>
                <td>T+ {formatClock(m.simTimeS)}</td>
                <td>{m.updatedWall ? new Date(m.updatedWall).toLocaleTimeString() : '—'}</td>
                <td>
                  <button className="small" disabled={busy} onClick={() => void reopen(m)} data-testid="recent-reopen">
                    Reopen
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </details>
  );
}
