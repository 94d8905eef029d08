/**
 * Persistent conditions are re-reported (modules/README.md § Persistent conditions): every reference
 * module repeats its finding every params.repeatS (default 900 s) while its condition persists, and
 * re-arms as before. A finding is an instant, so a condition raised long before a truth episode must be
 * re-reported or that episode counts as missed (evaluation/METRICS.md § Event level). Expected times are
 * hand-computed from each rule; the modules are called directly, outside the sandbox. SIMULATION ONLY.
 */
import { describe, expect, it } from 'vitest';
import createShock from '../../modules/shock-index/index';
import createNews2 from '../../modules/news2/index';
import createQsofa from '../../modules/qsofa/index';
import createSirs from '../../modules/sirs/index';
import createHypox from '../../modules/hypoxemia/index';
import createApnea from '../../modules/apnea-capnography/index';
import createSt from '../../modules/st-elevation/index';
import createQrs from '../../modules/qrs-pan-tompkins/index';
import { ctx, drive, ecgRun } from './drive-module';



const si = (hrBpm: number) => ({ numerics: { hrBpm, prBpm: null, artSysMmHg: 100, nibpSysMmHg: null } });

describe('shock index: re-reported every 15 min while ≥ 0.9 after reaching 1.0', () => {
  it('index 1.2 held for 2 h → findings at 30 s and every 900 s after: 30, 930, …, 6330', () => {
    const f = drive(createShock(), 7200, () => si(120));
    // first after 30 s ≥ 1.0 (t = 30), then 30 + 900k ≤ 7200 → k = 0…7
    expect(f.map((x) => x.t)).toEqual([30, 930, 1830, 2730, 3630, 4530, 5430, 6330]);
    expect(f[0].message).toBe('Shock index 1.20 (HR 120 / SBP 100)');
    expect(f[1].message).toBe('Shock index 1.20 (HR 120 / SBP 100), persisting');
  });

  it('0.9 ≤ index < 1.0 keeps the condition (hysteresis) and its repeats; < 0.9 re-arms and restarts the 30 s', () => {
    // 1.2 until 100 s, then 0.95: still raised, so repeats at 930 and 1830 carry 0.95 (medium, score 0.95/1.4)
    const held = drive(createShock(), 2000, (t) => si(t <= 100 ? 120 : 95));
    expect(held.map((x) => [x.t, x.severity])).toEqual([[30, 'medium'], [930, 'medium'], [1830, 'medium']]);
    expect(held[1].score).toBeCloseTo(0.95 / 1.4, 10);
    // 1.3 until 1000 s (high), 0.8 for 1001–1010 (re-armed at 1001), 1.3 again from 1011: 30 s ≥ 1.0 → 1040, then 1940
    const rearmed = drive(createShock(), 2000, (t) => si(t > 1000 && t <= 1010 ? 80 : 130));
    expect(rearmed.map((x) => x.t)).toEqual([30, 930, 1040, 1940]);
    expect(rearmed.map((x) => x.severity)).toEqual(['high', 'high', 'high', 'high']);
    expect(rearmed[2].message).not.toContain('persisting');
  });

  it('params.repeatS sets the interval', () => {
    expect(drive(createShock(ctx({ repeatS: 600 })), 2000, () => si(120)).map((x) => x.t)).toEqual([30, 630, 1230, 1830]);
  });
});

describe('NEWS2: repeated while the response band is low–medium or above', () => {
  it('a single red score repeats every 900 s; a band rise reports at once; the low band with ≤ 2 re-arms', () => {
    const normal = { rrBpm: 16, spo2Pct: 97, artSysMmHg: 125, nibpSysMmHg: null, hrBpm: 75, prBpm: 75, tempC: 37 };
    const f = drive(createNews2(ctx()), 3600, (t) => ({
      numerics: {
        ...normal,
        rrBpm: t <= 3000 || t > 3300 ? 25 : 16, // RR 25 scores 3 (red): total 3 → low–medium
        hrBpm: t > 1000 && t <= 3000 ? 135 : 75, // + HR 135 (3): total 6 → medium
      },
    }));
    // 60: first full 60-s window, RR median 25 → low–medium; 960: repeat; 1031: HR median flips (31 of 60 s
    // at 135) → medium, a rise, reported at once; 1931, 2831: repeats; 3031: both medians back to normal →
    // total 0, re-armed; 3331: RR median 25 again → a new rise although the last finding was 500 s before.
    expect(f.map((x) => [x.t, x.severity, x.evidence?.news2])).toEqual([
      [60, 'low', 3], [960, 'low', 3], [1031, 'medium', 6], [1931, 'medium', 6], [2831, 'medium', 6], [3331, 'low', 3],
    ]);
    expect(f[1].message).toContain('persisting');
    expect(f[2].message).not.toContain('persisting');
  });
});

describe('qSOFA and SIRS: repeated while positive', () => {
  it('qSOFA: RR 24 and SBP 96 from 101 s → 131, 1031, 1931; 5 min negative re-arms; positive again → at once', () => {
    const sick = (t: number) => (t > 100 && t <= 2000) || t > 2400;
    const f = drive(createQsofa(), 3000, (t) => ({ numerics: { rrBpm: sick(t) ? 24 : 16, artSysMmHg: sick(t) ? 96 : 120, nibpSysMmHg: null } }));
    // medians flip at 131 and 2031 (negative; 300 s negative → re-armed at 2330), 2431 positive again
    expect(f.map((x) => x.t)).toEqual([131, 1031, 1931, 2431]);
  });

  it('SIRS: temperature 38.6 and HR 112 from 121 s → 151, 1051, 1951', () => {
    const f = drive(createSirs(), 2000, (t) => ({ numerics: t > 120 ? { tempC: 38.6, hrBpm: 112, prBpm: 112, rrBpm: 18 } : { tempC: 37, hrBpm: 80, prBpm: 80, rrBpm: 14 } }));
    expect(f.map((x) => [x.t, x.score])).toEqual([[151, 0.5], [1051, 0.5], [1951, 0.5]]);
  });
});

describe('hypoxaemia: repeated while the 15-s median stays below 90 %', () => {
  it('SpO2 84 then 88 → 15, 915 (high), 1815, 2715 (medium: severity follows the depth now)', () => {
    const f = drive(createHypox(), 3600, (t) => ({ numerics: { spo2Pct: t <= 1000 ? 84 : 88 } }));
    expect(f.map((x) => [x.t, x.severity])).toEqual([[15, 'high'], [915, 'high'], [1815, 'medium'], [2715, 'medium']]);
    expect(f[1].message).toBe('SpO2 84 % (median of 15 s) below 90 %, persisting');
  });
});

describe('apnoea: repeated every 900 s of continued apnoea', () => {
  const co2 = (breathing: boolean, t: number) => {
    const s = new Float32Array(25);
    for (let i = 0; i < 25; i++) s[i] = breathing && (t + i / 25) % 4 < 1.5 ? 38 : 0; // one breath per 4 s
    return { co2: { t0S: t - 1, sampleRateHz: 25, samples: s } };
  };
  it('last breath at 28 s → 48 s (20.96 s), then 948 and 1848; breathing from 1901 s re-arms', () => {
    const f = drive(createApnea(ctx({ apneaS: 20 })), 2000, (t) => ({ waveforms: co2(t <= 30 || t > 1900, t) }));
    // The last upstroke is the first sample of second 28's chunk, so 24 samples (0.96 s) of it follow:
    // 20.96 s at the end of second 48 (19.96 at 47), 920.96 at 948 (900 s more), 1820.96 at 1848.
    expect(f.map((x) => [x.t, x.evidence?.secondsSinceBreath])).toEqual([[48, 21], [948, 921], [1848, 1821]]);
  });
});


describe('ECG modules: repeated while the rhythm or ST elevation persists', () => {
  it('ST elevation 2 mm for 1000 s → the first finding within the first minute, the second exactly 900 s later', () => {
    const f = ecgRun(createSt(ctx()), 1000, { hrBpm: 75, stElevationMm: 2 });
    expect(f).toHaveLength(2);
    expect(f[0].t).toBeLessThanOrEqual(60); // 16 beats (≈ 13 s at 75/min) + 30 s sustained
    expect(f[1].t - f[0].t).toBe(900);
    expect(f[1].message).toContain('(persisting)');
  }, 60_000);

  it('AF at 120/min for 1000 s → AF and tachycardia each reported twice, 900 s apart', () => {
    const f = ecgRun(createQrs(), 1000, { rhythm: 'atrial_fibrillation', hrBpm: 120 });
    for (const label of ['atrial_fibrillation', 'tachycardia']) {
      const t = f.filter((x) => x.label === label).map((x) => x.t);
      expect(t).toHaveLength(2);
      expect(t[1] - t[0]).toBe(900);
    }
  }, 60_000);
});
