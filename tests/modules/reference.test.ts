/** Reference modules on hand-computed cases (called directly, outside the sandbox). */
import { describe, expect, it } from 'vitest';
import { qsofa } from '../../modules/qsofa/qsofa';
import createQsofa from '../../modules/qsofa/index';
import createShock, { shockIndex } from '../../modules/shock-index/index';
import createHypox from '../../modules/hypoxemia/index';
import createApnea from '../../modules/apnea-capnography/index';
import createQrs from '../../modules/qrs-pan-tompkins/index';
import createSt from '../../modules/st-elevation/index';
import { ctx, drive, ecgRun } from './drive-module';



describe('qSOFA (Singer et al. 2016)', () => {
  it('scores 1 point per criterion, positive at ≥ 2', () => {
    expect(qsofa({ rrBpm: 22, sbpMmHg: 100, alteredMentation: false })).toMatchObject({ points: 2, positive: true });
    expect(qsofa({ rrBpm: 21, sbpMmHg: 100, alteredMentation: false })).toMatchObject({ points: 1, positive: false });
    expect(qsofa({ rrBpm: 21, sbpMmHg: 101, alteredMentation: true })).toMatchObject({ points: 1, positive: false });
    expect(qsofa({ rrBpm: 30, sbpMmHg: 80, alteredMentation: true })).toMatchObject({ points: 3, positive: true });
  });

  it('the module needs both monitor criteria (mentation unobservable) on 60-s medians', () => {
    const f = drive(createQsofa(), 200, (t) => ({ numerics: { rrBpm: t > 100 ? 24 : 16, artSysMmHg: t > 100 ? 96 : 120, nibpSysMmHg: null } }));
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ t: 131, label: 'sepsis', score: 2 / 3 }); // median flips at 31 of 60 sick seconds
    const onlyRr = drive(createQsofa(), 200, () => ({ numerics: { rrBpm: 30, artSysMmHg: 120, nibpSysMmHg: null } }));
    expect(onlyRr).toEqual([]);
  });
});

describe('shock index (HR/SBP)', () => {
  it('HR 120 / SBP 100 = 1.2; one finding after 30 s, re-armed below 0.9', () => {
    expect(shockIndex(120, 100)).toBeCloseTo(1.2);
    const f = drive(createShock(), 200, (t) => ({ numerics: { hrBpm: t <= 100 || t > 150 ? (t > 150 ? 80 : 120) : 120, artSysMmHg: t <= 100 || (t > 150 && t < 160) ? 100 : 100, prBpm: null, nibpSysMmHg: null } }));
    expect(f[0]).toMatchObject({ t: 30, label: 'shock', severity: 'medium', message: 'Shock index 1.20 (HR 120 / SBP 100)' });
    expect(f.map((x) => x.t)).toEqual([30]);
    const g = drive(createShock(), 200, (t) => ({ numerics: { hrBpm: t <= 60 || t > 120 ? 130 : 70, artSysMmHg: 100, prBpm: null, nibpSysMmHg: null } }));
    expect(g.map((x) => x.t)).toEqual([30, 150]); // dropped to 0.7 (< 0.9) in between: re-armed, fires again after 30 s
    expect(g[0].severity).toBe('high'); // 1.3
  });
});

describe('hypoxaemia alert', () => {
  it('median of 15 s < 90 % fires once; depth sets severity; re-arms after 30 s ≥ 92 %', () => {
    const spo2 = (t: number) => (t <= 20 ? 97 : t <= 60 ? 84 : t <= 100 ? 95 : 88);
    const f = drive(createHypox(), 160, (t) => ({ numerics: { spo2Pct: spo2(t) } }));
    expect(f.map((x) => [x.t, x.severity])).toEqual([[28, 'high'], [108, 'medium']]);
    expect(f[0].message).toBe('SpO2 84 % (median of 15 s) below 90 %');
  });

  it('ignores probe-off (null) seconds', () => {
    expect(drive(createHypox(), 100, () => ({ numerics: { spo2Pct: null } }))).toEqual([]);
  });
});

describe('apnoea from capnography', () => {
  const co2 = (breathing: boolean, t: number) => {
    const s = new Float32Array(25);
    for (let i = 0; i < 25; i++) {
      const ph = (t + i / 25) % 4; // one breath per 4 s: 1.5 s expiratory plateau at 38 mmHg
      s[i] = breathing && ph < 1.5 ? 38 : 0;
    }
    return { co2: { t0S: t - 1, sampleRateHz: 25, samples: s } };
  };
  it('no breath for 20 s → one finding; the next breath re-arms', () => {
    const f = drive(createApnea(ctx({ apneaS: 20 })), 120, (t) => ({ waveforms: co2(t <= 30 || t > 80, t) }));
    expect(f).toHaveLength(1);
    // last breath starts at t = 28 s (phase 0 of the 4-s cycle); 20 s later is 48 s, reported at the end of second 48
    expect(f[0]).toMatchObject({ t: 48, label: 'respiratory_failure', severity: 'high' });
  });
  it('NaN gaps pause the apnoea clock', () => {
    const gap = { co2: { t0S: 0, sampleRateHz: 25, samples: new Float32Array(25).fill(NaN) } };
    const f = drive(createApnea(ctx()), 120, (t) => ({ waveforms: t <= 10 ? co2(true, t) : gap }));
    expect(f).toEqual([]);
  });
});


describe('ECG rhythm module (Pan–Tompkins + RR irregularity)', () => {
  it('AF at 120/min → atrial_fibrillation and tachycardia; sinus 75 → nothing; sinus 42 → bradycardia', () => {
    const af = ecgRun(createQrs(), 150, { rhythm: 'atrial_fibrillation', hrBpm: 120 });
    expect(af.map((f) => f.label).sort()).toEqual(['atrial_fibrillation', 'tachycardia']);
    expect(ecgRun(createQrs(), 150, { hrBpm: 75 })).toEqual([]);
    const brady = ecgRun(createQrs(), 150, { hrBpm: 42 });
    expect(brady.map((f) => f.label)).toEqual(['bradycardia']);
    expect(brady[0].evidence?.hrBpm).toBeGreaterThanOrEqual(40);
    expect(brady[0].evidence?.hrBpm).toBeLessThanOrEqual(44);
  });
});

describe('ST-elevation detector', () => {
  it('measures the generator\'s ST elevation within 0.5 mm and fires at 2 mm, not at 0 or 0.5 mm', () => {
    const st2 = ecgRun(createSt(ctx()), 90, { hrBpm: 75, stElevationMm: 2 });
    expect(st2.map((f) => f.label)).toEqual(['st_elevation']);
    expect(Math.abs(Number(st2[0].evidence?.stMm) - 2)).toBeLessThanOrEqual(0.5);
    expect(ecgRun(createSt(ctx()), 90, { hrBpm: 75, stElevationMm: 0 })).toEqual([]);
    expect(ecgRun(createSt(ctx()), 90, { hrBpm: 110, stElevationMm: 0.5 })).toEqual([]);
  });
});
