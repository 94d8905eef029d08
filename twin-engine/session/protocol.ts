/**
 * The wire protocol that carries the session API across a message channel (Web Worker postMessage,
 * Electron IPC, Node worker_threads). Plain structured-cloneable objects; waveform samples travel as
 * typed arrays (transferred where the channel allows it).
 */
import { COMMAND_NAMES, STREAM_NAMES, type CommandName, type OpenRequest, type Role, type StreamName } from './api';

/** A connection starts with 'hello' (the role it asks for); the host answers 'welcome' or 'refused'. */
export type ClientMessage =
  | { t: 'hello'; open: OpenRequest }
  | { t: 'cmd'; id: number; name: CommandName; args: unknown[] }
  | { t: 'sub'; subId: number; stream: StreamName; filter: unknown }
  | { t: 'unsub'; subId: number };

export type ServerMessage =
  | { t: 'res'; id: number; ok: true; value: unknown }
  | { t: 'res'; id: number; ok: false; error: string }
  | { t: 'data'; subId: number; value: unknown }
  /** Stream values of one engine tick, [subId, value] in emission order (SessionServer's `batch` option). */
  | { t: 'batch'; data: [number, unknown][] }
  /** A subscription was refused or failed (e.g. a student asking for the truth). */
  | { t: 'suberr'; subId: number; error: string }
  | { t: 'ready' }
  | { t: 'welcome'; role: Role }
  | { t: 'refused'; error: string }
  /** A frame refused by the network host that carried no request id (malformed, oversized, flooding). */
  | { t: 'error'; error: string };

const COMMANDS = new Set<string>(COMMAND_NAMES);
const STREAMS = new Set<string>(STREAM_NAMES);

/** Validate a message from an untrusted side; returns a reason when it is not a well-formed ClientMessage. */
export function checkClientMessage(m: unknown): string | null {
  if (typeof m !== 'object' || m === null) return 'message is not an object';
  const msg = m as Record<string, unknown>;
  switch (msg.t) {
    case 'hello':
      return typeof msg.open === 'object' && msg.open !== null ? null : 'hello.open must be an object';
    case 'cmd':
      if (!Number.isInteger(msg.id)) return 'cmd.id must be an integer';
      if (typeof msg.name !== 'string' || !COMMANDS.has(msg.name)) return `unknown command '${String(msg.name)}'`;
      if (!Array.isArray(msg.args)) return 'cmd.args must be an array';
      return null;
    case 'sub':
      if (!Number.isInteger(msg.subId)) return 'sub.subId must be an integer';
      if (typeof msg.stream !== 'string' || !STREAMS.has(msg.stream)) return `unknown stream '${String(msg.stream)}'`;
      return null;
    case 'unsub':
      return Number.isInteger(msg.subId) ? null : 'unsub.subId must be an integer';
    default:
      return `unknown message type '${String(msg.t)}'`;
  }
}

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && COMMANDS.has(name);
}

export function isStreamName(name: unknown): name is StreamName {
  return typeof name === 'string' && STREAMS.has(name);
}
