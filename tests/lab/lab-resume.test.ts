/**
 * Issue 14, "nothing lost": a lab server killed with SIGKILL and started again with the same --state
 * folder resumes the lab — the same join code and instructor key, every student's token, beds and module,
 * the leaderboard and the audit chain — and the students carry on. Through the product path: the real
 * `wardtwin lab serve` process.
 */
import { spawnLabServe, type LabProcess } from './lab-process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { connectLab } from '../../twin-engine/node/lab-client';
import type { Session } from '../../twin-engine/session/api';

const dir = mkdtempSync(join(tmpdir(), 'wt-lab-state-'));
const children: ChildProcess[] = [];
const sessions: Session[] = [];
afterAll(async () => {
  for (const s of sessions) await s.dispose().catch(() => {});
  for (const c of children) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Start `wardtwin lab serve` on this test's state folder. */
async function serve(): Promise<LabProcess> {
  const lab = await spawnLabServe(['scenarios/wards/default.yaml', '--port', '0', '--host', '127.0.0.1', '--seed', '3', '--paused', '--state', join(dir, 'lab'), '--autosave-s', '1']);
  children.push(lab.child);
  return lab;
}

const connect = (url: string, req: Parameters<typeof connectLab>[1]) => {
  const s = connectLab(url, req);
  sessions.push(s);
  return s;
};

it('a lab server killed mid-lab resumes with every student, token, bed, module, score and audit record', async () => {
  const first = await serve();
  const teacher = connect(first.url, { role: 'instructor', token: first.key });
  const ada = connect(first.url, { role: 'student', joinCode: first.code, name: 'Ada' });
  const { token } = await ada.access();
  await teacher.labAssignBeds('Ada', ['bed-1']);
  await ada.attachModule({ kind: 'builtin', id: 'news2' });
  await teacher.step(600);
  await ada.applyIntervention('bed-1', { kind: 'oxygen', device: 'nasal_cannula', flowLPerMin: 2 }, 'learner');
  await teacher.step(60);
  const board = await teacher.labLeaderboard();
  const audit = await teacher.auditLog();
  expect(audit).toContain('"who":"Ada"');
  // Let an autosave happen after the last action, then kill the server as a crash would.
  await new Promise((r) => setTimeout(r, 2500));
  first.child.kill('SIGKILL');
  await new Promise((r) => first.child.once('exit', r));

  const second = await serve();
  expect(second.code).toBe(first.code);
  expect(second.key).toBe(first.key);
  expect(second.text).toContain('Resumed the lab saved at simulated 00:11:00 with 1 student(s): they reconnect with their tokens.');
  const teacher2 = connect(second.url, { role: 'instructor', token: second.key });
  const ada2 = connect(second.url, { role: 'student', token });
  const me = await ada2.access();
  expect(me).toMatchObject({ role: 'student', name: 'Ada', beds: ['bed-1'] });
  expect((await ada2.status()).modules.map((m) => [m.moduleId, m.status])).toEqual([['news2', 'running']]);
  expect((await teacher2.status()).simTimeS).toBe(660);
  expect(await teacher2.labLeaderboard()).toEqual(board);
  // The audit chain continues: every record before the crash, then the resume.
  const audit2 = await teacher2.auditLog();
  const before = audit.trim().split('\n');
  expect(audit2.split('\n').slice(0, before.length)).toEqual(before);
  expect(audit2.split('\n')[before.length]).toContain('"kind":"resume"');
  // And the lab goes on: her module, her bed, her actions.
  await ada2.applyIntervention('bed-1', { kind: 'oxygen', device: 'nasal_cannula', flowLPerMin: 4 }, 'learner');
  await expect(ada2.applyIntervention('bed-2', { kind: 'oxygen', device: 'nasal_cannula', flowLPerMin: 4 }, 'learner')).rejects.toThrow("bed 'bed-2' is not assigned to this connection");
  await teacher2.step(60);
  expect((await teacher2.labLeaderboard()).rows.map((r) => [r.name, r.owner])).toEqual([['news2', 'Ada']]);
}, 240_000);
