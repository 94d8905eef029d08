/** Min–max envelope of several seeds' runs of the same scenario (same sample times by construction). */
import { SERIES, type PreviewRun, type SeriesKey } from './types';

export interface Band {
  seeds: number[];
  lo: Record<SeriesKey, Float32Array>;
  hi: Record<SeriesKey, Float32Array>;
}

export function bandOf(runs: readonly PreviewRun[]): Band | null {
  if (runs.length < 2) return null;
  const n = Math.min(...runs.map((r) => r.timesS.length));
  const lo = {} as Record<SeriesKey, Float32Array>;
  const hi = {} as Record<SeriesKey, Float32Array>;
  for (const { key } of SERIES) {
    const a = new Float32Array(n).fill(Infinity);
    const b = new Float32Array(n).fill(-Infinity);
    for (const r of runs) {
      const s = r.series[key];
      for (let i = 0; i < n; i++) {
        const v = s[i];
        if (Number.isNaN(v)) continue;
        if (v < a[i]) a[i] = v;
        if (v > b[i]) b[i] = v;
      }
    }
    for (let i = 0; i < n; i++) if (a[i] === Infinity) (a[i] = NaN), (b[i] = NaN);
    lo[key] = a;
    hi[key] = b;
  }
  return { seeds: runs.map((r) => r.seed), lo, hi };
}
