/**
 * The page's side of a lab session (issue 14): the lab server serves this build with a marker, and the
 * page then joins that server over WebSocket (twin-engine/browser/lab-client.ts) instead of starting an
 * engine of its own. The server decides who the connection is (join code, token or instructor key) and
 * what it may see; nothing here widens that.
 */
import { connectLab } from '../../../twin-engine/browser/lab-client';
import type { OpenRequest, Session } from '../../../twin-engine/session/api';
import { wireForRole } from '../session/roles';
import { useUi } from '../state/store';

/** Set by the lab server on the page it serves (twin-engine/node/lab-http.ts). */
export function isLabPage(): boolean {
  return document.querySelector('meta[name="wardtwin-lab"]') !== null;
}

/** The lab's WebSocket: the same host and port as the page. */
export function labSocketUrl(): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/`;
}

/** Per tab (sessionStorage): a reload rejoins as the same student; another tab may join as someone else. */
const TOKEN_KEY = 'wardtwin.lab.token';

export function savedStudentToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function forgetStudentToken(): void {
  try {
    sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    /* storage disabled: nothing was kept */
  }
}

/** `#key=…` (the instructor page printed by `wardtwin lab serve`) and `#code=…` (the QR code's join link). */
export function fragmentParams(): { key: string | null; code: string | null } {
  const p = new URLSearchParams(location.hash.replace(/^#/, ''));
  return { key: p.get('key'), code: p.get('code') };
}

/**
 * Join the lab with `open`; resolves once the UI is wired to the session with the role the server
 * granted, or rejects with the server's reason (wrong code, unknown token, …).
 */
export async function joinLab(open: OpenRequest, onClosed: (reason: string) => void): Promise<Session> {
  let opened = false;
  // Until the server answers, show nothing an instructor would see (a student's page never starts as one).
  useUi.getState().setRole(open.role === 'instructor' ? 'instructor' : 'student');
  const session = connectLab(labSocketUrl(), open, { onClose: (reason) => opened && onClosed(reason) });
  try {
    const access = await session.access();
    opened = true;
    if (access.role === 'student' && access.token) sessionStorage.setItem(TOKEN_KEY, access.token);
    useUi.getState().setLab({ name: access.name ?? null, beds: access.beds ?? null });
    await wireForRole(session, access.role);
    return session;
  } catch (err) {
    void session.dispose();
    throw err;
  }
}

/**
 * A student's beds change when the instructor assigns them; the server filters the streams at once, and
 * this brings the page's bed list along (the ward info comes from status(), already filtered).
 */
export async function refreshStudentBeds(session: Session): Promise<void> {
  const access = await session.access();
  const lab = useUi.getState().lab;
  const beds = access.beds ?? null;
  if (lab && JSON.stringify(lab.beds) === JSON.stringify(beds)) return;
  useUi.getState().setLab({ name: access.name ?? null, beds });
  const st = await session.status();
  if (st.ward) useUi.getState().setWard(st.ward);
}
