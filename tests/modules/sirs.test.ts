/** SIRS (Bone et al. 1992) on hand-computed cases, called directly outside the sandbox. SIMULATION ONLY. */
import { describe, expect, it } from 'vitest';
import { sirs } from '../../modules/sirs/sirs';
import createSirs from '../../modules/sirs/index';
import { findingsOf, scoresOf, type ModuleEvent } from '../../twin-engine/modules-host/contract';

const V = { paco2MmHg: null, wbc10e9L: null };

describe('SIRS criteria (Bone et al., Chest 1992)', () => {
  it('one point per criterion, strict inequalities at the published cut-offs; positive at ≥ 2', () => {
    expect(sirs({ tempC: 38, hrBpm: 90, rrBpm: 20, ...V })).toMatchObject({ points: 0, positive: false }); // all exactly at the limits
    expect(sirs({ tempC: 38.1, hrBpm: 91, rrBpm: 20, ...V })).toMatchObject({ points: 2, positive: true });
    expect(sirs({ tempC: 35.9, hrBpm: 80, rrBpm: 21, ...V })).toMatchObject({ points: 2, criteria: { temp: true, hr: false, resp: true, wbc: false } });
    expect(sirs({ tempC: 37, hrBpm: 80, rrBpm: 14, paco2MmHg: 31, wbc10e9L: 3.9 })).toMatchObject({ points: 2, criteria: { resp: true, wbc: true } });
    expect(sirs({ tempC: 37, hrBpm: 80, rrBpm: 14, paco2MmHg: 32, wbc10e9L: 12 })).toMatchObject({ points: 0 });
    expect(sirs({ tempC: 39, hrBpm: 120, rrBpm: 28, paco2MmHg: 28, wbc10e9L: 18 })).toMatchObject({ points: 4 });
  });

  it('the module: 60-s medians, one finding when ≥ 2, the criteria count each minute; a resulted WBC adds its point', () => {
    const mod = createSirs();
    const findings: { t: number; score: number }[] = [];
    const scores: { t: number; value: number }[] = [];
    for (let t = 1; t <= 240; t++) {
      const sick = t > 120;
      const events: ModuleEvent[] = t === 200 ? [{ kind: 'lab', simTimeS: t, test: 'wbc', value: 15.2, unit: '×10⁹/L' }] : [];
      const numerics = sick ? { tempC: 38.6, hrBpm: 112, prBpm: 112, rrBpm: 18 } : { tempC: 37, hrBpm: 80, prBpm: 80, rrBpm: 14 };
      const a = mod.onSecond({ bedId: 'b', simTimeS: t, numerics, waveforms: {}, events });
      findings.push(...findingsOf(a).map((f) => ({ t, score: f.score })));
      scores.push(...scoresOf(a).map((s) => ({ t, value: s.value })));
    }
    // Medians flip when 31 of 60 s are sick (t = 151): temperature + HR = 2 → one finding, score 2/4.
    expect(findings).toEqual([{ t: 151, score: 0.5 }]);
    // 60 and 120: healthy (0); 180: temperature + HR (2); 240: + WBC 15.2 > 12 (3).
    expect(scores).toEqual([{ t: 60, value: 0 }, { t: 120, value: 0 }, { t: 180, value: 2 }, { t: 240, value: 3 }]);
  });
});
