/**
 * The client side of the network host: a WebSocket (the browser's own, or the `ws` package's in Node;
 * both have this shape) as a MessageChannelLike for messageTransport. Frames are text (./wire).
 */
import type { MessageChannelLike } from './client';
import { decodeFrame, encodeFrame } from './wire';

/** The part of the WebSocket interface both the browser and `ws` provide. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

const OPEN = 1;
const CLOSED = 3;

/**
 * `onClose` hears the server's reason when the connection drops (e.g. removed by the instructor, or a
 * frame refused as too large); requests in flight are then rejected with it.
 */
export function socketChannel(socket: SocketLike, onClose?: (reason: string) => void): MessageChannelLike {
  const queue: string[] = [];
  let handler: (msg: unknown) => void = () => {};
  socket.onopen = () => {
    for (const f of queue.splice(0)) socket.send(f);
  };
  socket.onmessage = (ev) => {
    if (typeof ev.data !== 'string') return; // the server sends text frames only
    let msg: unknown;
    try {
      msg = decodeFrame(ev.data);
    } catch {
      return;
    }
    handler(msg);
  };
  socket.onerror = () => {};
  let lostHandler: (reason: string) => void = () => {};
  let closedByUs = false;
  socket.onclose = (ev) => {
    const reason = ev.reason || `connection closed (code ${ev.code})`;
    onClose?.(reason);
    if (!closedByUs) lostHandler(reason);
  };
  return {
    onLost(h) {
      lostHandler = h;
    },
    post(msg) {
      const f = encodeFrame(msg);
      if (socket.readyState === OPEN) socket.send(f);
      else if (socket.readyState < OPEN) queue.push(f);
    },
    listen(h) {
      handler = h;
    },
    async close() {
      closedByUs = true;
      if (socket.readyState !== CLOSED) socket.close(1000, 'client closed');
    },
  };
}
