/**
 * Picks the session host: Electron's IPC bridge when the preload exposed one, else the engine in a
 * Web Worker (browser host). The rest of the UI only ever sees the Session interface.
 */
import type { Session } from '../../../twin-engine/session/api';
import type { WardTwinBridge } from '../../../twin-engine/session/bridge';
import { bridgeTransport } from '../../../twin-engine/session/bridge-transport';
import { RemoteSession } from '../../../twin-engine/session/client';
import { createWorkerSession } from '../../../twin-engine/browser/worker-session';

declare global {
  interface Window {
    wardtwin?: WardTwinBridge;
  }
}

export function connectSession(): Session {
  const bridge = window.wardtwin;
  if (bridge && bridge.bridgeVersion === 1) return new RemoteSession(bridgeTransport(bridge), 'electron');
  return createWorkerSession();
}
