/** WardTwin's main screen: simulation banner, run controls, the 3D ward, the selected bed's monitor, events. */
import { useEffect } from 'react';
import { SIMULATION_NOTICE } from '../../twin-engine/session/api';
import { MonitorPanel } from './monitor/MonitorPanel';
import { WardScene } from './scene/WardScene';
import { connectSession } from './session/connect';
import { wireSession } from './session/wire';
import { useUi } from './state/store';
import { EventLog } from './ui/EventLog';
import { Toolbar } from './ui/Toolbar';

const DEFAULT_WARD = 'wards/default.yaml';

export function App() {
  const ward = useUi((s) => s.ward);
  const error = useUi((s) => s.error);
  useEffect(() => {
    const session = connectSession();
    const sub = wireSession(session);
    (async () => {
      try {
        await session.load({ kind: 'builtin', path: DEFAULT_WARD });
        await session.play();
      } catch (err) {
        useUi.getState().setError(err instanceof Error ? err.message : String(err));
      }
    })();
    return () => {
      sub.unsubscribe();
      void session.dispose();
    };
  }, []);
  return (
    <div className="app">
      <div className="sim-banner" role="banner" data-testid="sim-banner">
        {SIMULATION_NOTICE} · synthetic patients only
      </div>
      <header className="top">
        <h1>WardTwin</h1>
        <span className="ward-title">{ward ? `${ward.title} · ${ward.beds.length} beds` : 'loading ward…'}</span>
        <Toolbar />
      </header>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      <main className="layout">
        <div className="scene" data-testid="ward-scene">
          {ward ? <WardScene ward={ward} /> : <p className="muted">Starting the engine…</p>}
        </div>
        <aside className="side">
          <MonitorPanel />
          <EventLog />
        </aside>
      </main>
    </div>
  );
}
