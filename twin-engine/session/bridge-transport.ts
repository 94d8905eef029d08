/** A client transport over the Electron preload's bridge (window.wardtwin), opened with a role. */
import type { OpenRequest } from './api';
import type { WardTwinBridge } from './bridge';
import type { ClientTransport } from './client';

export function bridgeTransport(bridge: WardTwinBridge, open: OpenRequest): ClientTransport {
  let off: (() => void) | null = null;
  let offErr: (() => void) | null = null;
  let errorHandler: (subId: number, error: string) => void = () => {};
  const opened = bridge.open(open);
  opened.catch(() => {}); // callers see the refusal through their own requests
  return {
    async request(name, args) {
      await opened;
      return bridge.commands[name](...args);
    },
    subscribe: (subId, stream, filter) =>
      opened.then(
        () => bridge.subscribe(subId, stream, filter),
        (e: Error) => errorHandler(subId, e.message),
      ),
    unsubscribe: (subId) => opened.then(() => bridge.unsubscribe(subId), () => {}),
    onData(handler) {
      off?.();
      off = bridge.onData(handler);
    },
    onStreamError(handler) {
      errorHandler = handler;
      offErr?.();
      offErr = bridge.onStreamError(handler);
    },
    async close() {
      off?.();
      offErr?.();
      off = offErr = null;
    },
  };
}
