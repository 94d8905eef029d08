/** The ward UI on a lab session (App with `lab`): keeps a student's beds current. */
import { useEffect } from 'react';
import type { Session } from '../../../twin-engine/session/api';
import { refreshStudentBeds } from './lab-session';

/** How often a student's page asks whether the instructor changed their beds. */
const BEDS_POLL_MS = 2000;

/** The lab session the page joined (LabRoot): the connection stays open for the page's lifetime. */
export interface LabStart {
  session: Session;
}

export function useLabStartup(lab: LabStart | null, role: string): void {
  useEffect(() => {
    if (!lab || role !== 'student') return;
    const poll = setInterval(() => void refreshStudentBeds(lab.session).catch(() => {}), BEDS_POLL_MS);
    return () => clearInterval(poll);
  }, [lab, role]);
}
