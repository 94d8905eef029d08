/**
 * Electron main's own small state — recent files and window bounds — kept with the session store's
 * Node adapter under the user's data folder (app.getPath('userData')/wardtwin/prefs/…). Sessions
 * themselves are autosaved by the renderer into its storage, which Electron also keeps in userData.
 */
import { join } from 'node:path';
import { fileSessionStore } from '../../twin-engine/node/session-store';
import type { SessionStore } from '../../twin-engine/storage/session-store';

export const MAX_RECENT = 8;

export function appStore(userData: string): SessionStore {
  return fileSessionStore(join(userData, 'wardtwin'));
}

export async function recentFiles(store: SessionStore): Promise<string[]> {
  const v = await store.readPref<string[]>('recent-files');
  return Array.isArray(v) ? v.filter((x) => typeof x === 'string') : [];
}

/** Put a path first in the recent list (deduplicated, capped). */
export async function addRecent(store: SessionStore, path: string): Promise<string[]> {
  const next = [path, ...(await recentFiles(store)).filter((p) => p !== path)].slice(0, MAX_RECENT);
  await store.writePref('recent-files', next);
  return next;
}
