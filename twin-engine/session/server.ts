/**
 * Serves a session (normally an InProcessSession) to a remote client over any message channel.
 */
import type { Subscription } from 'rxjs';
import type { Session } from './api';
import { checkClientMessage, type ClientMessage, type ServerMessage } from './protocol';

export interface ServerPort {
  post(msg: ServerMessage, transfer: ArrayBuffer[]): void;
}

export class SessionServer {
  private readonly subs = new Map<number, Subscription>();

  constructor(
    private readonly session: Session,
    private readonly port: ServerPort,
  ) {}

  /** Announce readiness (the client waits for it before its first command). */
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
    if (msg.t === 'cmd') {
      void this.command(msg.id, msg.name, msg.args);
    } else if (msg.t === 'sub') {
      this.subs.get(msg.subId)?.unsubscribe();
      const source = this.session[msg.stream] as (f?: unknown) => import('rxjs').Observable<unknown>;
      // Stream values are structured-cloned, not transferred: one waveform chunk may go to several
      // subscriptions, and a transferred buffer could be sent only once.
      const sub = source.call(this.session, msg.filter ?? undefined).subscribe((value) => {
        this.port.post({ t: 'data', subId: msg.subId, value }, []);
      });
      this.subs.set(msg.subId, sub);
    } else {
      this.subs.get(msg.subId)?.unsubscribe();
      this.subs.delete(msg.subId);
    }
  }

  private async command(id: number, name: string, args: unknown[]): Promise<void> {
    try {
      const fn = (this.session as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[name];
      const value = await fn.apply(this.session, args);
      this.port.post({ t: 'res', id, ok: true, value: value ?? null }, []);
    } catch (err) {
      this.port.post({ t: 'res', id, ok: false, error: err instanceof Error ? err.message : String(err) }, []);
    }
  }

  close(): void {
    for (const s of this.subs.values()) s.unsubscribe();
    this.subs.clear();
  }
}
