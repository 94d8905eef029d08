/**
 * PhysioNet/CinC 2019 sepsis utility (Reyna et al., Crit Care Med 2020; evaluate_sepsis_score.py of
 * physionetchallenges/evaluation-2019): hourly binary predictions are rewarded from 12 h before
 * sepsis onset (max at 6 h before), penalised when missed after onset, and every false positive on a
 * non-septic patient costs 0.05. Constants: docs/REFERENCES.md#cinc-2019-sepsis-utility.
 */
import type { EvalAlert, PatientRecord } from './types';

export const UTILITY_2019 = { dtEarlyH: -12, dtOptimalH: -6, dtLateH: 3, maxUTp: 1, minUFn: -2, uFp: -0.05, uTn: 0 } as const;
export type UtilityParams = typeof UTILITY_2019;

/**
 * One patient's utility given the onset hour t_sepsis (null = never septic) and hourly predictions —
 * the challenge's compute_prediction_utility with t_sepsis passed directly (the challenge derives it as
 * argmax(labels) − dt_optimal because its labels start 6 h before onset).
 */
export function patientUtility(tSepsisH: number | null, predictions: readonly (0 | 1)[], p: UtilityParams = UTILITY_2019): number {
  const m1 = p.maxUTp / (p.dtOptimalH - p.dtEarlyH);
  const b1 = -m1 * p.dtEarlyH;
  const m2 = -p.maxUTp / (p.dtLateH - p.dtOptimalH);
  const b2 = -m2 * p.dtLateH;
  const m3 = p.minUFn / (p.dtLateH - p.dtOptimalH);
  const b3 = -m3 * p.dtOptimalH;
  const septic = tSepsisH !== null;
  const ts = septic ? tSepsisH : Infinity;
  let u = 0;
  for (let t = 0; t < predictions.length; t++) {
    if (t > ts + p.dtLateH) continue; // past the late limit nothing counts
    const pred = predictions[t] === 1;
    if (septic && pred) {
      if (t <= ts + p.dtOptimalH) u += Math.max(m1 * (t - ts) + b1, p.uFp);
      else u += m2 * (t - ts) + b2;
    } else if (!septic && pred) u += p.uFp;
    else if (septic && !pred) {
      if (t > ts + p.dtOptimalH) u += m3 * (t - ts) + b3;
    } else u += p.uTn;
  }
  return u;
}

/** The challenge's own signature: labels are 1 from (onset − 6 h) on; t_sepsis = argmax(labels) − dt_optimal. */
export function computePredictionUtility(labels: readonly (0 | 1)[], predictions: readonly (0 | 1)[], p: UtilityParams = UTILITY_2019): number {
  if (labels.length !== predictions.length) throw new Error('Numbers of predictions and labels must be the same.');
  const first = labels.indexOf(1);
  return patientUtility(first < 0 ? null : first - p.dtOptimalH, predictions, p);
}

/** The challenge's best predictions: 1 on [max(0, t_s + dt_early), min(t_s + dt_late + 1, n)). */
export function bestPredictions(tSepsisH: number | null, n: number, p: UtilityParams = UTILITY_2019): (0 | 1)[] {
  const out = new Array<0 | 1>(n).fill(0);
  if (tSepsisH === null) return out;
  for (let t = Math.max(0, tSepsisH + p.dtEarlyH); t < Math.min(tSepsisH + p.dtLateH + 1, n); t++) out[t] = 1;
  return out;
}

export interface UtilityCase {
  tSepsisH: number | null;
  predictions: (0 | 1)[];
}

export interface UtilityResult {
  normalized: number | null;
  observed: number;
  best: number;
  inaction: number;
  patients: number;
  septicPatients: number;
}

/** Normalised cohort utility: (U − U_inaction) / (U_best − U_inaction); null when best = inaction. */
export function cohortUtility(cases: readonly UtilityCase[], p: UtilityParams = UTILITY_2019): UtilityResult {
  let obs = 0;
  let best = 0;
  let inaction = 0;
  for (const c of cases) {
    const n = c.predictions.length;
    obs += patientUtility(c.tSepsisH, c.predictions, p);
    best += patientUtility(c.tSepsisH, bestPredictions(c.tSepsisH, n, p), p);
    inaction += patientUtility(c.tSepsisH, new Array<0 | 1>(n).fill(0), p);
  }
  const den = best - inaction;
  return { normalized: den === 0 ? null : (obs - inaction) / den, observed: obs, best, inaction, patients: cases.length, septicPatients: cases.filter((c) => c.tSepsisH !== null).length };
}

/**
 * WardTwin → challenge rows: row t is hour [3600t, 3600(t+1)) of the record (n = ceil(duration / 1 h));
 * t_sepsis is the hour in which the first 'sepsis' truth episode began; the prediction for a row is 1
 * when an alert labelled 'sepsis' was showing during that hour.
 */
export function utilityCase(r: PatientRecord, alerts: readonly EvalAlert[], label = 'sepsis'): UtilityCase {
  const n = Math.ceil(r.durationS / 3600 - 1e-9);
  const onsets = r.episodes.filter((e) => e.label === label).map((e) => e.onsetS);
  const tSepsisH = onsets.length ? Math.max(0, Math.floor(Math.min(...onsets) / 3600)) : null;
  const preds = new Array<0 | 1>(n).fill(0);
  for (const a of alerts) {
    if (a.technical || !a.labels.includes(label)) continue;
    const end = a.endS ?? a.tS;
    for (let t = Math.max(0, Math.floor(a.tS / 3600)); t < n && t * 3600 <= end; t++) {
      if (a.tS < (t + 1) * 3600) preds[t] = 1;
    }
  }
  return { tSepsisH, predictions: preds };
}
