/**
 * Picks the session host: Electron's IPC bridge when the preload exposed one, else the engine in a
 * Web Worker (browser host). The rest of the UI only ever sees the Session interface.
 */
import type { OpenRequest, Session } from '../../../twin-engine/session/api';
import type { WardTwinBridge } from '../../../twin-engine/session/bridge';
import { bridgeTransport } from '../../../twin-engine/session/bridge-transport';
import { RemoteSession } from '../../../twin-engine/session/client';
import { createWorkerSession } from '../../../twin-engine/browser/worker-session';

declare global {
  interface Window {
    wardtwin?: WardTwinBridge;
  }
}

/** Open the page's one connection with the role the user chose; the host enforces it, not this page. */
export function connectSession(open: OpenRequest): Session {
  const bridge = window.wardtwin;
  if (bridge && bridge.bridgeVersion === 1) return new RemoteSession(bridgeTransport(bridge, open), 'electron');
  return createWorkerSession(open);
}
