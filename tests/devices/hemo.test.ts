import { describe, expect, it } from 'vitest';
import { input, mean, monitor, rPeaks, run } from './helpers';
import type { DeviceInput } from '../../twin-engine/devices/index';

/** Per-beat maxima and minima of the arterial trace (beats segmented at the minima). */
function beatExtrema(x: Float32Array, fs: number): { max: number[]; min: number[] } {
  const max: number[] = [];
  const min: number[] = [];
  const lo0 = Math.min(...x);
  const peaks = rPeaks(x.map((v) => v - lo0), fs);
  for (let k = 1; k < peaks.length; k++) {
    let lo = Infinity;
    for (let i = peaks[k - 1]; i < peaks[k]; i++) lo = Math.min(lo, x[i]);
    min.push(lo);
    max.push(x[peaks[k]]);
  }
  return { max, min };
}

describe('arterial pressure and pleth', () => {
  const cases: Partial<DeviceInput>[] = [
    { hrBpm: 72, sbpMmHg: 120, dbpMmHg: 80, mapMmHg: 93 },
    { hrBpm: 115, sbpMmHg: 88, dbpMmHg: 52, mapMmHg: 64 },
    { hrBpm: 58, sbpMmHg: 165, dbpMmHg: 95, mapMmHg: 118 },
  ];
  for (const c of cases) {
    it(`per-beat max/min = SBP/DBP ±2 mmHg and displayed mean = MAP ±2 at ${c.sbpMmHg}/${c.dbpMmHg}, HR ${c.hrBpm}`, () => {
      const m = monitor({ enabledChannels: ['art'] });
      const inp = input(c);
      run(m, inp, 5);
      m.drain('art');
      run(m, inp, 20);
      const x = m.drain('art');
      const { max, min } = beatExtrema(x, 125);
      expect(max.length).toBeGreaterThan(15);
      for (const v of max) expect(Math.abs(v - c.sbpMmHg!)).toBeLessThanOrEqual(2);
      for (const v of min) expect(Math.abs(v - c.dbpMmHg!)).toBeLessThanOrEqual(2);
      expect(Math.abs(mean(Array.from(x)) - c.mapMmHg!)).toBeLessThanOrEqual(2);
      expect(Math.abs(m.numerics.artSysMmHg! - c.sbpMmHg!)).toBeLessThanOrEqual(2);
      expect(Math.abs(m.numerics.artDiaMmHg! - c.dbpMmHg!)).toBeLessThanOrEqual(2);
      expect(Math.abs(m.numerics.artMeanMmHg! - c.mapMmHg!)).toBeLessThanOrEqual(2);
    });
  }

  it('the arterial trace has a dicrotic notch (a local minimum after the systolic peak)', () => {
    const m = monitor({ enabledChannels: ['art'] });
    run(m, input({ hrBpm: 60 }), 6);
    const x = m.drain('art').subarray(250);
    let notches = 0;
    for (let i = 1; i < x.length - 1; i++) if (x[i] < x[i - 1] && x[i] <= x[i + 1] && x[i] > 90) notches++;
    expect(notches).toBeGreaterThanOrEqual(4);
  });

  it('pleth pulses lag the ECG R peaks by a pulse-arrival time of 150–300 ms', () => {
    const m = monitor({ enabledChannels: ['ecg_ii', 'pleth'] });
    const inp = input({ hrBpm: 75 });
    run(m, inp, 5);
    m.drain('ecg_ii');
    m.drain('pleth');
    run(m, inp, 20);
    const ecg = m.drain('ecg_ii');
    const pl = m.drain('pleth');
    const lags: number[] = [];
    // fixed 0.65 mV R threshold: T waves (≤ 0.5 mV with per-beat variation and baseline wander) never count
    for (const r of rPeaks(ecg, 500, 0.65).slice(0, -2)) {
      const tR = r / 500;
      const i0 = Math.ceil(tR * 125);
      // foot = minimum of the pleth within 400 ms after R (start of the upstroke)
      let best = i0;
      for (let i = i0; i < i0 + 50 && i < pl.length; i++) if (pl[i] < pl[best]) best = i;
      lags.push(best / 125 - tR);
    }
    const lag = mean(lags);
    expect(lag).toBeGreaterThan(0.15);
    expect(lag).toBeLessThan(0.3);
    for (const l of lags) expect(l).toBeGreaterThan(0.1);
  });

  it('perfusion index follows peripheral perfusion and the low_perfusion artifact', () => {
    const pi = (perf: number, low = 0) => {
      const m = monitor({ enabledChannels: ['pleth'], artifacts: { low_perfusion: low } });
      run(m, input({ peripheralPerfusion: perf }), 15);
      return m.numerics.perfusionIndexPct;
    };
    expect(pi(1)).toBeGreaterThan(2);
    expect(pi(0.3)!).toBeLessThan(pi(1)! * 0.5);
    expect(pi(1, 1)!).toBeLessThan(0.3);
    expect(pi(0.2, 1)).toBeNull(); // below the detection limit: no pulse found
  });

  it('PEA: organised ECG but no pulse on the arterial line or pleth', () => {
    const m = monitor({ enabledChannels: ['ecg_ii', 'art', 'pleth'] });
    const inp = input({ rhythm: 'pea', hrBpm: 50, sbpMmHg: 18, dbpMmHg: 14, mapMmHg: 15, svMl: 0 });
    run(m, inp, 15);
    m.drain('art');
    m.drain('pleth');
    m.drain('ecg_ii');
    run(m, inp, 10);
    const ecg = m.drain('ecg_ii');
    const art = m.drain('art');
    const pl = m.drain('pleth');
    expect(rPeaks(ecg, 500).length).toBeGreaterThanOrEqual(7);
    expect(Math.max(...art) - Math.min(...art)).toBeLessThan(3);
    expect(Math.max(...pl) - Math.min(...pl)).toBeLessThan(0.05);
    expect(m.numerics.prBpm).toBeNull();
    expect(m.numerics.hrBpm).toBeGreaterThan(40);
  });

  it('CPR compressions (~110/min) produce pulsatile arterial pressure during arrest', () => {
    const m = monitor({ enabledChannels: ['art'] });
    const inp = input({ rhythm: 'ventricular_fibrillation', hrBpm: 0, sbpMmHg: 20, dbpMmHg: 15, mapMmHg: 16, svMl: 0, cprActive: true });
    run(m, inp, 10);
    m.drain('art');
    run(m, inp, 20);
    const x = m.drain('art');
    const peaks = rPeaks(x, 125);
    expect(peaks.length / 20).toBeCloseTo(110 / 60, 0);
    expect(Math.max(...x)).toBeGreaterThan(50);
  });

  it('damped arterial line under-reads systolic, over-reads diastolic, keeps the mean', () => {
    const m = monitor({ enabledChannels: ['art'], artifacts: { damped_art_line: 1 } });
    run(m, input(), 20);
    const n = m.numerics;
    expect(n.artSysMmHg!).toBeLessThan(115);
    expect(n.artDiaMmHg!).toBeGreaterThan(78);
    expect(Math.abs(n.artMeanMmHg! - 91)).toBeLessThanOrEqual(3);
  });
});
