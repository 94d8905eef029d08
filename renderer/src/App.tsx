/**
 * WardTwin's main screen: simulation banner, run controls and views (3D ward, bedside monitor, debrief),
 * with the side panels for learner actions, labs, AI modules, the instructor console and the event log.
 * The UI talks to the engine only through the Session (same code in Electron and the browser host).
 */
import { useEffect } from 'react';
import { SIMULATION_NOTICE } from '../../twin-engine/session/api';
import { AlarmSound } from './audio/AlarmSound';
import { InstructorConsole } from './console/InstructorConsole';
import { DebriefView } from './debrief/DebriefView';
import { LabsPanel } from './learner/LabsPanel';
import { LearnerPanel } from './learner/LearnerPanel';
import { ModulesPanel } from './modules/ModulesPanel';
import { MonitorPanel } from './monitor/MonitorPanel';
import { WardScene } from './scene/WardScene';
import { connectSession } from './session/connect';
import { wireSession } from './session/wire';
import { useUi, type View } from './state/store';
import { Autosaver, sessionStore, setAutosaver } from './storage/autosave';
import { isE2e } from './test-hooks';
import { BedStrip } from './ui/BedStrip';
import { EventLog } from './ui/EventLog';
import { LabAckDialog } from './ui/LabAckDialog';
import { ResumeDialog } from './ui/ResumeDialog';
import { SideTabs } from './ui/SideTabs';
import { Toasts } from './ui/Toasts';
import { Toolbar } from './ui/Toolbar';

const DEFAULT_WARD = 'wards/default.yaml';
const params = new URLSearchParams(location.search);
/** `?ward=wards/bench-24.yaml` opens another built-in ward (the UI benchmark uses it). */
const START_WARD = params.get('ward') ?? DEFAULT_WARD;
/** `?e2e` pre-acknowledges the lab-session dialog so tests are not blocked; `?e2e&ack` behaves as in use. */
const ACK_SKIP = isE2e() && !params.has('ack');

const VIEWS: { id: View; label: string }[] = [
  { id: 'ward', label: '3D ward' },
  { id: 'monitor', label: 'Bedside monitor' },
  { id: 'debrief', label: 'Debrief' },
];

function SidePanel() {
  const role = useUi((s) => s.role);
  return (
    <SideTabs
      panels={[
        { id: 'learner', label: 'Treat', render: () => <LearnerPanel /> },
        { id: 'labs', label: 'Labs', render: () => <LabsPanel /> },
        { id: 'modules', label: 'AI modules', render: () => <ModulesPanel /> },
        { id: 'instructor', label: 'Instructor', render: () => <InstructorConsole />, hidden: role !== 'instructor' },
        { id: 'events', label: 'Events', render: () => <EventLog /> },
      ]}
    />
  );
}

function useStartup() {
  useEffect(() => {
    const session = connectSession();
    const sub = wireSession(session);
    let saver: Autosaver | null = null;
    let alive = true;
    if (params.get('role') === 'student') useUi.getState().setRole('student');
    (async () => {
      // Storage first, so the first ward's autosave record starts with it.
      try {
        const { store } = await sessionStore();
        if (!alive) return;
        saver = new Autosaver(store);
        setAutosaver(saver);
        saver.start();
      } catch (err) {
        useUi.getState().toast('error', `Autosave unavailable: ${err instanceof Error ? err.message : String(err)}`);
      }
      try {
        // Electron may already have a ward running (e.g. opened from the File menu): adopt it.
        const st = await session.status();
        if (!st.ward) {
          await session.load({ kind: 'builtin', path: START_WARD });
          await session.play();
        } else {
          useUi.getState().setWard(st.ward);
          useUi.getState().setModules(st.modules);
          void saver?.onWardLoaded(st.ward.title, st.ward.sourceFile, session.hostKind);
        }
      } catch (err) {
        useUi.getState().setError(err instanceof Error ? err.message : String(err));
      }
    })();
    return () => {
      alive = false;
      saver?.stop();
      setAutosaver(null);
      sub.unsubscribe();
      void session.dispose();
    };
  }, []);
}

export function App() {
  const ward = useUi((s) => s.ward);
  const error = useUi((s) => s.error);
  const view = useUi((s) => s.view);
  const setView = useUi((s) => s.setView);
  const role = useUi((s) => s.role);
  useStartup();
  return (
    <div className={`app role-${role}`}>
      <div className="sim-banner" role="banner" data-testid="sim-banner">
        {SIMULATION_NOTICE} · synthetic patients only
      </div>
      <header className="top">
        <h1>WardTwin</h1>
        <span className="ward-title" data-testid="ward-title">
          {ward ? `${ward.title} · ${ward.beds.length} beds` : 'loading ward…'}
        </span>
        <nav className="views" aria-label="Views">
          {VIEWS.map((v) => (
            <button key={v.id} aria-pressed={view === v.id} className={view === v.id ? 'on' : ''} onClick={() => setView(v.id)} data-testid={`view-${v.id}`}>
              {v.label}
            </button>
          ))}
        </nav>
        <Toolbar />
      </header>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      <BedStrip />
      {view === 'debrief' ? (
        <main className="layout single">
          <DebriefView />
        </main>
      ) : (
        <main className={`layout ${view}`}>
          <div className="scene" data-testid="ward-scene">
            {view === 'monitor' ? (
              <MonitorPanel full />
            ) : ward ? (
              <WardScene ward={ward} />
            ) : (
              <p className="muted">Starting the engine…</p>
            )}
            {view === 'ward' && !ACK_SKIP && <LabAckDialog />}
          </div>
          <aside className="side">
            {view === 'ward' && <MonitorPanel />}
            <SidePanel />
          </aside>
        </main>
      )}
      <ResumeDialog />
      <AlarmSound />
      <Toasts />
    </div>
  );
}
