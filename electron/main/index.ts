/// <reference types="vite/client" />
/**
 * Electron main process: one window on WardTwin's renderer, the engine in a utility process, and the
 * IPC relay between them. Everything the window may do goes through the preload's named functions.
 * Here too: the application menu (File › Open / Open Recent, Simulation), recent files and window
 * state (kept under userData with the session store's Node adapter), and recovery when the renderer
 * dies (the window reloads; the renderer offers its autosaved session back).
 */
import { app, BrowserWindow, dialog, ipcMain, protocol, screen, session, utilityProcess } from 'electron';
import { join } from 'node:path';
import type { CommandName } from '../../twin-engine/session/api';
import { EngineHost, type EngineProcessLike, type IpcMainLike, type WebContentsLike } from './engine-host';
import { addRecent, appStore, recentFiles } from './app-store';
import { buildMenu, type MenuActions } from './menu';
import { loadSourceFromPath } from './open-file';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, APP_URL, appProtocolHandler } from './app-protocol';
import { hardenSession, hardenWindow, makeTrustedUrlCheck, rendererEntry, secureWebPreferences } from './security';
import { loadWindowState, trackWindowState } from './window-state';
import { utilityProcessLauncher } from './sandbox-launcher';

const rendererUrl = rendererEntry({
  dev: import.meta.env.DEV,
  isPackaged: app.isPackaged,
  devServerUrl: import.meta.env.DEV ? process.env.ELECTRON_RENDERER_URL : undefined,
  appUrl: APP_URL,
});
const isTrustedUrl = makeTrustedUrlCheck(rendererUrl);
let host: EngineHost | null = null;
let mainWindow: BrowserWindow | null = null;

async function createWindow(store: ReturnType<typeof appStore>): Promise<BrowserWindow> {
  const state = await loadWindowState(
    store,
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const win = new BrowserWindow({
    ...(state.positioned ? state.bounds : { width: state.bounds.width, height: state.bounds.height }),
    title: 'WardTwin — SIMULATION — NOT FOR CLINICAL USE',
    backgroundColor: '#111619',
    webPreferences: secureWebPreferences(join(import.meta.dirname, '../preload/index.cjs')),
  });
  if (state.maximized) win.maximize();
  hardenWindow(win, isTrustedUrl);
  trackWindowState(win, store);
  // A crashed renderer comes back by itself; its autosave (no clean marker) is offered for resume.
  win.webContents.on('render-process-gone', (_e, details) => {
    console.log(`[wardtwin] renderer gone (${details.reason}); reloading`);
    if (details.reason !== 'clean-exit' && !win.isDestroyed()) setTimeout(() => !win.isDestroyed() && void win.loadURL(rendererUrl), 500);
  });
  void win.loadURL(rendererUrl);
  return win;
}

/**
 * Send a command to the engine on the window's behalf, with the window's role (a student window's menu
 * cannot load or drive the clock); show the engine's message if it refuses.
 */
async function engine(name: CommandName, args: unknown[]): Promise<boolean> {
  if (!host || !mainWindow || mainWindow.isDestroyed()) return false;
  const r = await host.request(name, args, mainWindow.webContents as unknown as WebContentsLike);
  if (!r.ok) {
    void dialog.showMessageBox({ type: 'error', title: 'WardTwin', message: `${name} failed`, detail: r.error });
    return false;
  }
  return true;
}

function menuActions(store: ReturnType<typeof appStore>, refresh: () => Promise<void>): MenuActions {
  const openPath = async (path: string) => {
    try {
      const source = await loadSourceFromPath(path);
      if ((await engine('load', [source])) && (await engine('play', []))) {
        await addRecent(store, path);
        await refresh();
      }
    } catch (err) {
      void dialog.showMessageBox({ type: 'error', title: 'WardTwin', message: `Could not open ${path}`, detail: String(err) });
    }
  };
  return {
    openFile: async () => {
      const r = await dialog.showOpenDialog({
        title: 'Open a ward, scenario or cohort',
        properties: ['openFile'],
        filters: [{ name: 'WardTwin files', extensions: ['yaml', 'yml'] }],
      });
      if (!r.canceled && r.filePaths[0]) await openPath(r.filePaths[0]);
    },
    openRecent: (p) => void openPath(p),
    openBuiltin: (p) => void engine('load', [{ kind: 'builtin', path: p }]).then((ok) => ok && engine('play', [])),
    clearRecent: async () => {
      await store.writePref('recent-files', []);
      await refresh();
    },
    command: (name) => void engine(name, []),
    setSpeed: (s) => void engine('setSpeed', [s]),
    // A route inside the same page (no new origin, no IPC): the renderer switches on location.hash.
    showView: (v) => void mainWindow?.webContents.executeJavaScript(v === 'editor' ? "location.hash = '#/editor'" : "location.hash = '#/'"),
  };
}

app.enableSandbox();
// Must happen before 'ready': the scheme's privileges are fixed when the browser process starts.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
app.whenReady().then(async () => {
  hardenSession(session.defaultSession);
  protocol.handle(APP_SCHEME, appProtocolHandler(join(import.meta.dirname, '../renderer')));
  const store = appStore(app.getPath('userData'));
  host = new EngineHost({
    ipcMain: ipcMain as unknown as IpcMainLike,
    forkEngine: () =>
      utilityProcess.fork(join(import.meta.dirname, 'engine.js'), [], { serviceName: 'WardTwin engine' }) as unknown as EngineProcessLike,
    // Module sandboxes: utility processes too, started here because only main can start them.
    sandboxLauncher: utilityProcessLauncher(utilityProcess.fork, join(import.meta.dirname, 'module-sandbox.js')),
    isTrustedUrl,
    log: (line) => console.log(`[wardtwin] ${line}`),
  });
  let actions: MenuActions;
  const refresh = async () => buildMenu(await recentFiles(store), actions);
  actions = menuActions(store, refresh);
  await refresh();
  mainWindow = await createWindow(store);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void createWindow(store).then((w) => (mainWindow = w));
  });
});

app.on('window-all-closed', () => {
  host?.dispose();
  if (process.platform !== 'darwin') app.quit();
});
