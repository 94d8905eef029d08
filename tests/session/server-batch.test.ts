/**
 * SessionServer's `batch` option (the Web Worker host): stream values of one task travel as one message,
 * in the order they were emitted, and never overtake or trail a command's answer.
 */
import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { NumericsFrame, Session } from '../../twin-engine/session/api';
import { messageTransport, RemoteSession } from '../../twin-engine/session/client';
import type { ServerMessage } from '../../twin-engine/session/protocol';
import { SessionServer } from '../../twin-engine/session/server';

function harness() {
  const frames = new Subject<NumericsFrame>();
  let engineSide: Session | null = null;
  const fake = {
    numerics: () => frames.asObservable(),
    access: async () => ({ role: 'instructor' as const, debriefReleased: false, pinSet: false }),
    // A command answered in the same task as the stream values emitted before it.
    addNote: async (_bed: string | null, text: string) => {
      frames.next({ bedId: `during ${text}` } as NumericsFrame);
    },
  };
  const sent: ServerMessage[] = [];
  let toClient: (m: unknown) => void = () => {};
  const server = new SessionServer(() => (engineSide = fake as unknown as Session), { post: (m) => (sent.push(m), queueMicrotask(() => toClient(structuredClone(m)))) }, { batch: true });
  const transport = messageTransport(
    { post: (m) => queueMicrotask(() => server.handle(structuredClone(m))), listen: (h) => void (toClient = h), close: async () => {} },
    { role: 'instructor' },
  );
  const client = new RemoteSession(transport, 'test');
  server.ready();
  return { frames, sent, client, connected: () => engineSide !== null };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('SessionServer batch option', () => {
  it('sends one task\'s values as one message, in emission order, and a lone value as plain data', async () => {
    const h = harness();
    const got: string[] = [];
    h.client.numerics().subscribe((f) => got.push(f.bedId));
    await tick();
    await tick();
    expect(h.connected()).toBe(true);
    for (const b of ['a', 'b', 'c']) h.frames.next({ bedId: b } as NumericsFrame);
    await tick();
    h.frames.next({ bedId: 'd' } as NumericsFrame);
    await tick();
    expect(got).toEqual(['a', 'b', 'c', 'd']);
    const data = h.sent.filter((m) => m.t === 'data' || m.t === 'batch');
    expect(data.map((m) => m.t)).toEqual(['batch', 'data']);
    expect(data[0]).toMatchObject({ t: 'batch', data: [[1, { bedId: 'a' }], [1, { bedId: 'b' }], [1, { bedId: 'c' }]] });
  });

  it('flushes the values queued before a command answer ahead of it', async () => {
    const h = harness();
    const got: string[] = [];
    h.client.numerics().subscribe((f) => got.push(f.bedId));
    await tick();
    await tick();
    h.frames.next({ bedId: 'before' } as NumericsFrame);
    await h.client.addNote(null, 'x').then(() => got.push('answered'));
    await tick();
    expect(got).toEqual(['before', 'during x', 'answered']);
    // The value emitted while the command ran was still queued when its answer was posted: it went first.
    expect(h.sent.slice(-2)).toMatchObject([{ t: 'data', value: { bedId: 'during x' } }, { t: 'res', ok: true }]);
  });
});
