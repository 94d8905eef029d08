/**
 * Score metrics on fixed time windows: AUROC, AUPRC, Brier score and a reliability curve.
 * Labelling (METRICS.md § Scores): each patient's record is cut into windows of `windowS`; for each
 * target label a window is positive when an episode of that label is active at any time in
 * [start, end + horizonS) — "present now or starting within the horizon". The window's score is the
 * highest score of an alert with that label showing during the window (alarms count while raised), 0
 * when none.
 */
import type { EvalAlert, EvalScorePoint, PatientRecord, ScoreStreamSpec, ScoringOptions } from './types';

export interface ScoredWindow {
  score: number;
  label: 0 | 1;
}

export function windowsFor(r: PatientRecord, alerts: readonly EvalAlert[], o: Pick<ScoringOptions, 'targets' | 'windowS' | 'horizonS'>): ScoredWindow[] {
  const out: ScoredWindow[] = [];
  const n = Math.ceil(r.durationS / o.windowS - 1e-9);
  for (const label of o.targets) {
    const eps = r.episodes.filter((e) => e.label === label);
    const mine = alerts.filter((a) => a.labels.includes(label) && !a.technical);
    for (let k = 0; k < n; k++) {
      const ws = k * o.windowS;
      const we = Math.min(r.durationS, ws + o.windowS);
      let score = 0;
      for (const a of mine) {
        const end = a.endS ?? a.tS;
        if (a.tS < we && end >= ws && a.score > score) score = a.score;
      }
      const pos = eps.some((e) => e.onsetS < we + o.horizonS && (e.offsetS ?? r.durationS) >= ws);
      out.push({ score, label: pos ? 1 : 0 });
    }
  }
  return out;
}

/**
 * A module's score-stream values as point alerts for windowsFor and utilityCase: each value normalised
 * to [0, 1] by its declared range ((v − lo) / (hi − lo)) and claiming its spec's `detects`. A window
 * then scores the highest value published in it, and a window with no value scores 0 — as a window
 * without an alert does. `atThreshold` keeps only values ≥ the spec's threshold (positive predictions).
 */
export function streamAlerts(points: readonly EvalScorePoint[], specs: readonly ScoreStreamSpec[], atThreshold = false): EvalAlert[] {
  const out: EvalAlert[] = [];
  for (const p of points) {
    const s = specs.find((x) => x.label === p.label);
    if (!s || (atThreshold && !(p.value >= s.threshold))) continue;
    const v = (p.value - s.range[0]) / (s.range[1] - s.range[0]);
    out.push({ tS: p.tS, labels: [...s.detects], score: Math.min(1, Math.max(0, v)), endS: null, technical: false, code: s.label });
  }
  return out;
}

/** The declared streams that score target `label` (those whose `detects` name it). */
export function streamsFor(label: string, o: Pick<ScoringOptions, 'scoreStreams'>): ScoreStreamSpec[] {
  return (o.scoreStreams ?? []).filter((s) => s.detects.includes(label));
}

/** AUROC as the Mann–Whitney probability P(score+ > score−) + ½ P(tie). Null without both classes. */
export function auroc(w: readonly ScoredWindow[]): number | null {
  const nP = w.filter((x) => x.label === 1).length;
  const nN = w.length - nP;
  if (nP === 0 || nN === 0) return null;
  const s = [...w].sort((a, b) => a.score - b.score);
  let rankSumPos = 0;
  for (let i = 0; i < s.length; ) {
    let j = i;
    while (j < s.length && s[j].score === s[i].score) j++;
    const avgRank = (i + 1 + j) / 2; // ranks i+1..j share their mean
    for (let k = i; k < j; k++) if (s[k].label === 1) rankSumPos += avgRank;
    i = j;
  }
  return (rankSumPos - (nP * (nP + 1)) / 2) / (nP * nN);
}

/** Points of the ROC curve (fpr, tpr), one per distinct threshold, from (0,0) to (1,1). */
export function rocCurve(w: readonly ScoredWindow[]): { fpr: number; tpr: number }[] {
  const nP = w.filter((x) => x.label === 1).length;
  const nN = w.length - nP;
  if (nP === 0 || nN === 0) return [];
  const s = [...w].sort((a, b) => b.score - a.score);
  const pts = [{ fpr: 0, tpr: 0 }];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < s.length; ) {
    let j = i;
    while (j < s.length && s[j].score === s[i].score) {
      if (s[j].label === 1) tp++;
      else fp++;
      j++;
    }
    pts.push({ fpr: fp / nN, tpr: tp / nP });
    i = j;
  }
  return pts;
}

/**
 * AUPRC as average precision: Σ (R_j − R_{j−1}) · P_j over distinct thresholds from high to low, i.e.
 * precision as a step function of recall (as in the PhysioNet 2019 evaluate_sepsis_score.py).
 */
export function auprc(w: readonly ScoredWindow[]): number | null {
  const nP = w.filter((x) => x.label === 1).length;
  if (nP === 0) return null;
  const s = [...w].sort((a, b) => b.score - a.score);
  let tp = 0;
  let fp = 0;
  let prevR = 0;
  let area = 0;
  for (let i = 0; i < s.length; ) {
    let j = i;
    while (j < s.length && s[j].score === s[i].score) {
      if (s[j].label === 1) tp++;
      else fp++;
      j++;
    }
    const r = tp / nP;
    area += (r - prevR) * (tp / (tp + fp));
    prevR = r;
    i = j;
  }
  return area;
}

/**
 * Mean squared difference between score (read as a probability) and the window's label. Null without
 * both classes: with only negatives a module that never alerts scores a perfect 0, which says nothing.
 */
export function brier(w: readonly ScoredWindow[]): number | null {
  const nP = w.filter((x) => x.label === 1).length;
  if (nP === 0 || nP === w.length) return null;
  let s = 0;
  for (const x of w) s += (x.score - x.label) ** 2;
  return s / w.length;
}

export interface ReliabilityBin {
  lo: number;
  hi: number;
  n: number;
  meanScore: number | null;
  observed: number | null;
}

/** Equal-width bins on [0, 1]; the last bin is closed ([0.9, 1.0]). Scores are clamped to [0, 1]. */
export function reliability(w: readonly ScoredWindow[], bins = 10): ReliabilityBin[] {
  const acc = Array.from({ length: bins }, () => ({ n: 0, s: 0, y: 0 }));
  for (const x of w) {
    const p = Math.min(1, Math.max(0, x.score));
    const k = Math.min(bins - 1, Math.floor(p * bins));
    acc[k].n++;
    acc[k].s += p;
    acc[k].y += x.label;
  }
  return acc.map((a, k) => ({ lo: k / bins, hi: (k + 1) / bins, n: a.n, meanScore: a.n ? a.s / a.n : null, observed: a.n ? a.y / a.n : null }));
}

export interface ScoreMetrics {
  /**
   * What the window scores came from: the module's findings ('alerts'), its declared score stream
   * ('score-stream'), or both for different targets ('mixed'). The monitor is always 'alerts'.
   */
  source?: 'alerts' | 'score-stream' | 'mixed';
  /** The score streams used, with their stated mapping to [0, 1]. */
  streams?: { label: string; mapping: string; probability: boolean }[];
  /** Why Brier and the reliability curve are absent although both classes are present (null: they are drawn, or there is only one class). */
  calibrationNote?: string | null;
  windows: number;
  positives: number;
  auroc: number | null;
  auprc: number | null;
  brier: number | null;
  reliability: ReliabilityBin[];
  roc: { fpr: number; tpr: number }[];
}

export function scoreMetrics(w: readonly ScoredWindow[]): ScoreMetrics {
  const roc = rocCurve(w);
  // Keep at most ~100 curve points in metrics.json: plots do not need more.
  const step = Math.max(1, Math.ceil(roc.length / 100));
  const pos = w.filter((x) => x.label === 1).length;
  const bothClasses = pos > 0 && pos < w.length;
  return {
    windows: w.length,
    positives: pos,
    auroc: auroc(w),
    auprc: auprc(w),
    brier: brier(w),
    // No calibration curve without both classes (as AUROC, Brier and ROC): it would only restate the base rate.
    reliability: bothClasses ? reliability(w) : [],
    roc: roc.filter((_, i) => i % step === 0 || i === roc.length - 1),
  };
}
