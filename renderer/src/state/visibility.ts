/**
 * What a student may see. The session host already withholds these from student connections
 * (twin-engine/session/roles.ts); this filter drops them from what the page held before a switch.
 *
 * What a student may see. In student mode the hidden truth (episodes, the true state) and the
 * instructor's machinery (injected conditions, scenario triggers and states) stay hidden, so the
 * student has to work from the monitor, labs and examination like on a real ward.
 */
import type { Role, SessionEvent } from '../../../twin-engine/session/api';

export type { Role };

const STUDENT_SCENARIO_KINDS = new Set(['note', 'lab_result', 'learner_action', 'intervention', 'error']);

export function visibleTo(role: Role, e: SessionEvent): boolean {
  if (role === 'instructor') return true;
  switch (e.type) {
    case 'episode':
    case 'condition':
      return false;
    case 'scenario':
      return STUDENT_SCENARIO_KINDS.has(e.kind);
    case 'intervention':
      return e.by !== 'scenario';
    default:
      return true;
  }
}
