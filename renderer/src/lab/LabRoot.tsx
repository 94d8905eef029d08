/**
 * A page served by a lab server: the join screen until the server admits this browser, then the ward UI
 * on the lab session. A reload rejoins with the stored token (student) or the #key fragment (instructor).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { SIMULATION_NOTICE, type OpenRequest, type Session } from '../../../twin-engine/session/api';
import { App } from '../App';
import { useUi } from '../state/store';
import { LabJoin } from './LabJoin';
import { forgetStudentToken, fragmentParams, joinLab, savedStudentToken } from './lab-session';

function firstOpen(): OpenRequest | null {
  const { key } = fragmentParams();
  if (key) return { role: 'instructor', token: key };
  const token = savedStudentToken();
  return token ? { role: 'student', token } : null;
}

const onClosed = (reason: string) => useUi.getState().setError(`Disconnected from the lab: ${reason || 'the connection dropped'}. Reload the page to rejoin.`);

export function LabRoot() {
  const [session, setSession] = useState<Session | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [joining, setJoining] = useState(false);
  // One join per request, even when React runs effects twice (StrictMode): a second join would find the name taken.
  const busy = useRef(false);
  const join = useCallback((open: OpenRequest) => {
    if (busy.current) return;
    busy.current = true;
    setJoining(true);
    setError(null);
    joinLab(open, onClosed).then(
      (s) => setSession(s),
      (err: unknown) => {
        // A stored token the server no longer knows (removed, or a new lab): join afresh.
        if (open.role === 'student' && open.token) forgetStudentToken();
        setError(err instanceof Error ? err.message : String(err));
        busy.current = false;
        setJoining(false);
      },
    );
  }, []);
  useEffect(() => {
    const open = firstOpen();
    if (open) join(open);
  }, [join]);
  const lab = useMemo(() => (session ? { session } : null), [session]);
  if (!lab) {
    return (
      <div className="app">
        <div className="sim-banner" role="banner" data-testid="sim-banner">
          {SIMULATION_NOTICE} · synthetic patients only
        </div>
        <LabJoin code={fragmentParams().code} error={error} busy={joining} onJoin={join} />
      </div>
    );
  }
  return <App lab={lab} />;
}
