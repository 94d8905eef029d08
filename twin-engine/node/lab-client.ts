/** A Session reached over the network host (node/lab-server.ts), from Node (`ws`): tests, benchmarks, tools. */
import { WebSocket } from 'ws';
import type { OpenRequest, Session } from '../session/api';
import { RemoteSession, messageTransport } from '../session/client';
import { socketChannel, type SocketLike } from '../session/socket-channel';

export function connectLab(url: string, open: OpenRequest, opts: { onClose?: (reason: string) => void } = {}): Session {
  const ws = new WebSocket(url, { maxPayload: 64 * 1024 * 1024 });
  const transport = messageTransport(socketChannel(ws as unknown as SocketLike, opts.onClose), open);
  return new RemoteSession(transport, 'network');
}
