/**
 * Electron main process: one window on WardTwin's renderer, the engine in a utility process, and the
 * IPC relay between them. Everything the window may do goes through the preload's named functions.
 */
import { app, BrowserWindow, ipcMain, Menu, session, utilityProcess } from 'electron';
import { join } from 'node:path';
import { EngineHost, type EngineProcessLike, type IpcMainLike } from './engine-host';
import { hardenSession, hardenWindow, makeTrustedUrlCheck, secureWebPreferences } from './security';

const rendererUrl = process.env.ELECTRON_RENDERER_URL ?? `file://${join(import.meta.dirname, '../renderer/index.html')}`;
const isTrustedUrl = makeTrustedUrlCheck(rendererUrl);
let host: EngineHost | null = null;

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1600,
    height: 960,
    title: 'WardTwin — SIMULATION — NOT FOR CLINICAL USE',
    backgroundColor: '#111619',
    webPreferences: secureWebPreferences(join(import.meta.dirname, '../preload/index.cjs')),
  });
  hardenWindow(win, isTrustedUrl);
  void win.loadURL(rendererUrl);
  return win;
}

function buildMenu(): void {
  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      { role: 'fileMenu' },
      { role: 'viewMenu' },
      { role: 'windowMenu' },
      { role: 'help', submenu: [{ label: 'WardTwin — simulated patients only, not for clinical use', enabled: false }] },
    ]),
  );
}

app.enableSandbox();
app.whenReady().then(() => {
  hardenSession(session.defaultSession);
  host = new EngineHost({
    ipcMain: ipcMain as unknown as IpcMainLike,
    forkEngine: () =>
      utilityProcess.fork(join(import.meta.dirname, 'engine.js'), [], { serviceName: 'WardTwin engine' }) as unknown as EngineProcessLike,
    isTrustedUrl,
    log: (line) => console.log(`[wardtwin] ${line}`),
  });
  buildMenu();
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  host?.dispose();
  if (process.platform !== 'darwin') app.quit();
});
