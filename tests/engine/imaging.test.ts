/**
 * The chest radiograph ordered like a lab (issue 15: "chest X-ray" only recorded the request): a written
 * report, taken when ordered and reported 30 min later, with the signs of the patient's condition.
 */
import { expect, it } from 'vitest';
import { chestXrayReport } from '../../twin-engine/core/imaging';
import { fsLibrary } from '../../twin-engine/node/library-fs';
import type { SessionEvent } from '../../twin-engine/session/api';
import { createEngineSession } from '../../twin-engine/session/create-session';
import { STANDARD_ADULT, PatientModel } from '../../twin-engine/physiology/index';

const resting = () => {
  const m = new PatientModel(STANDARD_ADULT, 1);
  m.advance(60);
  return m.state;
};

it('reads as a radiologist would write the signs of each condition', () => {
  const s = resting();
  expect(chestXrayReport(s, [], [])).toBe(
    'Portable AP chest radiograph. Findings: Lungs clear. Heart size normal. No pleural effusion or pneumothorax. Impression: No acute cardiopulmonary abnormality.',
  );
  expect(chestXrayReport(s, [{ kind: 'tension_pneumothorax', effective: 1 }], [])).toMatch(/mediastinal shift to the left.*Impression: Right tension pneumothorax\.$/);
  expect(chestXrayReport(s, [{ kind: 'pneumonia', effective: 0.3 }], [])).toMatch(/Impression: Right lower lobe pneumonia\.$/);
  expect(chestXrayReport(s, [{ kind: 'pulmonary_embolism', effective: 1 }], [])).toMatch(/No acute cardiopulmonary abnormality\. A normal or near-normal radiograph does not exclude pulmonary embolism\.$/);
  expect(chestXrayReport({ ...s, pcwpMmHg: 28 }, [{ kind: 'cardiogenic_shock', effective: 1 }], [])).toMatch(/Cardiomegaly\. Bilateral perihilar alveolar opacities.*Impression: Alveolar pulmonary oedema\.$/);
  expect(chestXrayReport(s, [], ['copd'])).toMatch(/Hyperinflated lungs.*Impression: Hyperinflation; no consolidation or pneumothorax\.$/);
});

it('is ordered through the session, taken when ordered and reported after 30 min', async () => {
  const session = createEngineSession(fsLibrary());
  const ward = await session.load({ kind: 'builtin', path: 'tension-pneumothorax.yaml' });
  const bedId = ward.beds[0].bedId;
  const evs: SessionEvent[] = [];
  const sub = session.events().subscribe((e) => evs.push(e));
  await session.step(40 * 60); // past the pneumothorax's onset and ramp
  const order = await session.orderLab(bedId, 'chest_xray');
  expect(order.dueS).toBe(40 * 60 + 30 * 60);
  await session.step(30 * 60);
  sub.unsubscribe();
  const res = evs.find((e) => e.type === 'lab' && e.change === 'resulted') as Extract<SessionEvent, { type: 'lab' }>;
  expect(res.results).toEqual([]);
  expect(res.report).toMatch(/Impression: Right tension pneumothorax\./);
  await session.dispose();
}, 120_000);
