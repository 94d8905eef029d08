/**
 * Serves one connection to a session over any message channel. The connection opens with a 'hello'
 * naming the role it asks for; the host's RoleAuthority decides (session/roles.ts), and every command
 * and stream then goes through that connection's guard: the far side never reaches the engine itself.
 */
import type { Subscription } from 'rxjs';
import type { OpenRequest, Session } from './api';
import { checkClientMessage, type ClientMessage, type ServerMessage } from './protocol';

export interface ServerPort {
  post(msg: ServerMessage, transfer: ArrayBuffer[]): void;
}

/** Opens a connection with the requested role, or throws the reason it is refused. */
export type ConnectFn = (req: OpenRequest) => Session;

export interface ServerOptions {
  /**
   * Send the stream values emitted in one task (an engine tick: every bed's waveform chunks, numerics,
   * the clock) as one 'batch' message, not one message each. A 24-bed ward emits ~550 values a second;
   * each message costs the page a task, an event dispatch and a deserialisation (issue 15).
   */
  batch?: boolean;
}

export class SessionServer {
  private readonly subs = new Map<number, Subscription>();
  private session: Session | null = null;
  private pending: [number, unknown][] | null = null;
  private readonly port: ServerPort;
  private readonly rawPost: (msg: ServerMessage) => void;

  constructor(
    private readonly connect: ConnectFn,
    port: ServerPort,
    private readonly options: ServerOptions = {},
  ) {
    // Every other message flushes the values queued before it: the page sees them in the order they were sent.
    this.port = options.batch ? { post: (msg, transfer) => (this.flush(), port.post(msg, transfer)) } : port;
    this.rawPost = (msg) => port.post(msg, []);
  }

  private data(subId: number, value: unknown): void {
    if (!this.options.batch) return this.port.post({ t: 'data', subId, value }, []);
    if (this.pending) return void this.pending.push([subId, value]);
    this.pending = [[subId, value]];
    queueMicrotask(() => this.flush());
  }

  private flush(): void {
    const data = this.pending;
    if (!data) return;
    this.pending = null;
    this.rawPost(data.length === 1 ? { t: 'data', subId: data[0][0], value: data[0][1] } : { t: 'batch', data });
  }

  /** Announce readiness (the client then sends its 'hello'). */
  ready(): void {
    this.port.post({ t: 'ready' }, []);
  }

  handle(raw: unknown): void {
    const problem = checkClientMessage(raw);
    if (problem !== null) {
      const id = (raw as { id?: unknown })?.id;
      if (Number.isInteger(id)) this.port.post({ t: 'res', id: id as number, ok: false, error: `Rejected message: ${problem}` }, []);
      return;
    }
    const msg = raw as ClientMessage;
    if (msg.t === 'hello') {
      if (this.session) return this.port.post({ t: 'refused', error: 'This connection is already open' }, []);
      try {
        this.session = this.connect(msg.open);
        void this.session.access().then((a) => this.port.post({ t: 'welcome', role: a.role }, []));
      } catch (err) {
        this.port.post({ t: 'refused', error: err instanceof Error ? err.message : String(err) }, []);
      }
      return;
    }
    const session = this.session;
    if (msg.t === 'cmd') {
      if (!session) return this.port.post({ t: 'res', id: msg.id, ok: false, error: 'Rejected message: the connection is not open (send hello first)' }, []);
      void this.command(session, msg.id, msg.name, msg.args);
    } else if (msg.t === 'sub') {
      this.subs.get(msg.subId)?.unsubscribe();
      if (!session) return this.port.post({ t: 'suberr', subId: msg.subId, error: 'The connection is not open (send hello first)' }, []);
      const source = session[msg.stream] as (f?: unknown) => import('rxjs').Observable<unknown>;
      // Stream values are structured-cloned, not transferred: one waveform chunk may go to several
      // subscriptions, and a transferred buffer could be sent only once.
      const sub = source.call(session, msg.filter ?? undefined).subscribe({
        next: (value) => this.data(msg.subId, value),
        error: (err: unknown) => this.port.post({ t: 'suberr', subId: msg.subId, error: err instanceof Error ? err.message : String(err) }, []),
      });
      this.subs.set(msg.subId, sub);
    } else {
      this.subs.get(msg.subId)?.unsubscribe();
      this.subs.delete(msg.subId);
    }
  }

  private async command(session: Session, id: number, name: string, args: unknown[]): Promise<void> {
    try {
      const fn = (session as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[name];
      const value = await fn.apply(session, args);
      this.port.post({ t: 'res', id, ok: true, value: value ?? null }, []);
    } catch (err) {
      this.port.post({ t: 'res', id, ok: false, error: err instanceof Error ? err.message : String(err) }, []);
    }
  }

  close(): void {
    this.flush();
    for (const s of this.subs.values()) s.unsubscribe();
    this.subs.clear();
  }
}
