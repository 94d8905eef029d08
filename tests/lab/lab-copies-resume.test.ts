/**
 * Issue 14, "nothing lost", with copies of the ward: `wardtwin lab serve --copies --state DIR` killed
 * with SIGKILL and started again resumes every student's copy — their actions, module, findings, score
 * and the copy's audit chain — on the lab's clock, through the product path (the real CLI process).
 */
import { spawnLabServe, type LabProcess } from './lab-process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { connectLab } from '../../twin-engine/node/lab-client';
import type { NumericsFrame, Session } from '../../twin-engine/session/api';

const dir = mkdtempSync(join(tmpdir(), 'wt-lab-copies-'));
const children: ChildProcess[] = [];
const sessions: Session[] = [];
afterAll(async () => {
  for (const s of sessions) await s.dispose().catch(() => {});
  for (const c of children) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Start `wardtwin lab serve` on this test's state folder. */
async function serve(): Promise<LabProcess> {
  const lab = await spawnLabServe(['scenarios/wards/default.yaml', '--port', '0', '--host', '127.0.0.1', '--seed', '3', '--paused', '--copies', '--state', join(dir, 'lab'), '--autosave-s', '1']);
  children.push(lab.child);
  return lab;
}

const connect = (url: string, req: Parameters<typeof connectLab>[1]) => {
  const s = connectLab(url, req);
  sessions.push(s);
  return s;
};

it('a lab with copies killed mid-lab resumes every copy with its student’s actions, module, score and audit chain', async () => {
  const first = await serve();
  expect(first.text).toContain('Every student who joins gets a copy of the ward of their own');
  const teacher = connect(first.url, { role: 'instructor', token: first.key });
  const ada = connect(first.url, { role: 'student', joinCode: first.code, name: 'Ada' });
  const bob = connect(first.url, { role: 'student', joinCode: first.code, name: 'Bob' });
  expect(await ada.access()).toMatchObject({ name: 'Ada', copy: 'Ada' });
  const { token: adaToken } = await ada.access();
  const { token: bobToken } = await bob.access();
  await ada.attachModule({ kind: 'builtin', id: 'news2' });
  await teacher.step(600);
  await ada.applyIntervention('bed-1', { kind: 'fluid_bolus', fluid: 'crystalloid', volumeMl: 500 }, 'learner');
  await teacher.step(60);
  const board = await teacher.labLeaderboard();
  expect(board.rows.map((r) => [r.owner, r.copyOf])).toEqual([['Ada', 'Ada']]);
  await teacher.labViewCopy('Ada');
  const adaAudit = await teacher.auditLog();
  expect(adaAudit).toContain('"who":"Ada"');
  await new Promise((r) => setTimeout(r, 2500));
  first.child.kill('SIGKILL');
  await new Promise((r) => first.child.once('exit', r));

  const second = await serve();
  expect(second.text).toContain('Resumed the lab saved at simulated 00:11:00 with 2 student(s) and 2 copy(ies) of the ward');
  const teacher2 = connect(second.url, { role: 'instructor', token: second.key });
  const ada2 = connect(second.url, { role: 'student', token: adaToken });
  const bob2 = connect(second.url, { role: 'student', token: bobToken });
  expect(await ada2.access()).toMatchObject({ name: 'Ada', copy: 'Ada' });
  expect((await ada2.status()).modules.map((m) => [m.moduleId, m.status])).toEqual([['news2', 'running']]);
  expect((await ada2.status()).simTimeS).toBe(660);
  expect(await teacher2.labLeaderboard()).toEqual(board);
  // Ada's copy's audit chain continues: every record before the crash, then the resume.
  await teacher2.labViewCopy('Ada');
  const adaAudit2 = await teacher2.auditLog();
  const before = adaAudit.trim().split('\n');
  expect(adaAudit2.split('\n').slice(0, before.length)).toEqual(before);
  expect(adaAudit2.split('\n')[before.length]).toContain('"kind":"resume"');
  await teacher2.labViewCopy(null);
  // Bob did nothing: his restored copy still runs frame for frame as the shared ward.
  const fb: NumericsFrame[] = [];
  const ft: NumericsFrame[] = [];
  bob2.numerics({}).subscribe((f) => fb.push(f));
  teacher2.numerics({}).subscribe((f) => ft.push(f));
  await teacher2.status();
  await teacher2.step(30);
  // Every bed's last frame on both connections (a frame of the last second alone may arrive before the others).
  const beds = (await teacher2.status()).ward!.beds.length;
  for (let i = 0; i < 800 && (fb.filter((f) => f.simTimeS === 690).length < beds || ft.filter((f) => f.simTimeS === 690).length < beds); i++) await new Promise((r) => setTimeout(r, 25));
  const window = (fs: NumericsFrame[]) => JSON.stringify(fs.filter((f) => f.simTimeS > 660 && f.simTimeS <= 690));
  expect(window(fb).length).toBeGreaterThan(100);
  expect(window(fb)).toBe(window(ft));
}, 300_000);
