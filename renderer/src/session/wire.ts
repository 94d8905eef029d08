/**
 * Connects the session's streams to the UI: numerics and waveforms into the transient live store,
 * run-state into zustand, events into the full history and (batched) into zustand. Called once at start.
 */
import type { Subscription } from 'rxjs';
import type { Role, Session, SessionEvent } from '../../../twin-engine/session/api';
import { live } from '../live/live-store';
import { history } from '../state/history';
import { autosaver } from '../storage/autosave';
import { useUi } from '../state/store';

/** Events reach React at most this often: at 'max' speed a ward raises dozens per second. */
const EVENT_FLUSH_MS = 150;

export function wireSession(session: Session, role: Role): Subscription {
  const ui = useUi.getState();
  ui.setSession(session);
  // Only an instructor connection may ask for the truth (the host refuses a student's request).
  const subs = session.numerics({ includeTruth: role === 'instructor' }).subscribe((f) => live.onNumerics(f));
  // Every bed's ECG and respiration feed the 3D monitors and chest movement; the selected bed's other
  // channels are subscribed by the monitor panel itself.
  subs.add(session.waveforms({ channels: ['ecg_ii', 'resp'] }).subscribe((c) => live.onWaveform(c)));
  subs.add(
    session.clock().subscribe((c) => {
      live.simTimeS = c.simTimeS;
      live.achievedFactor = c.achievedFactor;
      const s = useUi.getState();
      if (s.runState !== c.runState || s.speed !== c.speed) s.setRun(c.runState, c.speed);
    }),
  );
  let pending: SessionEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  let refreshModules = false;
  const flush = () => {
    timer = null;
    const batch = pending;
    pending = [];
    if (batch.length) useUi.getState().pushEvents(batch);
    if (refreshModules) {
      refreshModules = false;
      void session.status().then((st) => useUi.getState().setModules(st.modules), () => {});
    }
  };
  subs.add(
    session.events().subscribe((e) => {
      const s = useUi.getState();
      if (e.type === 'ward_loaded') {
        // A new ward: drop everything of the previous one (a resume re-adds its saved history after).
        if (timer) clearTimeout(timer);
        timer = null;
        pending = [];
        live.clear();
        // The clock shows the new ward's time at once (a paused ward sends no clock tick until played).
        live.simTimeS = e.simTimeS;
        history.reset([]);
        s.setWard(e.ward);
        s.resetEvents([]);
        void autosaver?.onWardLoaded(e.ward.title, e.ward.sourceFile, session.hostKind);
      }
      if (e.type === 'ward_loaded') s.setDebriefReleased(false);
      if (e.type === 'debrief_released') {
        // The host now sends this student the scenario names and answers: take the unredacted ward.
        s.setDebriefReleased(true);
        void session.status().then((st) => st.ward && useUi.getState().setWard(st.ward), () => {});
      }
      if (e.type === 'run_state') {
        s.setRun(e.runState, e.speed);
        live.simTimeS = e.simTimeS;
      }
      // Limits changed (from any connection): the engine's ward description carries the limits in force.
      if (e.type === 'note' && e.bedId && e.text.startsWith('alarm limits changed')) {
        const bedId = e.bedId;
        void session.status().then((st) => {
          const b = st.ward?.beds.find((x) => x.bedId === bedId);
          if (b) useUi.getState().setBedLimits(bedId, b.alarmLimits);
        }, () => {});
      }
      if (e.type === 'module' || e.type === 'finding') refreshModules = true;
      history.push(e);
      // Score values (one a minute per bed and module) go to the history (debrief, exports, autosave) but
      // not into the live log's 400-event window, where they would push alarms and findings out.
      if (e.type === 'score') return;
      pending.push(e);
      timer ??= setTimeout(flush, EVENT_FLUSH_MS);
    }),
  );
  subs.add({ unsubscribe: () => timer && clearTimeout(timer) });
  return subs;
}
