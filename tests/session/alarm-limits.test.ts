/**
 * Alarm limits through the session (issue 15): a ward's COPD patient (bed 8 of the default ward, SpO2
 * scale 2, BTS target 88–92 %) starts with SpO2 low 88, the others with the adult 92; setAlarmLimits
 * refuses values outside the one table of ranges in the words the UI shows, and applies good ones.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEngineSession } from '../../twin-engine/session/create-session';
import { fsLibrary } from '../../twin-engine/node/library-fs';
import type { InProcessSession } from '../../twin-engine/session/in-process';

let s: InProcessSession;
beforeAll(async () => {
  s = createEngineSession(fsLibrary());
  await s.load({ kind: 'builtin', path: 'wards/default.yaml' });
});
afterAll(async () => {
  await s?.dispose();
});

it('default limits follow the patient: COPD bed 8 SpO2 low 88, bed 1 92', async () => {
  const ward = (await s.status()).ward!;
  const bed = (id: string) => ward.beds.find((b) => b.bedId === id)!;
  expect(bed('bed-8').profile.comorbidities).toContain('copd');
  expect(bed('bed-8').alarmLimits.spo2Low).toBe(88);
  expect(bed('bed-1').alarmLimits.spo2Low).toBe(92);
  expect(bed('bed-8').alarmLimits.hrHigh).toBe(130);
});

it('setAlarmLimits refuses out-of-range and crossed limits in user words, applies good ones', async () => {
  await expect(s.setAlarmLimits('bed-1', { spo2Low: 920 })).rejects.toThrow('Alarm limits for bed-1 not changed: SpO₂ low must be between 70 and 99 %; 920 is outside.');
  await expect(s.setAlarmLimits('bed-1', { hrLow: 140 })).rejects.toThrow('HR low (140 /min) must be below HR high (130 /min).');
  const now = await s.setAlarmLimits('bed-1', { spo2Low: 90, rrHigh: 30 });
  expect(now).toMatchObject({ spo2Low: 90, rrHigh: 30, hrLow: 50 });
  expect((await s.status()).ward!.beds.find((b) => b.bedId === 'bed-1')!.alarmLimits.spo2Low).toBe(90);
});
