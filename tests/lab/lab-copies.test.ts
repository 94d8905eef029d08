/**
 * Issue 14, assignment: "a copy of the ward of their own, for individual work on the same scenario with
 * the same seed". Over the network host: the instructor gives two students copies; the copies follow the
 * lab's clock (one pacing loop: the shared ward's), and with no actions every copy's frames are
 * byte-identical to each other's and to a plain run of the same ward and seed; a student's treatment
 * changes their copy only; modules, findings, the leaderboard, the gradebook and the audit log follow.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFileSession } from '../../twin-engine/node/open-source';
import { connectLab } from '../../twin-engine/node/lab-client';
import { LabServer } from '../../twin-engine/node/lab-server';
import { labLeaderboard } from '../../twin-engine/evaluation/lab-leaderboard';
import type { NumericsFrame, Session, SessionEvent } from '../../twin-engine/session/api';
import { LabRoster } from '../../twin-engine/session/lab';
import { RoleAuthority } from '../../twin-engine/session/roles';
import type { InProcessSession } from '../../twin-engine/session/in-process';

const WARD = 'scenarios/wards/default.yaml';
const SEED = 3;
const BOLUS = { kind: 'fluid_bolus', fluid: 'crystalloid', volumeMl: 1000 } as const;

let engine: InProcessSession;
let authority: RoleAuthority;
let server: LabServer;
const open: Session[] = [];
const connect = (req: Parameters<typeof connectLab>[1]) => {
  const s = connectLab(server.url, req);
  open.push(s);
  return s;
};

/** Frames as received, by simulated time range, serialised (what "byte-identical" compares). */
function collect(s: Session | InProcessSession): { frames: NumericsFrame[]; events: SessionEvent[]; text: (fromS: number, toS: number, bed?: string) => string } {
  const frames: NumericsFrame[] = [];
  const events: SessionEvent[] = [];
  // A removed student's streams end with the reason: not this helper's concern.
  s.numerics({}).subscribe({ next: (f) => frames.push(f), error: () => {} });
  s.events().subscribe({ next: (e) => events.push(e), error: () => {} });
  return { frames, events, text: (a, b, bed) => JSON.stringify(frames.filter((f) => f.simTimeS > a && f.simTimeS <= b && (bed === undefined || f.bedId === bed))) };
}

/** Until the remote streams have delivered everything up to `t` (they arrive after the command's reply). */
async function until(c: { frames: NumericsFrame[] }, t: number, beds: number): Promise<void> {
  for (let i = 0; i < 400 && c.frames.filter((f) => f.simTimeS === t).length < beds; i++) await new Promise((r) => setTimeout(r, 25));
}

let plain: InProcessSession;
/** The plain run's frames of bed 1 over (t0, t0 + 20], serialised (for a not-equal check). */
const plainFrames: NumericsFrame[] = [];
const p20 = (t0: number) => JSON.stringify(plainFrames.filter((f) => f.simTimeS > t0 && f.simTimeS <= t0 + 20 && f.bedId === beds[0]));
/** Every event of the plain run since its load (what a copy's scoring sees of its own ward). */
const plainAll: SessionEvent[] = [];
let teacher: Session;
let ada: Session;
let bob: Session;
let beds: string[];

beforeAll(async () => {
  const opened = openFileSession(WARD, SEED);
  engine = opened.session;
  authority = new RoleAuthority(engine);
  authority.lab = new LabRoster();
  authority.copyFactory = () => openFileSession(WARD, SEED).session;
  await engine.load(opened.source);
  server = await LabServer.start({ engine, authority });
  const p = openFileSession(WARD, SEED);
  plain = p.session;
  plain.events().subscribe((e) => plainAll.push(e));
  plain.numerics({}).subscribe((f) => plainFrames.push(f));
  await plain.load(p.source);
  teacher = connect({ role: 'instructor', token: authority.lab.instructorKey });
  ada = connect({ role: 'student', joinCode: authority.lab.code, name: 'Ada' });
  bob = connect({ role: 'student', joinCode: authority.lab.code, name: 'Bob' });
  await ada.access();
  await bob.access();
  beds = (await teacher.status()).ward!.beds.map((b) => b.bedId);
}, 120_000);

afterAll(async () => {
  for (const s of open) await s.dispose().catch(() => {});
  await server.close();
  await authority.disposeCopies();
  authority.dispose();
  await engine.dispose();
  await plain.dispose();
});

describe('copies of the ward', () => {
  it('students on copies see frames byte-identical to each other and to a plain run; a treatment changes only its copy', async () => {
    await teacher.step(60);
    // Given after a minute: each copy loads the same ward and seed and runs up to the lab's time.
    await teacher.labAssignCopy('Ada');
    await teacher.labAssignCopy('Bob');
    expect(await ada.access()).toMatchObject({ name: 'Ada', copy: 'Ada' });
    expect((await teacher.labRoster()).students.map((s) => [s.name, s.copy])).toEqual([
      ['Ada', true],
      ['Bob', true],
    ]);
    expect((await ada.status()).simTimeS).toBe(60);
    const a = collect(ada);
    const b = collect(bob);
    const t = collect(teacher);
    const p = collect(plain);
    await plain.step(60);

    // One clock: the instructor's steps advance every copy by the same simulated time.
    await teacher.step(120);
    await plain.step(120);
    await until(a, 180, beds.length);
    await until(b, 180, beds.length);
    await until(t, 180, beds.length);
    expect((await ada.status()).simTimeS).toBe(180);
    const reference = p.text(60, 180);
    expect(JSON.parse(reference)).toHaveLength(120 * beds.length);
    expect(a.text(60, 180)).toBe(reference);
    expect(b.text(60, 180)).toBe(reference);
    expect(t.text(60, 180)).toBe(reference);

    // Ada treats bed 1 of her copy: only her copy changes.
    await ada.applyIntervention(beds[0], BOLUS, 'learner');
    await teacher.step(300);
    await plain.step(300);
    for (const c of [a, b, t]) await until(c, 480, beds.length);
    const after = p.text(180, 480);
    expect(b.text(180, 480)).toBe(after);
    expect(t.text(180, 480)).toBe(after);
    expect(a.text(180, 480, beds[0])).not.toBe(p.text(180, 480, beds[0]));
    // Her other beds are untouched.
    for (const bed of beds.slice(1)) expect(a.text(180, 480, bed)).toBe(p.text(180, 480, bed));
    expect(a.events.some((e) => e.type === 'intervention' && e.who === 'Ada')).toBe(true);
    expect(b.events.some((e) => e.type === 'intervention')).toBe(false);
    expect(t.events.some((e) => e.type === 'intervention')).toBe(false);
  }, 180_000);

  it('the audit log of a copy names the student; the instructor looks at any copy, the shared ward has none of it', async () => {
    expect(await teacher.auditLog()).not.toContain('"who":"Ada"');
    await teacher.labViewCopy('Ada');
    expect(await teacher.access()).toMatchObject({ role: 'instructor', copy: 'Ada' });
    const log = await teacher.auditLog();
    expect(log).toMatch(/"who":"Ada"/);
    expect(log).toContain('fluid_bolus');
    // The instructor's view of Ada's copy carries her treatment in its frames' source (the events stream too).
    const seen = collect(teacher);
    await teacher.step(5);
    await until(seen, 485, beds.length);
    expect(seen.frames.filter((f) => f.simTimeS === 485)).toHaveLength(beds.length);
    await teacher.labViewCopy(null);
    expect(await teacher.access()).toMatchObject({ copy: null });
    await expect(teacher.labViewCopy('Nobody')).rejects.toThrow("'Nobody' has no copy of the ward (copies: Ada, Bob)");
  }, 120_000);

  it('playing the lab plays every copy in the same ticks: the copies are where the lab clock is, playing or paused', async () => {
    await teacher.setSpeed(60);
    await teacher.play();
    expect((await ada.status()).runState).toBe('playing');
    await new Promise((r) => setTimeout(r, 1500));
    await teacher.pause();
    const [tS, aS, bS] = await Promise.all([teacher.status(), ada.status(), bob.status()]);
    expect(tS.simTimeS).toBeGreaterThan(485);
    expect(aS).toMatchObject({ simTimeS: tS.simTimeS, runState: 'paused', speed: 60 });
    expect(bS.simTimeS).toBe(tS.simTimeS);
    await teacher.setSpeed(1);
    // Back on the plain run's time for the tests below.
    await plain.step(tS.simTimeS - (await plain.status()).simTimeS);
  }, 60_000);

  it('a student cannot give or look at copies, nor touch another copy’s module', async () => {
    await expect(ada.labAssignCopy('Bob')).rejects.toThrow("'labAssignCopy' is an instructor command (the instructor assigns copies of the ward); this connection is a student");
    await expect(ada.labViewCopy('Bob')).rejects.toThrow("'labViewCopy' is an instructor command (a copy is its student’s work); this connection is a student");
    await expect(teacher.labAssignCopy('Ada')).rejects.toThrow("'Ada' already works on a copy of the ward");
    await expect(teacher.labAssignCopy('Zed')).rejects.toThrow("No student 'Zed' in this lab");
  }, 60_000);

  it('modules run on their student’s copy and are scored there, on the leaderboard and in the gradebook', async () => {
    await ada.attachModule({ kind: 'builtin', id: 'news2' });
    await bob.attachModule({ kind: 'builtin', id: 'news2' });
    // Each sees only their own module; the shared ward has none.
    expect((await ada.status()).modules.map((m) => m.moduleId)).toEqual(['news2']);
    expect((await teacher.status()).modules).toEqual([]);
    await expect(bob.detachModule('nope')).rejects.toThrow("module 'nope' is not yours");
    // The same attach at the same time on a plain run: Bob's copy (no actions) must score exactly as it.
    expect((await plain.status()).simTimeS).toBe((await teacher.status()).simTimeS);
    await plain.attachModule({ kind: 'builtin', id: 'news2' });
    await teacher.step(1800);
    await plain.step(1800);
    const board = await teacher.labLeaderboard();
    expect(board.rows.map((r) => [r.owner, r.copyOf]).sort()).toEqual([
      ['Ada', 'Ada'],
      ['Bob', 'Bob'],
    ]);
    const bobRow = board.rows.find((r) => r.owner === 'Bob')!;
    // Scored on the plain run's own events from the attach on (what Bob's copy saw: the same ward, seed and steps).
    const reference = labLeaderboard(await plain.status(), plainAll, new Map([['news2', 'Bob']]));
    expect(reference.rows[0].module.episodes).toBeGreaterThan(0);
    expect(bobRow.module).toEqual(reference.rows[0].module);
    expect(bobRow.monitor).toEqual(reference.rows[0].monitor);
    const book = await teacher.labGradebook();
    const lines = book.csv.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('Ada,') || l.startsWith('Bob,')).map((l) => l.split(',')[2])).toEqual(['news2', 'news2']);
    expect(book.reports.find((r) => r.student === 'Ada')!.html).toContain('Worked on a copy of the ward of their own');
  }, 240_000);

  it('a student back with their token gets what they missed of their own copy; a removed student’s copy stops', async () => {
    const { token } = await ada.access();
    await ada.dispose();
    await new Promise((r) => setTimeout(r, 300)); // the server sees the drop
    await teacher.labViewCopy('Ada');
    const watched = collect(teacher);
    const t0 = (await teacher.status()).simTimeS;
    expect((await plain.status()).simTimeS).toBe(t0);
    await teacher.step(20);
    await plain.step(20);
    await until(watched, t0 + 20, beds.length);
    const back = connect({ role: 'student', token });
    expect(await back.access()).toMatchObject({ name: 'Ada', copy: 'Ada' });
    const again = collect(back);
    await until(again, t0 + 20, beds.length);
    // The replay is her copy's frames (her treated bed 1 included), as the instructor watching her copy saw them.
    expect(again.text(t0, t0 + 20)).toBe(watched.text(t0, t0 + 20));
    expect(JSON.parse(p20(t0))).toHaveLength(20);
    expect(again.text(t0, t0 + 20, beds[0])).not.toBe(p20(t0));
    for (const bed of beds.slice(1)) expect(again.text(t0, t0 + 20, bed)).toBe(JSON.stringify(plainFrames.filter((f) => f.simTimeS > t0 && f.simTimeS <= t0 + 20 && f.bedId === bed)));
    await teacher.labViewCopy(null);

    await teacher.labRemove('Bob');
    expect(authority.copies.has('Bob')).toBe(false);
    expect((await teacher.labLeaderboard()).rows.map((r) => r.owner)).toEqual(['Ada']);
  }, 120_000);

  it('a new ward pushed by the instructor reaches every copy: same source, time zero, the student’s module restarted with it', async () => {
    const back = open[open.length - 1];
    await teacher.load({ kind: 'builtin', path: 'wards/default.yaml', seed: 11 });
    const st = await back.status();
    expect(st.simTimeS).toBe(0);
    expect(st.modules.map((m) => [m.moduleId, m.status])).toEqual([['news2', 'running']]);
    const ward = (await teacher.status()).ward!;
    await teacher.labViewCopy('Ada');
    expect((await teacher.status()).ward!.beds.map((b) => b.seed)).toEqual(ward.beds.map((b) => b.seed));
    await teacher.labViewCopy(null);
    await teacher.step(10);
    expect((await back.status()).simTimeS).toBe(10);
  }, 120_000);
});
