/** A Session reached over the network host (a lab session) from a browser, with the browser's own WebSocket. */
import type { OpenRequest, Session } from '../session/api';
import { RemoteSession, messageTransport } from '../session/client';
import { socketChannel, type SocketLike } from '../session/socket-channel';

export function connectLab(url: string, open: OpenRequest, opts: { onClose?: (reason: string) => void } = {}): Session {
  const ws = new WebSocket(url);
  return new RemoteSession(messageTransport(socketChannel(ws as unknown as SocketLike, opts.onClose), open), 'network');
}
