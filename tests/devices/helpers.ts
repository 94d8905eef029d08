import { BedsideMonitor, benchInput, type DeviceInput, type MonitorOptions } from '../../twin-engine/devices/index';

export function input(over: Partial<DeviceInput> = {}): DeviceInput {
  return { ...benchInput(), intubated: false, ...over };
}

export function monitor(over: Partial<MonitorOptions> = {}): BedsideMonitor {
  return new BedsideMonitor({ seed: 1234, skinToneMonk: 3, nibpIntervalS: 0, ...over });
}

/** Advance in 0.05 s physiology steps. */
export function run(m: BedsideMonitor, inp: DeviceInput, seconds: number, dt = 0.05): void {
  const n = Math.round(seconds / dt);
  for (let i = 0; i < n; i++) m.advance(inp, dt);
}

/** Test-side R-peak detector: local maxima above half the record's 99th percentile, 250 ms refractory. */
export function rPeaks(x: Float32Array, fs: number, minHeight?: number): number[] {
  const sorted = Array.from(x).filter((v) => v === v).sort((a, b) => a - b);
  const thr = minHeight ?? 0.5 * sorted[Math.floor(0.99 * (sorted.length - 1))];
  const refr = Math.round(0.25 * fs);
  const peaks: number[] = [];
  for (let i = 1; i < x.length - 1; i++) {
    if (x[i] > thr && x[i] >= x[i - 1] && x[i] > x[i + 1]) {
      const last = peaks[peaks.length - 1];
      if (last !== undefined && i - last < refr) {
        if (x[i] > x[last]) peaks[peaks.length - 1] = i;
      } else peaks.push(i);
    }
  }
  return peaks;
}

export function intervalsS(peaks: number[], fs: number): number[] {
  const out: number[] = [];
  for (let i = 1; i < peaks.length; i++) out.push((peaks[i] - peaks[i - 1]) / fs);
  return out;
}

export function mean(a: number[]): number {
  return a.reduce((s, v) => s + v, 0) / a.length;
}

export function cv(a: number[]): number {
  const m = mean(a);
  return Math.sqrt(mean(a.map((v) => (v - m) ** 2))) / m;
}
