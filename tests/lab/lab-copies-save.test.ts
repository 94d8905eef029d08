/**
 * A lab's save while the clock plays: the shared ward and its copies are snapshotted at the same engine
 * step (InProcessSession.snapshotWith holds the clock), so a resumed lab starts every copy where the
 * shared ward is — never a tick ahead or behind.
 */
import { afterAll, expect, it } from 'vitest';
import { openFileSession } from '../../twin-engine/node/open-source';

const WARD = 'scenarios/wards/default.yaml';
const lead = openFileSession(WARD, 4);
const copies = [openFileSession(WARD, 4).session, openFileSession(WARD, 4).session];
afterAll(async () => {
  for (const s of [lead.session, ...copies]) await s.dispose();
});

it('snapshots the shared ward and every copy at one step while playing at full speed', async () => {
  await lead.session.load(lead.source);
  for (const c of copies) await lead.session.addFollower(c);
  await lead.session.setSpeed('max');
  await lead.session.play();
  const times: number[][] = [];
  for (let i = 0; i < 6; i++) {
    await new Promise((r) => setTimeout(r, 120));
    const { own, others } = await lead.session.snapshotWith(copies);
    times.push([own.simTimeS, ...others.map((o) => o.simTimeS)]);
    // The copies' engine states are the shared ward's (no actions anywhere): the same run, the same step.
    for (const o of others) expect(JSON.stringify(o.state)).toBe(JSON.stringify(own.state));
  }
  await lead.session.pause();
  for (const t of times) expect(new Set(t).size).toBe(1);
  // It was playing: the saves are at increasing times.
  expect(times.at(-1)![0]).toBeGreaterThan(times[0][0]);
}, 120_000);
