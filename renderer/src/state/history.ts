/**
 * The whole event history of the session (for the timeline, debrief, exports and autosave). Kept out
 * of React state because it grows without bound; the store carries only a version number that bumps
 * when new events have been appended, so views re-read it at human pace.
 */
import type { SessionEvent } from '../../../twin-engine/session/api';

export class EventHistory {
  private list: SessionEvent[] = [];
  /** Index of the first event not yet autosaved. */
  savedUpTo = 0;

  get all(): readonly SessionEvent[] {
    return this.list;
  }

  push(e: SessionEvent): void {
    this.list.push(e);
  }

  /** Replace the history (a new ward was loaded, or a session was resumed with its saved log). */
  reset(events: readonly SessionEvent[] = [], saved = events.length): void {
    this.list = [...events];
    this.savedUpTo = saved;
  }

  /** Events appended since the last autosave; marks them saved. */
  takeUnsaved(): SessionEvent[] {
    const out = this.list.slice(this.savedUpTo);
    this.savedUpTo = this.list.length;
    return out;
  }
}

export const history = new EventHistory();
