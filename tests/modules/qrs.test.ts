/**
 * Pan–Tompkins QRS detector (modules/qrs-pan-tompkins) on the engine's own ECG II with artifacts, scored
 * against the beat scheduler's R times with a ±150 ms match window (AAMI EC57 style). Prints Se and +P.
 */
import { describe, expect, it } from 'vitest';
import { BedsideMonitor, type ArtifactSettings, type DeviceInput } from '../../twin-engine/devices/index';
import { decimate } from '../../twin-engine/modules-host/inputs';
import { PanTompkins, rrIrregularity } from '../../modules/qrs-pan-tompkins/pan-tompkins';
import { input } from '../devices/helpers';

const FS_HZ = 250;
const MATCH_S = 0.15;
const SKIP_S = 5;

interface Score {
  tp: number;
  fn: number;
  fp: number;
  se: number;
  ppv: number;
  detected: number[];
}

/** Generate `seconds` of ECG, detect at 250 Hz, and match detections to the scheduled R times. */
export function scoreQrs(inp: DeviceInput, artifacts: ArtifactSettings, seconds: number, seed = 11): Score {
  const m = new BedsideMonitor({ seed, skinToneMonk: 3, nibpIntervalS: 0, enabledChannels: ['ecg_ii'], artifacts });
  const det = new PanTompkins(FS_HZ);
  const truth: number[] = [];
  const detected: number[] = [];
  let seq = 0;
  for (let s = 0; s < seconds; s++) {
    for (let i = 0; i < 20; i++) {
      m.advance(inp, 0.05);
      const ring = m.sched.beats;
      for (; seq < ring.count; seq++) truth.push(ring.tRS[ring.slot(seq)]);
    }
    const pending = m.pendingSamples('ecg_ii');
    const t0S = m.timeS - pending / 500;
    const w = decimate({ t0S, sampleRateHz: 500, samples: m.drain('ecg_ii') }, FS_HZ);
    detected.push(...det.feed(w.samples, w.t0S));
  }
  const end = seconds - 1; // detections lag by < 1 s: score beats the detector could have reported
  const ref = truth.filter((t) => t > SKIP_S && t < end);
  const det2 = detected.filter((t) => t > SKIP_S && t < end);
  const used = new Set<number>();
  let tp = 0;
  for (const t of ref) {
    let best = -1;
    for (let j = 0; j < det2.length; j++) if (!used.has(j) && Math.abs(det2[j] - t) <= MATCH_S && (best < 0 || Math.abs(det2[j] - t) < Math.abs(det2[best] - t))) best = j;
    if (best >= 0) {
      used.add(best);
      tp++;
    }
  }
  const fn = ref.length - tp;
  const fp = det2.length - tp;
  return { tp, fn, fp, se: tp / (tp + fn), ppv: tp / (tp + fp), detected };
}

const fmt = (s: Score) => `Se ${(100 * s.se).toFixed(2)} %  +P ${(100 * s.ppv).toFixed(2)} %  (TP ${s.tp}, FN ${s.fn}, FP ${s.fp})`;

describe('Pan–Tompkins on the engine ECG', () => {
  const DUR_S = 600;
  it('clean sinus rhythm: Se and +P ≥ 99.5 %', () => {
    const s = scoreQrs(input({ hrBpm: 75 }), {}, DUR_S);
    console.log(`QRS clean sinus 75/min, ${DUR_S} s: ${fmt(s)}`);
    expect(s.se).toBeGreaterThanOrEqual(0.995);
    expect(s.ppv).toBeGreaterThanOrEqual(0.995);
  });

  it('sinus with motion + baseline wander + mains (0.5 each): Se and +P ≥ 97 %', () => {
    const s = scoreQrs(input({ hrBpm: 88 }), { motion: 0.5, baseline_wander: 0.5, mains: 0.5 }, DUR_S);
    console.log(`QRS sinus 88/min, motion/wander/mains 0.5, ${DUR_S} s: ${fmt(s)}`);
    expect(s.se).toBeGreaterThanOrEqual(0.97);
    expect(s.ppv).toBeGreaterThanOrEqual(0.97);
  });

  it('heavy artifacts (motion 1, wander 1, mains 1, shivering 0.5): measured and reported', () => {
    const s = scoreQrs(input({ hrBpm: 110 }), { motion: 1, baseline_wander: 1, mains: 1, shivering: 0.5 }, DUR_S);
    console.log(`QRS sinus 110/min, heavy artifacts, ${DUR_S} s: ${fmt(s)}`);
    expect(s.se).toBeGreaterThanOrEqual(0.9);
    expect(s.ppv).toBeGreaterThanOrEqual(0.9);
  });

  it('PVCs (10 % of beats) and dropout gaps: measured and reported', () => {
    const pvc = scoreQrs(input({ hrBpm: 80, pvcProbability: 0.1 }), { motion: 0.5 }, DUR_S);
    console.log(`QRS sinus 80/min + 10 % PVCs, motion 0.5, ${DUR_S} s: ${fmt(pvc)}`);
    expect(pvc.se).toBeGreaterThanOrEqual(0.99);
    expect(pvc.ppv).toBeGreaterThanOrEqual(0.99);
    // Beats inside NaN dropout gaps cannot be seen: they count as misses (EC57 would exclude them).
    const gaps = scoreQrs(input({ hrBpm: 80 }), { dropout: 0.5, motion: 0.5 }, DUR_S);
    console.log(`QRS sinus 80/min, dropout 0.5 + motion 0.5, ${DUR_S} s: ${fmt(gaps)}`);
    expect(gaps.se).toBeGreaterThanOrEqual(0.9);
    expect(gaps.ppv).toBeGreaterThanOrEqual(0.99);
  });

  it('AF at 110/min with motion 0.3: Se/+P ≥ 97 % and RR irregularity above the AF cut-off; sinus below', () => {
    const af = scoreQrs(input({ hrBpm: 110, rhythm: 'atrial_fibrillation' }), { motion: 0.3 }, 300);
    console.log(`QRS AF 110/min, motion 0.3, 300 s: ${fmt(af)}`);
    expect(af.se).toBeGreaterThanOrEqual(0.97);
    expect(af.ppv).toBeGreaterThanOrEqual(0.97);
    const rrAf = af.detected.slice(-33).map((t, i, a) => (i ? t - a[i - 1] : 0)).slice(1);
    const sinus = scoreQrs(input({ hrBpm: 80 }), { motion: 0.3 }, 120);
    const rrSinus = sinus.detected.slice(-33).map((t, i, a) => (i ? t - a[i - 1] : 0)).slice(1);
    console.log(`nRMSSD AF ${rrIrregularity(rrAf).toFixed(3)}, sinus ${rrIrregularity(rrSinus).toFixed(3)}`);
    expect(rrIrregularity(rrAf)).toBeGreaterThan(0.1);
    expect(rrIrregularity(rrSinus)).toBeLessThan(0.06);
  });
});
