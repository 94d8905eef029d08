/**
 * Issue 14: "the engine runs on the instructor's machine (the Electron app's engine process, or `wardtwin
 * lab serve` headless)". The app's main process asks its engine process (a stand-in utility process, as
 * in the rest of the Electron contract) to host a lab: students join over WebSocket with the code and see
 * the very ward the app's window steers; with copies, a student works on their own copy on the same
 * clock; stopping the lab closes their connections and the app's session goes on.
 */
import { afterAll, expect, it } from 'vitest';
import { connectLab } from '../../twin-engine/node/lab-client';
import type { Session } from '../../twin-engine/session/api';
import { electronHarness } from './hosts';

const h = electronHarness();
const remote: Session[] = [];
afterAll(async () => {
  for (const s of remote) await s.dispose().catch(() => {});
  await h.dispose();
});

it('the engine process hosts a lab on the ward the app shows, with copies, and stops it on request', async () => {
  const ward = await h.session.load({ kind: 'builtin', path: 'wards/default.yaml', seed: 3 });
  const lab = await h.host.startLab({ port: 0, host: '127.0.0.1', copies: true });
  expect(lab.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/$/);
  expect(lab.code).toMatch(/^[A-Z2-9]{6}$/);
  await expect(h.host.startLab({ port: 0, host: '127.0.0.1' })).rejects.toThrow(`A lab is already running at ${lab.url}: stop it first`);

  let closed = '';
  const ada = connectLab(lab.url, { role: 'student', joinCode: lab.code, name: 'Ada' }, { onClose: (r) => (closed = r) });
  const teacher = connectLab(lab.url, { role: 'instructor', token: lab.instructorKey });
  remote.push(ada, teacher);
  expect(await ada.access()).toMatchObject({ role: 'student', name: 'Ada', copy: 'Ada' });
  // The window's clock is the lab's: a step in the app moves the student's copy with it.
  await h.session.step(30);
  const mine = await ada.status();
  expect(mine.simTimeS).toBe(30);
  expect(mine.ward!.beds.map((b) => b.bedId)).toEqual(ward.beds.map((b) => b.bedId));
  expect(mine.ward!.title).toBe('Ward'); // redacted for a student until the debrief
  expect((await teacher.labRoster()).students.map((s) => [s.name, s.copy])).toEqual([['Ada', true]]);
  await expect(ada.labRoster()).rejects.toThrow("'labRoster' is an instructor command");

  await h.host.stopLab('Lab over');
  for (let i = 0; i < 200 && closed === ''; i++) await new Promise((r) => setTimeout(r, 25));
  expect(closed).toContain('Lab over');
  // The app's own session goes on, and a new lab can start.
  expect((await h.session.step(10))).toBe(40);
  const again = await h.host.startLab({ port: 0, host: '127.0.0.1' });
  expect(again.code).not.toBe('');
  await h.host.stopLab();
}, 120_000);
