/**
 * WardTwin's main screen: simulation banner, run controls and views (3D ward, bedside monitor, debrief),
 * with the side panels for learner actions, labs, AI modules, the instructor console and the event log.
 * The UI talks to the engine only through the Session (same code in Electron and the browser host).
 */
import { OpenFromEditor } from './console/OpenFromEditor';
import { useCallback, useEffect, useState } from 'react';
import { SIMULATION_NOTICE, type Session } from '../../twin-engine/session/api';
import { AlarmSound } from './audio/AlarmSound';
import { InstructorConsole } from './console/InstructorConsole';
import { DebriefView } from './debrief/DebriefView';
import { LabPanel } from './lab/LabPanel';
import { useLabStartup, type LabStart } from './lab/use-lab-startup';
import { LabsPanel } from './learner/LabsPanel';
import { LearnerPanel } from './learner/LearnerPanel';
import { ModulesPanel } from './modules/ModulesPanel';
import { MonitorPanel } from './monitor/MonitorPanel';
import { CentralStation } from './station/CentralStation';
import { WardScene } from './scene/WardScene';
import { connectSession } from './session/connect';
import { unwire, wireForRole } from './session/roles';
import { useUi, type View } from './state/store';
import { Autosaver, autosaver, sessionStore, setAutosaver } from './storage/autosave';
import { isE2e } from './test-hooks';
import { BedStrip } from './ui/BedStrip';
import { ConfirmDialog } from './ui/ConfirmDialog';
import { plural } from './ui/format';
import { EventLog } from './ui/EventLog';
import { ACK_TEXT, LabAckDialog, acknowledgementStored, whenAcknowledged } from './ui/LabAckDialog';
import { ResumeDialog } from './ui/ResumeDialog';
import { StartDialog, type StartChoice } from './ui/RoleDialogs';
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
  { id: 'station', label: 'Central station' },
  { id: 'monitor', label: 'Bedside monitor' },
  { id: 'debrief', label: 'Debrief' },
];

function SidePanel() {
  const role = useUi((s) => s.role);
  const inLab = useUi((s) => s.lab !== null);
  return (
    <SideTabs
      panels={[
        { id: 'learner', label: 'Treat', render: () => <LearnerPanel /> },
        { id: 'labs', label: 'Labs', render: () => <LabsPanel /> },
        { id: 'modules', label: 'AI modules', render: () => <ModulesPanel /> },
        { id: 'instructor', label: 'Instructor', render: () => <InstructorConsole />, hidden: role !== 'instructor' },
        { id: 'lab', label: 'Lab', render: () => <LabPanel />, hidden: role !== 'instructor' || !inLab },
        { id: 'events', label: 'Events', render: () => <EventLog /> },
      ]}
    />
  );
}

/**
 * `?role=instructor` starts as instructor without asking (so does `?e2e`, for the tests); `?role=student`
 * preselects student in the start dialog. Otherwise the app asks.
 */
const ROLE_PARAM = params.get('role');
const PRESET: StartChoice | null = ROLE_PARAM === 'instructor' || (isE2e() && ROLE_PARAM === null) ? { role: 'instructor' } : null;

/** Open the connection with the chosen role; the host enforces it. Resolves to an error text if refused. */
async function start(choice: StartChoice, alive: () => boolean): Promise<{ session: Session; error: string | null }> {
  const session = connectSession({ role: choice.role === 'instructor' ? 'instructor' : 'student', pin: choice.role === 'instructor' ? choice.pin : undefined });
  try {
    const access = await session.access();
    // A student start on a host without a PIN yet: the instructor (at the keyboard now) sets up the
    // ward and the PIN as instructor, then the connection drops to student. On a host that already has
    // a PIN (e.g. the Electron window reloaded in student mode), the connection stays student.
    const setup = choice.role === 'instructor' || !access.pinSet;
    if (setup && access.role === 'student') await session.requestRole('instructor');
    let st = await session.status();
    if (setup && !st.ward) {
      await session.load({ kind: 'builtin', path: START_WARD });
      // The clock starts once the simulation notice is acknowledged, not behind its dialog.
      if (!ACK_SKIP && !(await acknowledgementStored())) {
        await whenAcknowledged();
        if (!alive()) return { session, error: null };
        // Not wired yet, so the dialog could not record it in this session's audit log: do it here.
        await session.acknowledgeSimulation('lab session user', ACK_TEXT);
      }
      await session.play();
      st = await session.status();
    }
    if (choice.role === 'student' && setup) {
      await session.setInstructorPin(choice.newPin);
      await session.requestRole('student');
    }
    if (!alive()) return { session, error: null };
    const role = choice.role === 'student' ? 'student' : 'instructor';
    await wireForRole(session, role);
    if (role === 'instructor' && st.ward) void autosaver?.onWardLoaded(st.ward.title, st.ward.sourceFile, session.hostKind);
    return { session, error: null };
  } catch (err) {
    return { session, error: err instanceof Error ? err.message : String(err) };
  }
}

function useStartup(choice: StartChoice | null, onRefused: (error: string) => void) {
  useEffect(() => {
    if (!choice) return;
    let saver: Autosaver | null = null;
    let alive = true;
    let session: Session | null = null;
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
      const r = await start(choice, () => alive);
      session = r.session;
      if (r.error && alive) {
        if (useUi.getState().session) useUi.getState().setError(r.error);
        else onRefused(r.error);
      }
    })();
    return () => {
      alive = false;
      saver?.stop();
      setAutosaver(null);
      unwire();
      void session?.dispose();
    };
  }, [choice, onRefused]);
}

/** A lab's own header line: who this page is in the lab (students: their beds). */
function LabBadge() {
  const lab = useUi((s) => s.lab);
  const role = useUi((s) => s.role);
  if (!lab) return null;
  return (
    <span className="lab-badge" data-testid="lab-badge">
      {role === 'instructor' ? 'Lab · instructor' : `Lab · ${lab.name ?? 'student'} · ${lab.beds ? `beds ${lab.beds.join(', ')}` : 'no beds assigned yet'}`}
    </span>
  );
}

/** `lab`: the page was served by a lab server and joins it (lab/LabRoot.tsx) instead of starting an engine. */
export function App({ lab }: { lab?: LabStart } = {}) {
  const ward = useUi((s) => s.ward);
  const error = useUi((s) => s.error);
  const view = useUi((s) => s.view);
  const setView = useUi((s) => s.setView);
  const role = useUi((s) => s.role);
  const [choice, setChoice] = useState<StartChoice | null>(lab ? null : PRESET);
  const [refused, setRefused] = useState<string | null>(null);
  const onRefused = useCallback((e: string) => (setRefused(e), setChoice(null)), []);
  useStartup(choice, onRefused);
  useLabStartup(lab ?? null, role);
  if (!choice && !lab) {
    return (
      <div className="app">
        <div className="sim-banner" role="banner" data-testid="sim-banner">
          {SIMULATION_NOTICE} · synthetic patients only
        </div>
        <StartDialog preselect={ROLE_PARAM === 'student' ? 'student' : null} error={refused} onStart={setChoice} />
      </div>
    );
  }
  return (
    <div className={`app role-${role}`}>
      <OpenFromEditor />
      <div className="sim-banner" role="banner" data-testid="sim-banner">
        {SIMULATION_NOTICE} · synthetic patients only
      </div>
      <header className="top">
        <h1>WardTwin</h1>
        <span className="ward-title" data-testid="ward-title">
          {ward ? `${role === 'student' ? 'Student mode' : ward.title} · ${plural(ward.beds.length, 'bed')}` : 'loading ward…'}
        </span>
        <nav className="views" aria-label="Views">
          {VIEWS.map((v) => (
            <button key={v.id} aria-pressed={view === v.id} className={view === v.id ? 'on' : ''} onClick={() => setView(v.id)} data-testid={`view-${v.id}`}>
              {v.label}
            </button>
          ))}
          {role === 'instructor' && (
            <a className="nav-link" href="#/editor" data-testid="open-editor" title="Write or change a scenario, with an instant preview">
              Scenario editor
            </a>
          )}
        </nav>
        <LabBadge />
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
      ) : view === 'station' ? (
        <main className="layout single">
          <CentralStation />
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
      {/* Resuming restores a snapshot (hidden state included): an instructor's decision. */}
      {role === 'instructor' && !lab && <ResumeDialog />}
      <ConfirmDialog />
      <AlarmSound />
      <Toasts />
    </div>
  );
}
