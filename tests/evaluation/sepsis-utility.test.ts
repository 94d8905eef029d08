/** PhysioNet/CinC 2019 utility, checked against the challenge's own docstring example and a hand-computed cohort. */
import { describe, expect, it } from 'vitest';
import { bestPredictions, cohortUtility, computePredictionUtility, patientUtility, utilityCase } from '../../twin-engine/evaluation/sepsis-utility';
import type { PatientRecord } from '../../twin-engine/evaluation/types';

describe('PhysioNet 2019 utility', () => {
  it('reproduces compute_prediction_utility([0,0,0,0,1,1], [0,0,1,1,1,1]) = 3.388888888888889', () => {
    expect(computePredictionUtility([0, 0, 0, 0, 1, 1], [0, 0, 1, 1, 1, 1])).toBeCloseTo(3.388888888888889, 12);
  });
  it('non-septic patient: each positive hour costs 0.05, negatives 0', () => {
    expect(patientUtility(null, [1, 0, 1, 0])).toBeCloseTo(-0.1, 12);
    expect(patientUtility(null, [0, 0, 0])).toBe(0);
  });
  it('predictions earlier than 12 h before onset are worth the FP penalty; later than onset + 3 h count nothing', () => {
    const preds = new Array<0 | 1>(20).fill(0);
    preds[0] = 1; // t − t_s = −15 h
    preds[19] = 1; // t − t_s = +4 h (beyond dt_late)
    // Missed hours t_s−5 … t_s+3 (t = 10..18): u = −(2/9)(t − 15) − 4/3 → sum over d = −5..3
    let fn = 0;
    for (let d = -5; d <= 3; d++) fn += (-2 / 9) * d - 4 / 3;
    expect(patientUtility(15, preds)).toBeCloseTo(-0.05 + fn, 12);
  });
  it('normalised cohort utility by hand: (−7.05 + 78/9) / (15/9 + 78/9) = 14.55 / 93', () => {
    const observed = [0, 0, 1, 0, 0, 0] as (0 | 1)[]; // septic, t_s = 2 h, 6 rows
    const r = cohortUtility([
      { tSepsisH: 2, predictions: observed },
      { tSepsisH: null, predictions: [0, 1, 0, 0, 0, 0] },
    ]);
    expect(r.inaction).toBeCloseTo(-78 / 9, 12);
    expect(r.best).toBeCloseTo(15 / 9, 12);
    expect(r.observed).toBeCloseTo(-7.05, 12);
    expect(r.normalized).toBeCloseTo(14.55 / 93, 12);
    expect(bestPredictions(2, 6)).toEqual([1, 1, 1, 1, 1, 1]);
  });
  it('no septic patients and no predictions: normalisation undefined (best = inaction)', () => {
    expect(cohortUtility([{ tSepsisH: null, predictions: [0, 0] }]).normalized).toBeNull();
  });
  it('turns a WardTwin record into hourly rows', () => {
    const r: PatientRecord = {
      index: 0, id: 'p', condition: 'clean', deteriorates: true, durationS: 4 * 3600,
      profile: { sex: 'male', ageY: 70, skinToneMonk: 3, comorbidities: [] },
      episodes: [{ label: 'sepsis', onsetS: 2.5 * 3600, offsetS: null, severity: 'moderate' }],
      module: [{ tS: 3700, labels: ['sepsis'], score: 1, endS: null, technical: false, code: 'sepsis' }],
      monitor: [],
    };
    expect(utilityCase(r, r.module)).toEqual({ tSepsisH: 2, predictions: [0, 1, 0, 0] });
  });
});
