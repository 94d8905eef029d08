/**
 * The page's side of roles. The host enforces them (twin-engine/session/roles.ts): a student connection
 * simply never receives the truth, scenario titles or episodes. This module switches the connection's
 * role and re-wires the UI so nothing the previous role received stays on screen.
 */
import type { Subscription } from 'rxjs';
import type { Role, Session } from '../../../twin-engine/session/api';
import { live } from '../live/live-store';
import { history } from '../state/history';
import { useUi } from '../state/store';
import { visibleTo } from '../state/visibility';
import { wireSession } from './wire';

let wiring: Subscription | null = null;

/** (Re)subscribe the UI to the session's streams for `role`, after the role is in force on the host. */
export async function wireForRole(session: Session, role: Role): Promise<void> {
  wiring?.unsubscribe();
  const ui = useUi.getState();
  ui.setRole(role);
  if (role === 'student') {
    // What the instructor's view received must not stay in this page: keep only what a student may see.
    live.clear();
    history.reset(history.all.filter((e) => visibleTo('student', e) && e.type !== 'ward_loaded'), 0);
    ui.resetEvents(history.all);
  }
  wiring = wireSession(session, role);
  const [st, access] = await Promise.all([session.status(), session.access()]);
  if (st.ward) useUi.getState().setWard(st.ward);
  useUi.getState().setModules(st.modules);
  useUi.getState().setDebriefReleased(access.debriefReleased);
}

export function unwire(): void {
  wiring?.unsubscribe();
  wiring = null;
}

/** Instructor → student. `newPin` sets the instructor's PIN first (required once per host). */
export async function enterStudentMode(newPin?: string): Promise<void> {
  const { session } = useUi.getState();
  if (!session) return;
  if (newPin !== undefined) await session.setInstructorPin(newPin);
  await session.requestRole('student');
  await wireForRole(session, 'student');
}

/** Student → instructor: the host checks the PIN. */
export async function leaveStudentMode(pin: string): Promise<void> {
  const { session } = useUi.getState();
  if (!session) return;
  await session.requestRole('instructor', pin);
  await wireForRole(session, 'instructor');
}
