/**
 * Two 12-lead ECGs ordered a few seconds apart record independently: ordering the second must not touch
 * the first's capture. (The order used to step every pending capture again at the same instant, adding a
 * duplicate rhythm segment to the first: in AF each segment advances the f-wave oscillators' random walk,
 * so the first tracing changed when a second was ordered.) Through the session API, as a learner orders.
 */
import { expect, it } from 'vitest';
import { fsLibrary } from '../../twin-engine/node/library-fs';
import { createEngineSession } from '../../twin-engine/session/create-session';
import type { Ecg12Recording } from '../../twin-engine/devices/index';

// af-rvr: AF from 10 min, 2-min ramp; at 13 min the patient is in AF.
const SRC = { kind: 'builtin', path: 'af-rvr.yaml' } as const;
const AF_AT_S = 780;

/** Order a 12-lead at 780 s and, when `second`, another 4 s later; both tracings after 20 s. */
async function run(second: boolean): Promise<{ first: Ecg12Recording; second?: Ecg12Recording; orders: string[] }> {
  const s = createEngineSession(fsLibrary());
  const bedId = (await s.load(SRC)).beds[0].bedId;
  await s.step(AF_AT_S);
  const a = await s.orderLab(bedId, 'ecg_12_lead');
  await s.step(4);
  const b = second ? await s.orderLab(bedId, 'ecg_12_lead') : null;
  await s.step(16);
  const out = { first: await s.ecg12Recording(bedId, a.orderId), second: b ? await s.ecg12Recording(bedId, b.orderId) : undefined, orders: [a.orderId, ...(b ? [b.orderId] : [])] };
  await s.dispose();
  return out;
}

it('a second 12-lead ordered while the first records leaves the first tracing identical, sample for sample', async () => {
  const alone = await run(false);
  const both = await run(true);
  expect(both.orders).toEqual(['lab-1', 'lab-2']);
  expect(alone.first.startS).toBe(AF_AT_S);
  expect(both.first).toEqual(alone.first);
  // the second is its own 10 s, starting 4 s later, in the same AF
  expect(both.second!.startS).toBe(AF_AT_S + 4);
  expect(both.second!.leadsUv.II).toHaveLength(5000);
  expect(both.second!.leadsUv.V1).not.toEqual(both.first.leadsUv.V1);
  // same seed, same orders → the same tracings (determinism)
  expect(await run(true)).toEqual(both);
}, 240_000);
