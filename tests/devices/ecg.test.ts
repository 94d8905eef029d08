import { describe, expect, it } from 'vitest';
import { cv, input, intervalsS, mean, monitor, rPeaks, run } from './helpers';

const FS = 500;

function ecgFor(over: Parameters<typeof input>[0], seconds: number, warmS = 5, seed = 1234): Float32Array {
  // A clean trace (no calibrated noise floor): these tests measure morphology with a simple peak picker.
  const m = monitor({ seed, enabledChannels: ['ecg_ii'], ecgNoiseFloor: false });
  const inp = input(over);
  run(m, inp, warmS);
  m.drain('ecg_ii');
  const chunks: Float32Array[] = [];
  for (let t = 0; t < seconds; t += 10) {
    run(m, inp, Math.min(10, seconds - t));
    chunks.push(m.drain('ecg_ii'));
  }
  const out = new Float32Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

describe('ECG lead II (ECGSYN phase form)', () => {
  for (const hr of [60, 100, 150]) {
    it(`R peaks detected in the generated samples give HR ${hr} ± 2 bpm; the monitor's HR agrees`, () => {
      const m = monitor({ enabledChannels: ['ecg_ii'], ecgNoiseFloor: false });
      const inp = input({ hrBpm: hr });
      run(m, inp, 5);
      m.drain('ecg_ii');
      run(m, inp, 30);
      const x = m.drain('ecg_ii');
      expect(x.length).toBe(30 * FS);
      // R ≈ 1 mV ± its beat-to-beat and respiratory variation, T ≤ 0.5 mV: a fixed 0.65 mV threshold
      const iv = intervalsS(rPeaks(x, FS, 0.65), FS);
      const hrMeasured = 60 / mean(iv);
      expect(Math.abs(hrMeasured - hr)).toBeLessThanOrEqual(2);
      expect(m.numerics.hrBpm).not.toBeNull();
      expect(Math.abs(m.numerics.hrBpm! - hr)).toBeLessThanOrEqual(2);
    });
  }

  it('RR intervals are irregular in AF (CV > 0.1) and regular in sinus (CV < 0.05)', () => {
    const sinus = intervalsS(rPeaks(ecgFor({ hrBpm: 80 }, 120), FS, 0.65), FS);
    const af = intervalsS(rPeaks(ecgFor({ hrBpm: 110, rhythm: 'atrial_fibrillation' }, 120), FS, 0.65), FS);
    expect(sinus.length).toBeGreaterThan(150);
    expect(af.length).toBeGreaterThan(150);
    expect(cv(sinus)).toBeLessThan(0.05);
    expect(cv(sinus)).toBeGreaterThan(0.002); // HRV present, not a metronome
    expect(cv(af)).toBeGreaterThan(0.1);
  });

  /** ST deviation (mm) at J+60–80 ms vs the PR segment, averaged over beats. */
  function stMm(x: Float32Array): number {
    const peaks = rPeaks(x, FS);
    const st: number[] = [];
    for (const r of peaks.slice(1, -1)) {
      const pr = mean(Array.from(x.subarray(r - 50, r - 40))); // R−100..−80 ms: PR segment
      let sMin = r;
      for (let i = r; i < r + 40; i++) if (x[i] < x[sMin]) sMin = i; // S nadir within 80 ms
      // J point: first sample after the S nadir where the upstroke flattens (< 2 mV/s) or S + 40 ms
      let j = sMin + 20;
      for (let i = sMin + 2; i < sMin + 20; i++) if (Math.abs(x[i + 1] - x[i]) * FS < 2) { j = i; break; }
      const stVal = mean(Array.from(x.subarray(j + 30, j + 41))); // J+60..80 ms
      st.push((stVal - pr) / 0.1);
    }
    return mean(st);
  }

  it('ST elevation is measurable at J+60–80 ms vs PR baseline in STEMI and absent at baseline', () => {
    const base = stMm(ecgFor({ hrBpm: 70 }, 20));
    const stemi = stMm(ecgFor({ hrBpm: 70, stElevationMm: 3 }, 20));
    expect(Math.abs(base)).toBeLessThan(0.5);
    expect(stemi).toBeGreaterThan(2);
    expect(stemi).toBeLessThan(4.5);
  });

  it('hyperkalaemia (K 7.5) peaks the T wave', () => {
    const tPeak = (x: Float32Array) => {
      const peaks = rPeaks(x, FS, 0.95); // R = 1 mV; the peaked T stays below
      return mean(peaks.slice(1, -1).map((r) => Math.max(...Array.from(x.subarray(r + 75, r + 200)))));
    };
    const normal = tPeak(ecgFor({ hrBpm: 70 }, 10));
    const hyperK = tPeak(ecgFor({ hrBpm: 70, potassiumMmolL: 7.5 }, 10));
    expect(hyperK).toBeGreaterThan(1.8 * normal);
  });

  it('asystole is flat with noise; VF has no regular R peaks; flutter shows ~300/min F waves', () => {
    const asy = ecgFor({ rhythm: 'asystole', hrBpm: 0 }, 10);
    const sd = Math.sqrt(mean(Array.from(asy).map((v) => v * v)));
    expect(sd).toBeGreaterThan(0.003);
    expect(sd).toBeLessThan(0.03);
    const vf = ecgFor({ rhythm: 'ventricular_fibrillation', hrBpm: 0 }, 20);
    expect(Math.max(...vf) - Math.min(...vf)).toBeGreaterThan(0.3);
    expect(cv(intervalsS(rPeaks(vf, FS), FS))).toBeGreaterThan(0.1);
    // flutter 2:1 at 150: dominant spectral line near 5 Hz in the segments between QRS complexes
    const fl = ecgFor({ rhythm: 'atrial_flutter', hrBpm: 150 }, 10);
    const power = (f: number) => {
      let re = 0;
      let im = 0;
      for (let i = 0; i < fl.length; i++) {
        re += fl[i] * Math.cos((2 * Math.PI * f * i) / FS);
        im += fl[i] * Math.sin((2 * Math.PI * f * i) / FS);
      }
      return re * re + im * im;
    };
    expect(power(5)).toBeGreaterThan(5 * power(4.3));
    expect(power(5)).toBeGreaterThan(5 * power(5.8));
  });

  it('Mobitz II 3:2 — P waves without QRS: fewer QRS than P waves; paced rhythm shows spikes before each QRS', () => {
    const mob = ecgFor({ rhythm: 'av_block_2_mobitz2', hrBpm: 50 }, 30);
    const qrs = rPeaks(mob, FS, 0.6).length;
    expect(qrs / 30).toBeCloseTo(50 / 60, 1);
    // P waves: local maxima 0.1–0.4 mV that are not within 300 ms after a QRS
    const r = rPeaks(mob, FS, 0.6);
    let pCount = 0;
    for (let i = 1; i < mob.length - 1; i++) {
      if (mob[i] > 0.15 && mob[i] < 0.45 && mob[i] >= mob[i - 1] && mob[i] > mob[i + 1]) {
        const nearR = r.some((p) => i - p > -60 && i - p < 175);
        if (!nearR) {
          pCount++;
          i += 50;
        }
      }
    }
    expect(pCount / qrs).toBeGreaterThan(1.3); // 3 P per 2 QRS
    const paced = ecgFor({ rhythm: 'paced', hrBpm: 70, pacing: true }, 10);
    const spikes = rPeaks(paced, FS, 1.3);
    expect(spikes.length / 10).toBeCloseTo(70 / 60, 0);
  });

  it('PVCs appear as premature beats with a compensatory pause', () => {
    const x = ecgFor({ hrBpm: 60, pvcProbability: 0.15 }, 60);
    const iv = intervalsS(rPeaks(x, FS, 0.6), FS);
    const short = iv.filter((v) => v < 0.75).length;
    const long = iv.filter((v) => v > 1.3).length;
    expect(short).toBeGreaterThan(2);
    expect(long).toBeGreaterThan(2);
  });
});
