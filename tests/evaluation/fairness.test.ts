/** Subgroup breakdown: groups, gaps against the rest of the cohort, flags. */
import { describe, expect, it } from 'vitest';
import { summarisePatient } from '../../twin-engine/evaluation/event-metrics';
import { fairnessTable, FACTORS } from '../../twin-engine/evaluation/fairness';
import { DEFAULT_SCORING, type PatientRecord } from '../../twin-engine/evaluation/types';

const O = { ...DEFAULT_SCORING, targets: ['shock'], bootstrapB: 200 };
const rec = (i: number, sex: 'female' | 'male', detected: boolean, skinToneMonk: number, ageY: number): PatientRecord => ({
  index: i, id: `p${i}`, condition: 'clean', deteriorates: true, durationS: 3600,
  profile: { sex, ageY, skinToneMonk, comorbidities: i === 0 ? ['copd'] : [] },
  episodes: [{ label: 'shock', onsetS: 1000, offsetS: 2000, severity: 'moderate' }],
  module: detected ? [{ tS: 1100, labels: ['shock'], score: 1, endS: null, technical: false, code: 'shock' }] : [],
  monitor: [],
});

describe('fairness table', () => {
  const records = [rec(0, 'female', true, 2, 30), rec(1, 'female', true, 9, 50), rec(2, 'male', false, 5, 70), rec(3, 'male', false, 9, 85)];
  const rows = fairnessTable(records.map((r) => r.profile), records.map((r) => summarisePatient(r, 'module', O)), O);
  const row = (f: string, g: string) => rows.find((r) => r.factor === f && r.group === g)!;
  it('has one row per group of sex, age band, Monk group (1–4 / 5–7 / 8–10) and comorbidity', () => {
    expect(rows.length).toBe(FACTORS.reduce((s, f) => s + f.groups.length, 0));
    expect(row('skin_tone', 'monk_8-10').patients).toBe(2);
    expect(row('skin_tone', 'monk_5-7').patients).toBe(1);
    expect(row('age_band', '80+').patients).toBe(1);
    expect(row('comorbidity', 'copd').patients).toBe(1);
    expect(row('comorbidity', 'none').patients).toBe(3);
  });
  it('female 2/2 vs male 0/2: gap +1 with a Newcombe interval excluding 0 → flagged, low power', () => {
    const f = row('sex', 'female');
    expect(f.sensitivity.value).toBe(1);
    expect(f.gaps.sensitivity.value).toBe(1);
    expect(f.gaps.sensitivity.lo).toBeGreaterThan(0);
    expect(f.flagged).toContain('sensitivity');
    expect(f.lowPower).toBe(true);
    expect(row('sex', 'male').gaps.sensitivity.value).toBe(-1);
  });
  it('a group equal to the rest is not flagged', () => {
    const g = row('skin_tone', 'monk_8-10'); // 1/2 detected vs 1/2 in the rest
    expect(g.gaps.sensitivity.value).toBe(0);
    expect(g.flagged).not.toContain('sensitivity');
  });
});
