/**
 * Compact trend history of one bed: a few numerics at 1 Hz for the last hours in fixed typed-array
 * rings (a 24-bed ward over 4 h would otherwise keep a third of a million frame objects alive).
 */
import type { MonitorNumerics } from '../../../twin-engine/devices/index';

export const TREND_KEYS = ['hr', 'spo2', 'map', 'rr', 'etco2', 'temp'] as const;
export type TrendKey = (typeof TREND_KEYS)[number];

export function trendValue(m: MonitorNumerics, k: TrendKey): number {
  const v =
    k === 'hr' ? m.hrBpm
    : k === 'spo2' ? m.spo2Pct
    : k === 'map' ? (m.artMeanMmHg ?? m.nibpMeanMmHg)
    : k === 'rr' ? m.rrBpm
    : k === 'etco2' ? m.etco2MmHg
    : m.tempC;
  return v ?? NaN;
}

export class TrendRing {
  readonly t: Float64Array;
  readonly v: Record<TrendKey, Float32Array>;
  written = 0;

  constructor(readonly capacity: number) {
    this.t = new Float64Array(capacity);
    this.v = Object.fromEntries(TREND_KEYS.map((k) => [k, new Float32Array(capacity)])) as Record<TrendKey, Float32Array>;
  }

  push(simTimeS: number, m: MonitorNumerics): void {
    const i = this.written % this.capacity;
    this.t[i] = simTimeS;
    for (const k of TREND_KEYS) this.v[k][i] = trendValue(m, k);
    this.written++;
  }

  get length(): number {
    return Math.min(this.written, this.capacity);
  }

  /** The j-th oldest retained entry's ring index. */
  index(j: number): number {
    return (this.written - this.length + j) % this.capacity;
  }

  /** Value of `k` about `agoS` seconds before the newest entry (NaN if not retained). */
  valueAgo(k: TrendKey, agoS: number): number {
    const n = this.length;
    if (n === 0) return NaN;
    const newest = this.t[this.index(n - 1)];
    for (let j = n - 1; j >= 0; j--) {
      const i = this.index(j);
      if (newest - this.t[i] >= agoS) return this.v[k][i];
    }
    return NaN;
  }
}
