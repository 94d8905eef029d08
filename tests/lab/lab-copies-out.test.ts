/**
 * `wardtwin lab serve --copies --out DIR`: when the lab ends, each student's copy of the ward has its own
 * sealed audit log naming the student (copies/<student>.audit.jsonl), the shared ward's log has none of
 * their actions, and the gradebook grades each student on their copy (its expected actions).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { connectLab } from '../../twin-engine/node/lab-client';

const dir = mkdtempSync(join(tmpdir(), 'wt-lab-copies-out-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('writes each copy’s sealed audit log and grades each student on their copy', async () => {
  const { serveLab } = await import('../../twin-engine/cli/lab');
  let end: () => void = () => {};
  const until = new Promise<void>((r) => (end = r));
  let ready: (v: { url: string; code: string; key: string }) => void = () => {};
  const started = new Promise<{ url: string; code: string; key: string }>((r) => (ready = r));
  const out: string[] = [];
  const done = serveLab(['serve', 'scenarios/wards/default.yaml', '--port', '0', '--host', '127.0.0.1', '--seed', '3', '--paused', '--copies', '--out', dir], { stdout: (s) => out.push(s), stderr: () => {}, isTty: false }, {
    until,
    onReady: (s, lab) => ready({ url: s.url, code: lab.code, key: lab.instructorKey }),
  });
  const { url, code, key } = await started;
  const teacher = connectLab(url, { role: 'instructor', token: key });
  const ada = connectLab(url, { role: 'student', joinCode: code, name: 'Ada' });
  const bob = connectLab(url, { role: 'student', joinCode: code, name: 'Bob' });
  await bob.access();
  await teacher.step(1200);
  await ada.applyIntervention('bed-1', { kind: 'fluid_bolus', fluid: 'crystalloid', volumeMl: 500 }, 'learner');
  await ada.recordAction('bed-1', 'blood_cultures');
  await teacher.step(600);
  await teacher.labViewCopy('Ada');
  const adaExpected = await teacher.expectedActions();
  for (const s of [teacher, ada, bob]) await s.dispose();
  end();
  expect(await done).toBe(0);
  const text = out.join('\n');
  expect(text).toContain(`Wrote the audit logs of 2 copy(ies) of the ward to ${join(dir, 'copies')}`);
  expect(readdirSync(join(dir, 'copies')).sort()).toEqual(['ada.audit.jsonl', 'bob.audit.jsonl']);
  const adaLog = readFileSync(join(dir, 'copies', 'ada.audit.jsonl'), 'utf8').trim().split('\n');
  expect(adaLog.some((l) => l.includes('"who":"Ada"') && l.includes('fluid_bolus'))).toBe(true);
  expect(adaLog.at(-1)).toContain('"kind":"seal"');
  expect(readFileSync(join(dir, 'copies', 'bob.audit.jsonl'), 'utf8')).not.toContain('fluid_bolus');
  expect(readFileSync(join(dir, 'audit.jsonl'), 'utf8')).not.toContain('"who":"Ada"');
  // Ada's row counts the expected actions of her copy (every bed: none assigned).
  const rows = readFileSync(join(dir, 'gradebook.csv'), 'utf8').split('\n');
  const ada1 = rows.find((r) => r.startsWith('Ada,'))!.split(',');
  const all = Object.values(adaExpected).flat();
  const count = (st: string) => all.filter((r) => r.status === st).length;
  expect(ada1.slice(14)).toEqual([all.filter((r) => r.status !== 'not_triggered').length, count('met'), count('late'), count('missed'), count('pending')].map(String));
  expect(readFileSync(join(dir, 'reports', 'ada.html'), 'utf8')).toContain('Worked on a copy of the ward of their own');
}, 240_000);
