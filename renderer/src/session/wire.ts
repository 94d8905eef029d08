/**
 * Connects the session's streams to the UI: numerics and waveforms into the transient live store,
 * run-state and events into zustand. Called once at start.
 */
import type { Subscription } from 'rxjs';
import type { Session } from '../../../twin-engine/session/api';
import { live } from '../live/live-store';
import { useUi } from '../state/store';

export function wireSession(session: Session): Subscription {
  const ui = useUi.getState();
  ui.setSession(session);
  const subs = session.numerics({ includeTruth: true }).subscribe((f) => live.onNumerics(f));
  // Every bed's ECG and respiration feed the 3D monitors and chest movement; the selected bed's other
  // channels are subscribed by the monitor panel itself.
  subs.add(session.waveforms({ channels: ['ecg_ii', 'resp'] }).subscribe((c) => live.onWaveform(c)));
  subs.add(
    session.clock().subscribe((c) => {
      live.simTimeS = c.simTimeS;
      const s = useUi.getState();
      if (s.runState !== c.runState || s.speed !== c.speed) s.setRun(c.runState, c.speed);
    }),
  );
  subs.add(
    session.events().subscribe((e) => {
      const s = useUi.getState();
      if (e.type === 'ward_loaded') {
        live.clear();
        s.setWard(e.ward);
      }
      if (e.type === 'run_state') s.setRun(e.runState, e.speed);
      s.pushEvent(e);
    }),
  );
  return subs;
}
