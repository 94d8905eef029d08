/** Offers back a session that ended without a clean shutdown (crash, killed tab or app). */
import { useEffect, useState } from 'react';
import type { SessionMeta } from '../../../twin-engine/storage/session-store';
import { autosaver, sessionStore, settleClosed } from '../storage/autosave';
import { resumeFrom } from '../storage/resume';
import { useUi } from '../state/store';
import { formatClock, plural } from './format';

export function ResumeDialog() {
  const [offer, setOffer] = useState<SessionMeta | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let alive = true;
    void sessionStore()
      .then(async ({ store }) => {
        await settleClosed(store);
        return store.resumable();
      })
      .then((list) => {
        // The record this page itself just began is not a crashed one.
        const other = list.filter((m) => m.id !== autosaver?.currentId);
        if (alive && other.length) setOffer(other[0]);
      })
      .catch(() => {});
    return () => {
      alive = false;
    };
  }, []);
  if (!offer) return null;
  const discard = async () => {
    const { store } = await sessionStore();
    await store.markClean(offer.id).catch((err: unknown) => useUi.getState().toast('error', err instanceof Error ? err.message : String(err)));
    setOffer(null);
  };
  const resume = async () => {
    setBusy(true);
    try {
      const { store } = await sessionStore();
      // One window resumes it: another that got there first holds it now (and runs it).
      if (!(await store.claim(offer.id))) {
        useUi.getState().toast('error', `"${offer.title}" is already open in another window`);
        setOffer(null);
        return;
      }
      const saved = await store.load(offer.id);
      autosaver?.supersede(offer.id);
      await resumeFrom({ snapshot: saved.snapshot, events: saved.events, modules: saved.meta.modules, ui: saved.meta.ui });
      useUi.getState().toast('info', `Resumed "${offer.title}" at T+ ${formatClock(saved.snapshot.simTimeS)} with ${plural(saved.events.length, 'event')}`);
      // Damaged files are reported, not hidden: what was lost and what was kept.
      for (const r of saved.recovered) useUi.getState().toast('error', `Resume recovered from damaged autosave: ${r}`);
      setOffer(null);
    } catch (err) {
      useUi.getState().toast('error', `Resume failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="dialog resume" role="dialog" aria-labelledby="resume-title" data-testid="resume-dialog">
      <h2 id="resume-title">Resume the interrupted session?</h2>
      <p>
        <strong>{offer.title}</strong> stopped without closing properly (last saved {offer.updatedWall ? new Date(offer.updatedWall).toLocaleString() : "at an unknown time"}, simulated time T+{' '}
        {formatClock(offer.simTimeS)}, {plural(offer.events, 'event')}).
      </p>
      {offer.recovered && <p className="hint">{offer.recovered}</p>}
      <div className="row">
        <button className="primary" onClick={() => void resume()} disabled={busy} data-testid="resume-accept" autoFocus>
          Resume
        </button>
        <button onClick={() => void discard()} disabled={busy}>
          Discard
        </button>
      </div>
    </div>
  );
}
