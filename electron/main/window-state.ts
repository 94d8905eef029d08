/**
 * Window position, size and maximised state, restored at start and saved (debounced) as they change.
 * Saved bounds that no longer fit any display (a monitor was unplugged) fall back to the default.
 */
import type { BrowserWindow, Rectangle } from 'electron';
import type { SessionStore } from '../../twin-engine/storage/session-store';

export interface WindowState {
  bounds: Rectangle;
  maximized: boolean;
}

export const DEFAULT_STATE: WindowState = { bounds: { x: 0, y: 0, width: 1600, height: 960 }, maximized: false };

/** True if at least a 100×100 px part of `b` is on one of the work areas. */
export function visibleOn(b: Rectangle, areas: readonly Rectangle[]): boolean {
  return areas.some((a) => Math.min(b.x + b.width, a.x + a.width) - Math.max(b.x, a.x) >= 100 && Math.min(b.y + b.height, a.y + a.height) - Math.max(b.y, a.y) >= 100);
}

export async function loadWindowState(store: SessionStore, workAreas: readonly Rectangle[]): Promise<WindowState & { positioned: boolean }> {
  const s = await store.readPref<WindowState>('window-state');
  const ok = s && s.bounds && [s.bounds.x, s.bounds.y, s.bounds.width, s.bounds.height].every((v) => Number.isFinite(v)) && s.bounds.width >= 400 && s.bounds.height >= 300;
  if (!ok || !visibleOn(s.bounds, workAreas)) return { ...DEFAULT_STATE, positioned: false };
  return { bounds: s.bounds, maximized: !!s.maximized, positioned: true };
}

export function trackWindowState(win: BrowserWindow, store: SessionStore): void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const save = () => {
    if (win.isDestroyed()) return;
    const state: WindowState = { bounds: win.isMaximized() ? win.getNormalBounds() : win.getBounds(), maximized: win.isMaximized() };
    void store.writePref('window-state', state).catch(() => {});
  };
  const soon = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, 500);
  };
  for (const ev of ['resize', 'move', 'maximize', 'unmaximize'] as const) win.on(ev as 'resize', soon);
  win.on('close', save);
}
