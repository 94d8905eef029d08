/**
 * A 12-lead ECG still recording when the session is saved finishes after the resume with the same
 * samples as the uninterrupted run: from the journal (version 2) and from the engine state alone
 * (version 1, the capture travels in the ward's snapshot).
 */
import { expect, it } from 'vitest';
import { fsLibrary } from '../../twin-engine/node/library-fs';
import { createEngineSession } from '../../twin-engine/session/create-session';
import type { SessionSnapshot } from '../../twin-engine/session/api';

const SRC = { kind: 'builtin', path: 'stemi-inferior.yaml' } as const;

it('a 12-lead saved mid-recording resumes to the same tracing (snapshot versions 1 and 2)', async () => {
  const a = createEngineSession(fsLibrary());
  const ward = await a.load(SRC);
  const bedId = ward.beds[0].bedId;
  await a.step(700);
  const { orderId } = await a.orderLab(bedId, 'ecg_12_lead');
  await a.step(4);
  const snap = JSON.parse(JSON.stringify(await a.snapshot())) as SessionSnapshot;
  await a.step(6);
  const want = await a.ecg12Recording(bedId, orderId);
  expect(want.leadsUv.II).toHaveLength(5000);
  const { journal: _j, modules: _m, ...rest } = snap;
  for (const s of [snap, { ...rest, version: 1 } as SessionSnapshot]) {
    const b = createEngineSession(fsLibrary());
    await b.restore(s);
    await b.step(6);
    expect(await b.ecg12Recording(bedId, orderId), `version ${s.version}`).toEqual(want);
    await b.dispose();
  }
  await a.dispose();
}, 240_000);
