/** The three hosts of the session API, constructed the way the app constructs them. */
import { EngineHost } from '../../electron/main/engine-host';
import { buildBridge } from '../../electron/preload/bridge';
import { openNodeSession } from '../../twin-engine/node/create-node-session';
import { createThreadSession } from '../../twin-engine/node/thread-session';
import type { OpenRequest, Session } from '../../twin-engine/session/api';
import type { WardTwinBridge } from '../../twin-engine/session/bridge';
import { bridgeTransport } from '../../twin-engine/session/bridge-transport';
import { RemoteSession } from '../../twin-engine/session/client';
import { FakeIpcMain, FakeRenderer, forkEngineThread } from './fake-electron';

export const APP_URL = 'file:///opt/wardtwin/out/renderer/index.html';

export interface ElectronHarness {
  session: Session;
  ipcMain: FakeIpcMain;
  host: EngineHost;
  renderer: FakeRenderer;
  /** A second window showing some other page (must be refused). */
  foreign: FakeRenderer;
  dispose(): Promise<void>;
}

export function electronHarness(open: OpenRequest = { role: 'instructor' }): ElectronHarness {
  const ipcMain = new FakeIpcMain();
  const host = new EngineHost({
    ipcMain,
    forkEngine: forkEngineThread,
    isTrustedUrl: (url) => url === APP_URL,
  });
  const renderer = new FakeRenderer(ipcMain, APP_URL);
  const foreign = new FakeRenderer(ipcMain, 'https://example.invalid/evil.html');
  // The preload runs in each renderer and exposes the bridge; the page sees only window.wardtwin.
  renderer.contextBridge.exposeInMainWorld('wardtwin', buildBridge(renderer.ipcRenderer));
  foreign.contextBridge.exposeInMainWorld('wardtwin', buildBridge(foreign.ipcRenderer));
  const bridge = renderer.exposed.wardtwin as WardTwinBridge;
  const session = new RemoteSession(bridgeTransport(bridge, open), 'electron');
  return {
    session,
    ipcMain,
    host,
    renderer,
    foreign,
    async dispose() {
      await session.dispose();
      renderer.destroy();
      host.dispose();
    },
  };
}

export interface HostFactory {
  name: string;
  /** A connection with the given role (default instructor) to a fresh engine on this host. */
  make(open?: OpenRequest): { session: Session; dispose(): Promise<void> };
}

export const HOSTS: HostFactory[] = [
  {
    name: 'in-process',
    make(open = { role: 'instructor' }) {
      const session = openNodeSession(open);
      return { session, dispose: () => session.dispose() };
    },
  },
  {
    name: 'worker (engine in a worker thread, Web Worker protocol)',
    make(open = { role: 'instructor' }) {
      const session = createThreadSession({ open });
      return { session, dispose: () => session.dispose() };
    },
  },
  {
    name: 'electron (main-side relay + preload bridge + engine process, Electron stood in)',
    make(open = { role: 'instructor' }) {
      const h = electronHarness(open);
      return { session: h.session, dispose: () => h.dispose() };
    },
  },
];
