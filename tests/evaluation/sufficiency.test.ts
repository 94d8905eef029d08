/** The too-few-episodes rule (METRICS.md § Enough episodes) on hand-computed cases. SIMULATION ONLY. */
import { describe, expect, it } from 'vitest';
import type { ConditionResult } from '../../twin-engine/evaluation/evaluate';
import { MIN_TARGET_EPISODES, sufficiency, sufficiencyWarning } from '../../twin-engine/evaluation/sufficiency';

const cond = (episodes: number) => ({ module: { events: { episodes } } }) as unknown as ConditionResult;

describe('sufficiency', () => {
  it('is 20 target episodes, the fewest over the artifact conditions', () => {
    expect(MIN_TARGET_EPISODES).toBe(20);
    const s = sufficiency({ clean: cond(25), artifacts: cond(20) }, 32, 4 * 3600, ['shock']);
    expect(s).toEqual({ minTargetEpisodes: 20, targetEpisodes: 20, sufficient: true, advice: null });
    expect(sufficiencyWarning(s)).toBeNull();
  });
  it('8 episodes in 16 patients of 3 h: advise ⌈16·20/8·1.1⌉ = 44 patients', () => {
    const s = sufficiency({ clean: cond(8) }, 16, 3 * 3600, ['shock']);
    expect(s.sufficient).toBe(false);
    expect(sufficiencyWarning(s)).toBe(
      'TOO FEW TARGET EPISODES: 8 (minimum 20). The figures below are not evidence about this module. about 44 patients of this cohort (--n 44) would give ≥ 20; it gave 8 in 16 patients of 3 h.',
    );
  });
  it('no episode at all: name the cohorts to use instead', () => {
    const s = sufficiency({ clean: cond(0), artifacts: cond(0) }, 16, 3 * 3600, ['shock', 'septic_shock']);
    expect(s.advice).toBe('no shock/septic_shock episode occurred in 16 patients of 3 h: use a cohort whose outcomes list shock or septic_shock (scenarios/cohorts/README.md), or a longer --duration');
  });
  it('states a short run in minutes and one patient in the singular', () => {
    const s = sufficiency({ clean: cond(0) }, 1, 120, ['hypoxemia']);
    expect(s.advice).toBe('no hypoxemia episode occurred in 1 patient of 2 min: use a cohort whose outcomes list hypoxemia (scenarios/cohorts/README.md), or a longer --duration');
  });
});
