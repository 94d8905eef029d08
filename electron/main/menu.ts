/**
 * The application menu. File commands drive the engine through the EngineHost (the renderer sees the
 * result as ordinary session events), so no new IPC channel to the renderer is needed.
 */
import { Menu, type MenuItemConstructorOptions } from 'electron';
import { basename } from 'node:path';

export interface MenuActions {
  openFile(): void;
  openRecent(path: string): void;
  openBuiltin(path: string): void;
  clearRecent(): void;
  command(name: 'play' | 'pause'): void;
  setSpeed(speed: number | 'max'): void;
  /** Show the scenario editor (the renderer's #/editor route) or the ward in the focused window. */
  showView(view: 'editor' | 'ward'): void;
}

export function buildMenu(recent: readonly string[], a: MenuActions): void {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        { label: 'Open Ward, Scenario or Cohort…', accelerator: 'CmdOrCtrl+O', click: () => a.openFile() },
        {
          label: 'Open Recent',
          submenu: recent.length
            ? [...recent.map((p) => ({ label: basename(p), sublabel: p, click: () => a.openRecent(p) })), { type: 'separator' as const }, { label: 'Clear Recent', click: () => a.clearRecent() }]
            : [{ label: 'No recent files', enabled: false }],
        },
        { label: 'Open Default Ward', click: () => a.openBuiltin('wards/default.yaml') },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: '&Simulation',
      submenu: [
        { label: 'Play', accelerator: 'CmdOrCtrl+P', click: () => a.command('play') },
        { label: 'Pause', accelerator: 'CmdOrCtrl+Shift+P', click: () => a.command('pause') },
        { type: 'separator' },
        ...([1, 2, 5, 10, 60, 'max'] as const).map((s) => ({ label: s === 'max' ? 'Maximum speed' : `Speed ${s}×`, click: () => a.setSpeed(s) })),
      ],
    },
    {
      label: '&View',
      submenu: [
        { label: 'Ward', accelerator: 'CmdOrCtrl+1', click: () => a.showView('ward') },
        { label: 'Scenario Editor', accelerator: 'CmdOrCtrl+E', click: () => a.showView('editor') },
        { type: 'separator' },
        { role: 'reload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ label: 'WardTwin — SIMULATION — NOT FOR CLINICAL USE (synthetic patients only)', enabled: false }] },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
