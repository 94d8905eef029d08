/**
 * Hostile clients on the network host: oversized, malformed, unknown and flooding frames are refused
 * with a reason, and the session's outputs are byte-identical to a run without that client.
 */
import { WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import { createNodeSession } from '../../twin-engine/node/create-node-session';
import { connectLab } from '../../twin-engine/node/lab-client';
import { LabServer } from '../../twin-engine/node/lab-server';
import { LabRoster } from '../../twin-engine/session/lab';
import { RoleAuthority } from '../../twin-engine/session/roles';
import { decodeFrame, encodeFrame } from '../../twin-engine/session/wire';

function fnv(s: string, h = 0x811c9dc5): number {
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** A raw WebSocket client that records every frame it receives. */
async function rawClient(url: string) {
  const ws = new WebSocket(url);
  const frames: Record<string, unknown>[] = [];
  ws.on('message', (d) => frames.push(decodeFrame(d.toString()) as Record<string, unknown>));
  await new Promise<void>((r) => ws.once('open', () => r()));
  const waitFor = async (pred: (f: Record<string, unknown>) => boolean) => {
    for (let i = 0; i < 400; i++) {
      const f = frames.find(pred);
      if (f) return f;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no such frame; got ${JSON.stringify(frames.slice(-5))}`);
  };
  return { ws, frames, waitFor };
}

/** The instructor's run: 30 s of the default ward, every numerics frame (with truth) and event hashed. */
async function run(hostile: boolean): Promise<{ digest: string; refusals: string[] }> {
  const engine = createNodeSession();
  const authority = new RoleAuthority(engine);
  const lab = new LabRoster();
  authority.lab = lab;
  const server = await LabServer.start({ engine, authority });
  const teacher = connectLab(server.url, { role: 'instructor', token: lab.instructorKey });
  const ward = await teacher.load({ kind: 'builtin', path: 'wards/default.yaml' });
  let h = 0x811c9dc5;
  const subs = [
    teacher.numerics({ includeTruth: true }).subscribe((f) => (h = fnv(encodeFrame(f), h))),
    teacher.events().subscribe((e) => {
      if (e.type !== 'run_state') h = fnv(encodeFrame(e), h);
    }),
  ];
  await teacher.step(10);
  const refusals: string[] = [];
  let raw: Awaited<ReturnType<typeof rawClient>> | null = null;
  if (hostile) {
    raw = await rawClient(server.url);
    raw.ws.send(encodeFrame({ t: 'hello', open: { role: 'student', joinCode: lab.code, name: 'Mallory' } }));
    await raw.waitFor((f) => f.t === 'welcome');
    const bed = ward.beds[0].bedId;
    // Instructor commands and the truth, from a student.
    raw.ws.send(encodeFrame({ t: 'cmd', id: 1, name: 'injectCondition', args: [bed, { kind: 'hemorrhage', severity: 1 }] }));
    raw.ws.send(encodeFrame({ t: 'cmd', id: 2, name: 'step', args: [100] }));
    raw.ws.send(encodeFrame({ t: 'sub', subId: 1, stream: 'numerics', filter: { includeTruth: true } }));
    raw.ws.send(encodeFrame({ t: 'cmd', id: 3, name: 'labRoster', args: [] }));
    // Malformed, unknown, binary and oversized frames.
    raw.ws.send('{not json');
    raw.ws.send(encodeFrame({ t: 'exec', code: 'process.exit()' }));
    raw.ws.send(encodeFrame({ t: 'cmd', id: 4, name: 'eval', args: [] }));
    raw.ws.send(Buffer.from([1, 2, 3]));
    raw.ws.send('x'.repeat(300 * 1024));
    for (const id of [1, 2, 3, 4]) refusals.push(String((await raw.waitFor((f) => f.t === 'res' && f.id === id)).error));
    refusals.push(String((await raw.waitFor((f) => f.t === 'suberr' && f.subId === 1)).error));
    await raw.waitFor((f) => f.t === 'error' && String(f.error).includes('over the limit'));
    for (const f of raw.frames) if (f.t === 'error') refusals.push(String(f.error));
    // A flood: 400 frames at once; beyond the burst they are refused unread, and a client that keeps
    // sending only refused frames is disconnected with the reason.
    const closed = new Promise<string>((r) => raw!.ws.once('close', (_code, reason) => r(reason.toString())));
    for (let i = 0; i < 400; i++) raw.ws.send(encodeFrame({ t: 'cmd', id: 1000 + i, name: 'pause', args: [] }));
    const flood = await raw.waitFor((f) => f.t === 'error' && String(f.error).includes('frames per second'));
    refusals.push(await closed);
    refusals.push(String(flood.error));
  }
  await teacher.step(20);
  for (const s of subs) s.unsubscribe();
  const st = await teacher.status();
  raw?.ws.close();
  await teacher.dispose();
  await server.close();
  authority.dispose();
  await engine.dispose();
  return { digest: `${h.toString(16)}@${st.simTimeS}`, refusals };
}

describe('hostile clients on the network host', () => {
  it('are refused with clear errors, and the session runs exactly as without them', async () => {
    const clean = await run(false);
    const attacked = await run(true);
    expect(attacked.refusals.slice(0, 5)).toEqual([
      "'injectCondition' is an instructor command (changes the patient behind the students’ backs (and names the condition)); this connection is a student",
      "'step' is an instructor command (the simulation clock is shared by every connection); this connection is a student",
      "'labRoster' is an instructor command (the roster names every student); this connection is a student",
      "Rejected message: unknown command 'eval'",
      'The hidden truth is for instructors: a student connection cannot subscribe with includeTruth',
    ]);
    const errors = attacked.refusals.slice(5, -2);
    expect(errors).toContain('Rejected frame: not valid JSON text (each frame is one protocol message as JSON)');
    expect(errors).toContain("Rejected message: unknown message type 'exec'");
    expect(errors).toContain('Rejected frame: binary frames are not part of the protocol (send JSON text)');
    expect(errors).toContain('Rejected frame: 307200 bytes is over the limit of 262144 bytes');
    expect(attacked.refusals.at(-1)).toBe('Rejected frame: more than 100 frames per second (burst 200); slow down');
    expect(attacked.refusals.at(-2)).toBe('Too many refused frames (last: Rejected frame: more than 100 frames per second (burst 200); slow down)');
    expect(attacked.digest).toBe(clean.digest);
  }, 120_000);
});

describe('a slow client', () => {
  it('gets the latest numerics frame of every bed (coalesced), no backlog of waveforms, and slows nobody else', async () => {
    const engine = createNodeSession();
    const authority = new RoleAuthority(engine);
    const lab = new LabRoster();
    authority.lab = lab;
    // Any bytes waiting in its socket make a client slow here, so the test need not fill megabytes.
    const server = await LabServer.start({ engine, authority, limits: { slowClientBytes: 0 } });
    const teacher = connectLab(server.url, { role: 'instructor', token: lab.instructorKey });
    const ward = await teacher.load({ kind: 'builtin', path: 'wards/default.yaml' });
    const beds = ward.beds.map((b) => b.bedId);
    let teacherFrames = 0;
    teacher.numerics({}).subscribe(() => teacherFrames++);
    const slow = await rawClient(server.url);
    slow.ws.send(encodeFrame({ t: 'hello', open: { role: 'student', joinCode: lab.code, name: 'Slow' } }));
    await slow.waitFor((f) => f.t === 'welcome');
    slow.ws.send(encodeFrame({ t: 'sub', subId: 1, stream: 'numerics', filter: {} }));
    slow.ws.send(encodeFrame({ t: 'sub', subId: 2, stream: 'waveforms', filter: { bedId: beds[0], channels: ['ecg_ii'] } }));
    await teacher.access();
    // The student stops reading: frames pile up in its socket, not in the server.
    (slow.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    await teacher.step(600);
    (slow.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.resume();
    // After the drain: the newest frame of every bed arrives.
    const lastOf = (bed: string) => slow.frames.filter((f) => f.t === 'data' && f.subId === 1 && (f.value as { bedId: string }).bedId === bed).at(-1);
    for (let i = 0; i < 300 && !beds.every((b) => (lastOf(b)?.value as { simTimeS: number } | undefined)?.simTimeS === 600); i++) await new Promise((r) => setTimeout(r, 20));
    for (const b of beds) expect((lastOf(b)!.value as { simTimeS: number }).simTimeS, b).toBe(600);
    const numerics = slow.frames.filter((f) => f.t === 'data' && f.subId === 1).length;
    const ecg = slow.frames.filter((f) => f.t === 'data' && f.subId === 2).length;
    expect(numerics).toBeLessThan(600 * beds.length); // coalesced, not queued
    expect(ecg).toBeLessThan(600); // dropped while slow, not queued
    expect(teacherFrames).toBe(600 * beds.length); // the instructor missed nothing
    slow.ws.close();
    await teacher.dispose();
    await server.close();
    authority.dispose();
    await engine.dispose();
  }, 120_000);
});
