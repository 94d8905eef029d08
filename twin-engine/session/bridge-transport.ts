/** A client transport over the Electron preload's bridge (window.wardtwin). */
import type { WardTwinBridge } from './bridge';
import type { ClientTransport } from './client';

export function bridgeTransport(bridge: WardTwinBridge): ClientTransport {
  let off: (() => void) | null = null;
  return {
    request: (name, args) => bridge.commands[name](...args),
    subscribe: (subId, stream, filter) => bridge.subscribe(subId, stream, filter),
    unsubscribe: (subId) => bridge.unsubscribe(subId),
    onData(handler) {
      off?.();
      off = bridge.onData(handler);
    },
    async close() {
      off?.();
      off = null;
    },
  };
}
