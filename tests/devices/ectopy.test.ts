/**
 * Ectopy from the model state (core/device-input.ts, devices/beats.ts): PVCs and PACs, isolated and in
 * couplets, labelled in the beat stream. Figures checked against hand computation from the stated model.
 */
import { describe, expect, it } from 'vitest';
import { BEAT_NORMAL, BEAT_PAC, BEAT_PVC } from '../../twin-engine/devices/beats';
import { createDeviceInput, ectopyFactor, updateDeviceInput } from '../../twin-engine/core/device-input';
import type { TrueState } from '../../twin-engine/physiology/index';
import { input, monitor, run } from './helpers';

const rest = { hrBpm: 70, sao2Pct: 97, potassiumMmolL: 4.2, stElevationMm: 0, ph: 7.4 } as unknown as TrueState;

describe('ectopy', () => {
  it('baseline ~1 PVC and ~3 PACs per hour at 70/min; hypokalaemia, hypoxaemia and tachycardia raise them', () => {
    const inp = createDeviceInput();
    updateDeviceInput({ ...createState(), ...rest } as TrueState, inp);
    // per beat × beats per hour: 1/4200 × 4200 = 1 PVC/h; 3 PAC/h
    expect(inp.pvcProbability! * 70 * 60).toBeCloseTo(1, 5);
    expect(inp.pacProbability! * 70 * 60).toBeCloseTo(3, 5);
    expect(ectopyFactor(rest, false)).toBe(1);
    // K 3.0: 1 + 8 × 0.5 = 5; SaO2 84 %: 1 + 0.5 × 6 = 4; HR 130: 1 + 40/20 = 3
    expect(ectopyFactor({ ...rest, potassiumMmolL: 3.0 }, false)).toBeCloseTo(5, 10);
    expect(ectopyFactor({ ...rest, sao2Pct: 84 }, false)).toBeCloseTo(4, 10);
    expect(ectopyFactor({ ...rest, hrBpm: 130 }, false)).toBeCloseTo(3, 10);
  });

  it('PVCs and PACs appear in the beat stream as isolated beats and couplets at about the set rate', () => {
    const m = monitor({ enabledChannels: [] });
    const inp = input({ hrBpm: 75, pvcProbability: 0.05, pacProbability: 0.05 });
    const kinds: number[] = [];
    let seq = 0;
    for (let s = 0; s < 600; s++) {
      run(m, inp, 1);
      const b = m.sched.beats;
      for (; seq < b.count; seq++) kinds.push(b.kind[b.slot(seq)]);
    }
    const n = kinds.length;
    const v = kinds.filter((k) => k === BEAT_PVC).length / n;
    const a = kinds.filter((k) => k === BEAT_PAC).length / n;
    // each normal beat triggers an ectopic with p = 0.05; couplets (p 0.1) add a little: ~4–7 % of beats each
    expect(v).toBeGreaterThan(0.03);
    expect(v).toBeLessThan(0.08);
    expect(a).toBeGreaterThan(0.03);
    expect(a).toBeLessThan(0.08);
    let couplets = 0;
    let isolated = 0;
    for (let i = 1; i < n - 1; i++) {
      if (kinds[i] === BEAT_PVC && kinds[i - 1] !== BEAT_PVC) {
        if (kinds[i + 1] === BEAT_PVC) couplets++;
        else if (kinds[i + 1] === BEAT_NORMAL) isolated++;
      }
    }
    expect(isolated).toBeGreaterThan(10);
    expect(couplets).toBeGreaterThan(0);
    expect(couplets).toBeLessThan(isolated);
  });

  it('a healthy resting bed has no ectopy in a short run, and its beat timing is unchanged by the ectopy draws', () => {
    const a = monitor({ enabledChannels: [] });
    const b = monitor({ enabledChannels: [] });
    const quiet = input({ hrBpm: 70 });
    const rare = input({ hrBpm: 70, pvcProbability: 1e-9, pacProbability: 1e-9 });
    run(a, quiet, 120);
    run(b, rare, 120);
    expect(Array.from(a.sched.beats.tRS)).toEqual(Array.from(b.sched.beats.tRS));
  });
});

function createState(): Partial<TrueState> {
  return { rhythm: 'sinus', sbpMmHg: 120, dbpMmHg: 80, mapMmHg: 93, svMl: 70, rrBpm: 14, tidalVolumeMl: 500, etco2MmHg: 38, coreTempC: 37, peripheralPerfusion: 1, qrsWidthMs: 90, cprActive: false, apnea: false, intubated: false };
}
