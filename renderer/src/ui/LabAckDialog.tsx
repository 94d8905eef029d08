/**
 * First-start acknowledgement for a lab session: simulated data only, not for clinical use. Stored so it
 * shows once per machine/profile, and recorded in a hash-chained audit log (twin-engine/audit) kept in
 * the same store. It sits over the ward view and takes focus; the first ward's clock starts only once it
 * is accepted (App.tsx waits on whenAcknowledged), so no simulated time passes unseen behind it.
 */
import { useEffect, useRef, useState } from 'react';
import { AuditLog } from '../../../twin-engine/audit/index';
import { SIMULATION_NOTICE } from '../../../twin-engine/session/api';
import { sessionStore } from '../storage/autosave';
import { useUi } from '../state/store';

export const ACK_PREF = 'lab-session-ack';
export const ACK_TEXT =
  'I understand that WardTwin shows simulated patients and synthetic data only. Nothing here is real patient data, and nothing here may be used for clinical decisions.';

export async function recordAcknowledgement(): Promise<void> {
  const { store } = await sessionStore();
  const wall = new Date().toISOString();
  const lines: string[] = [];
  const log = new AuditLog({ session: `lab-ack-${wall.replace(/[^0-9A-Za-z]/g, '')}`, wallClock: () => wall, sink: (l) => lines.push(l) });
  log.append('acknowledgement', 0, { kind: 'lab_session', text: ACK_TEXT, notice: SIMULATION_NOTICE });
  await store.writePref(ACK_PREF, { acknowledged: true, wall, text: ACK_TEXT, audit: lines });
}

/** Resolved when the user accepts the dialog: the first start waits on it before the clock runs. */
let accepted: () => void = () => {};
const acceptedPromise = new Promise<void>((r) => (accepted = r));

/** Whether this machine/profile has acknowledged already (then the dialog does not show). */
export async function acknowledgementStored(): Promise<boolean> {
  try {
    const { store } = await sessionStore();
    return (await store.readPref<{ acknowledged?: boolean }>(ACK_PREF))?.acknowledged === true;
  } catch {
    return false;
  }
}

/** Resolves once the user has accepted the dialog in this page. */
export function whenAcknowledged(): Promise<void> {
  return acceptedPromise;
}

export function LabAckDialog() {
  const [show, setShow] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    let alive = true;
    void sessionStore()
      .then(({ store }) => store.readPref<{ acknowledged?: boolean }>(ACK_PREF))
      .then((v) => alive && setShow(!v?.acknowledged))
      .catch(() => alive && setShow(true));
    return () => {
      alive = false;
    };
  }, []);
  useEffect(() => {
    if (show) button.current?.focus();
  }, [show]);
  if (!show) return null;
  return (
    <div className="dialog ack" role="dialog" aria-labelledby="ack-title" aria-describedby="ack-text" data-testid="ack-dialog">
      <h2 id="ack-title">{SIMULATION_NOTICE}</h2>
      <p id="ack-text">{ACK_TEXT}</p>
      <p className="hint">This lab session's acknowledgement is stored on this computer and recorded in the audit log. The simulation clock starts when you accept.</p>
      <button
        ref={button}
        className="primary"
        data-testid="ack-accept"
        onClick={() => {
          // Close only once the acknowledgement is stored, so a reload cannot ask again; it also goes
          // into the running session's own hash-chained audit log.
          void useUi.getState().session?.acknowledgeSimulation('lab session user', ACK_TEXT);
          void recordAcknowledgement().finally(() => (setShow(false), accepted()));
        }}
      >
        I understand — simulated data only
      </button>
    </div>
  );
}
