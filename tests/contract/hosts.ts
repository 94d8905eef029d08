/** The four hosts of the session API, constructed the way the app constructs them. */
import { EngineHost } from '../../electron/main/engine-host';
import { buildBridge } from '../../electron/preload/bridge';
import { createNodeSession, openNodeSession } from '../../twin-engine/node/create-node-session';
import { connectLab } from '../../twin-engine/node/lab-client';
import { LabServer } from '../../twin-engine/node/lab-server';
import { createThreadSession } from '../../twin-engine/node/thread-session';
import { Observable, type Subscription } from 'rxjs';
import type { OpenRequest, Session } from '../../twin-engine/session/api';
import type { WardTwinBridge } from '../../twin-engine/session/bridge';
import { bridgeTransport } from '../../twin-engine/session/bridge-transport';
import { RemoteSession } from '../../twin-engine/session/client';
import { RoleAuthority } from '../../twin-engine/session/roles';
import { fakeSandboxLauncher, FakeIpcMain, FakeRenderer, forkEngineProcess } from './fake-electron';

import { APP_URL as PRODUCT_APP_URL } from '../../electron/main/app-protocol';
import { makeTrustedUrlCheck } from '../../electron/main/security';

/** The page the fake window shows: the renderer as the production build loads it (the app:// scheme). */
export const APP_URL = PRODUCT_APP_URL;

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
    forkEngine: forkEngineProcess,
    sandboxLauncher: fakeSandboxLauncher(),
    isTrustedUrl: makeTrustedUrlCheck(APP_URL),
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
  {
    name: 'network (lab server over WebSocket on loopback)',
    make(open = { role: 'instructor' }) {
      const h = labHarness(open);
      return { session: h.session, dispose: h.dispose };
    },
  },
];

/**
 * A lab server on a fresh engine (any free loopback port) and one client connection to it. `make` is
 * synchronous, so the session is a proxy that waits for the server to listen before connecting.
 */
export function labHarness(open: OpenRequest = { role: 'instructor' }): { session: Session; server: Promise<LabServer>; dispose(): Promise<void> } {
  const engine = createNodeSession();
  const authority = new RoleAuthority(engine);
  const server = LabServer.start({ engine, authority });
  const session = deferredSession(server.then((s) => connectLab(s.url, open)));
  return {
    session,
    server,
    async dispose() {
      await session.dispose();
      await (await server).close();
      authority.dispose();
      await engine.dispose();
    },
  };
}

/** A Session whose commands and streams wait for `ready` (a connection still being opened). */
function deferredSession(ready: Promise<Session>): Session {
  return new Proxy({} as Session, {
    get(_t, name: string | symbol) {
      if (name === 'then') return undefined;
      if (name === 'hostKind') return 'network';
      if (['numerics', 'waveforms', 'events', 'clock'].includes(String(name))) {
        return (f?: unknown) =>
          new Observable<unknown>((sub) => {
            let inner: Subscription | null = null;
            let closed = false;
            void ready.then((s) => {
              if (!closed) inner = (s[name as 'numerics'] as (f?: unknown) => Observable<unknown>).call(s, f).subscribe(sub);
            });
            return () => {
              closed = true;
              inner?.unsubscribe();
            };
          });
      }
      return async (...args: unknown[]) => {
        const s = await ready;
        return (s as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[String(name)](...args);
      };
    },
  });
}
