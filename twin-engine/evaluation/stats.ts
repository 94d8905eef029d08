/**
 * Small, exact statistics used by the metrics. Formulas and sources are in METRICS.md; each is tested
 * on hand-computed cases (tests/evaluation/stats.test.ts).
 */
import { Prng } from '../util/prng';
import type { Estimate } from './types';

/** Standard normal quantile (Acklam's rational approximation, |error| < 1.2e-9 — plenty for intervals). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`normalQuantile: p must be in (0, 1), got ${p}`);
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

export const zFor = (confidence: number): number => normalQuantile(1 - (1 - confidence) / 2);

/** Wilson score interval for x successes in n trials (Wilson 1927). Null estimate when n = 0. */
export function wilson(x: number, n: number, confidence = 0.95): Estimate {
  if (n === 0) return { value: null, lo: null, hi: null, n: x, d: n, method: 'wilson' };
  const z = zFor(confidence);
  const p = x / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { value: p, lo: Math.max(0, centre - half), hi: Math.min(1, centre + half), n: x, d: n, method: 'wilson' };
}

/**
 * Newcombe's hybrid score interval for p1 − p2 from two independent proportions (Newcombe 1998,
 * method 10): built from each group's Wilson interval.
 */
export function newcombeDiff(x1: number, n1: number, x2: number, n2: number, confidence = 0.95): Estimate {
  if (n1 === 0 || n2 === 0) return { value: null, lo: null, hi: null, method: 'newcombe' };
  const a = wilson(x1, n1, confidence);
  const b = wilson(x2, n2, confidence);
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const d = p1 - p2;
  const lo = d - Math.sqrt((p1 - (a.lo as number)) ** 2 + ((b.hi as number) - p2) ** 2);
  const hi = d + Math.sqrt(((a.hi as number) - p1) ** 2 + (p2 - (b.lo as number)) ** 2);
  return { value: d, lo, hi, method: 'newcombe' };
}

/** Quantile by linear interpolation between order statistics (Hyndman & Fan type 7, numpy's default). */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((x, y) => x - y);
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return s[lo] + (h - lo) * (s[hi] - s[lo]);
}

export const median = (values: readonly number[]): number | null => quantile(values, 0.5);

/** Neumaier-free plain sum in array order: callers pass arrays in a fixed order so results are reproducible. */
export function sum(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

/**
 * Percentile bootstrap over clusters (patients): `stat` receives the resampled cluster indices and
 * returns a number or null (undefined in that resample; such resamples are dropped). Deterministic for
 * a given seed and cluster count.
 */
export function bootstrap(nClusters: number, stat: (idx: Int32Array) => number | null, opts: { B: number; seed: number; confidence: number }): { lo: number | null; hi: number | null; used: number } {
  if (nClusters === 0 || opts.B <= 0) return { lo: null, hi: null, used: 0 };
  const rng = new Prng(opts.seed);
  const idx = new Int32Array(nClusters);
  const out: number[] = [];
  for (let b = 0; b < opts.B; b++) {
    for (let i = 0; i < nClusters; i++) idx[i] = Math.floor(rng.next() * nClusters);
    const v = stat(idx);
    if (v !== null && Number.isFinite(v)) out.push(v);
  }
  if (out.length === 0) return { lo: null, hi: null, used: 0 };
  const alpha = (1 - opts.confidence) / 2;
  return { lo: quantile(out, alpha), hi: quantile(out, 1 - alpha), used: out.length };
}

/** Round for JSON: 6 significant decimals keeps files readable and diff-stable. */
export function round6(x: number | null): number | null {
  if (x === null || !Number.isFinite(x)) return null;
  return Math.round(x * 1e6) / 1e6;
}
