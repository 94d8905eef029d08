/**
 * A cohort of 200 patients runs headless from one command, and the patients it ran match the cohort
 * file's distributions (tolerance: 3 binomial standard errors, or 3 SE of the mean).
 */
import { expect, it } from 'vitest';
import { runHeadless } from '../../twin-engine/cli/run';

it('runs a 200-patient cohort in one call, with the profile distribution of the cohort file', async () => {
  const r = await runHeadless('scenarios/cohorts/sepsis-ward.yaml', { durationS: 60, seed: 9, cohortSize: 200 });
  const beds = r.ward.beds;
  expect(beds).toHaveLength(200);
  expect(new Set(beds.map((b) => b.bedId)).size).toBe(200);
  // One numerics row per patient per second, for every patient.
  expect(r.csv.trim().split('\n').length).toBe(2 + 200 * 60);
  const share = (pred: (b: (typeof beds)[number]) => boolean) => beds.filter(pred).length / beds.length;
  const within = (observed: number, p: number) => expect(Math.abs(observed - p)).toBeLessThan(3 * Math.sqrt((p * (1 - p)) / beds.length));
  // From scenarios/cohorts/sepsis-ward.yaml.
  within(share((b) => b.profile.sex === 'female'), 0.52);
  within(share((b) => b.scenarioTitle === null), 0.4); // never_deteriorate
  within(share((b) => b.profile.comorbidities.includes('diabetes')), 0.25);
  within(share((b) => b.profile.comorbidities.includes('copd')), 0.15);
  within(share((b) => b.profile.skinToneMonk >= 8), 0.08 + 0.07 + 0.05);
  const ages = beds.map((b) => b.profile.ageY);
  const mean = ages.reduce((a, x) => a + x, 0) / ages.length;
  expect(Math.abs(mean - 66)).toBeLessThan(3 * (14 / Math.sqrt(200)) + 1); // truncated normal 66 ± 14 y
});
