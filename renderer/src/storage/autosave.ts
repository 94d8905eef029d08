/**
 * Autosave for crash resume, the same in the browser host and Electron (whose renderer storage lives in
 * the user's data folder): every few seconds, the session's snapshot and the events since the last save
 * go into the session store; a new ward starts a new record; closing the page normally writes the
 * clean-shutdown marker. A run that dies (tab or app killed, crash) has no marker and is offered back
 * at the next start (storage/resume.ts).
 */
import { browserSessionStore } from '../../../twin-engine/browser/session-store';
import type { SessionStore } from '../../../twin-engine/storage/session-store';
import { attachedSources } from '../modules/ModulesPanel';
import { history } from '../state/history';
import { useUi } from '../state/store';

export const AUTOSAVE_MS = 5000;
const KEEP_CLEAN = 10;

let storePromise: Promise<{ store: SessionStore; kind: string }> | null = null;
export function sessionStore(): Promise<{ store: SessionStore; kind: string }> {
  storePromise ??= browserSessionStore();
  return storePromise;
}

/** Ids of sessions whose page closed normally, written synchronously on pagehide (localStorage). */
const CLOSED_KEY = 'wardtwin.closed-sessions';

function noteClosed(id: string): void {
  try {
    const ids = JSON.parse(localStorage.getItem(CLOSED_KEY) ?? '[]') as string[];
    if (!ids.includes(id)) localStorage.setItem(CLOSED_KEY, JSON.stringify([...ids, id]));
  } catch {
    // No localStorage (or full): the store's own marker is the only one, as before.
  }
}

/** Mark clean in the store every session a page noted as closed normally, before offering resumes. */
export async function settleClosed(store: SessionStore): Promise<void> {
  let ids: string[] = [];
  try {
    ids = JSON.parse(localStorage.getItem(CLOSED_KEY) ?? '[]') as string[];
  } catch {
    return;
  }
  for (const id of ids) await store.markClean(id).catch(() => {});
  try {
    localStorage.removeItem(CLOSED_KEY);
  } catch {
    // nothing to undo
  }
}

export class Autosaver {
  currentId: string | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private saving: Promise<void> = Promise.resolve();
  private lastSavedSimS = -1;
  /** Session ids resumed into the current run: marked clean once their data is saved again. */
  private readonly superseded: string[] = [];
  lastError: string | null = null;

  constructor(private readonly store: SessionStore) {}

  start(): void {
    this.timer = setInterval(() => void this.save(), AUTOSAVE_MS);
    addEventListener('pagehide', this.onPageHide);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    removeEventListener('pagehide', this.onPageHide);
  }

  private readonly onPageHide = () => {
    // A normal close: mark clean. The store's write is asynchronous and a closing page may not finish
    // it (then the next start offered this cleanly closed session as "interrupted", ahead of a really
    // crashed one); the synchronous note below is settled by the next start before it offers anything.
    if (!this.currentId) return;
    noteClosed(this.currentId);
    void this.store.markClean(this.currentId);
  };

  /** A ward was loaded: the previous record ended cleanly, a new one begins. */
  onWardLoaded(title: string, sourceFile: string, host: string): Promise<void> {
    // Queued behind any save in progress, and ahead of the next one.
    const previous = this.currentId;
    this.currentId = null;
    this.saving = this.saving
      .then(async () => {
        if (previous) await this.store.markClean(previous);
        this.currentId = await this.store.begin({ title, sourceFile, host });
        this.lastSavedSimS = -1;
        void this.store.prune(KEEP_CLEAN).catch(() => {});
      })
      .catch((err) => this.failed(err));
    return this.saving;
  }

  /** A failed save is told once per distinct reason (a second writer, full storage …), not every 5 s. */
  private failed(err: unknown): void {
    const msg = err instanceof Error ? err.message : String(err);
    if (msg !== this.lastError) useUi.getState().toast('error', `Autosave failed: ${msg}`);
    this.lastError = msg;
  }

  supersede(id: string): void {
    this.superseded.push(id);
  }

  /** One autosave now (also called after important actions). Serialised: saves never overlap. */
  save(): Promise<void> {
    this.saving = this.saving.then(() => this.saveNow()).catch((err) => this.failed(err));
    return this.saving;
  }

  private async saveNow(): Promise<void> {
    const { session, ward, role, selectedBedId } = useUi.getState();
    const id = this.currentId;
    // A snapshot carries the hidden state: a student connection may not take one (the host refuses).
    if (!session || !ward || !id || role === 'student') return;
    const pending = history.all.length - history.savedUpTo;
    const st = await session.status();
    if (pending === 0 && st.simTimeS === this.lastSavedSimS) return;
    const snapshot = await session.snapshot();
    if (this.currentId !== id) return; // a new ward arrived meanwhile
    await this.store.autosave(id, {
      snapshot,
      newEvents: history.takeUnsaved(),
      modules: [...attachedSources.values()],
      ui: { role, selectedBedId, wardTitle: ward.title },
    });
    this.lastSavedSimS = snapshot.simTimeS;
    this.lastError = null;
    while (this.superseded.length) await this.store.markClean(this.superseded.pop() as string);
  }
}

export let autosaver: Autosaver | null = null;
export function setAutosaver(a: Autosaver | null): void {
  autosaver = a;
}
