/**
 * Cohort sampling matches the cohort file's distributions. Tolerances are stated per check: shares
 * within 3 binomial standard errors, means within 3 standard errors of the mean (for n = 200 each
 * check fails by chance with p ≈ 0.003; the seed is fixed, so the test is deterministic).
 */
import { describe, expect, it } from 'vitest';
import { parseCohort, sampleCohort, formatDiagnostic, type Cohort } from '../../twin-engine/scenario/index';
import { readLib } from './helpers';
import { CONFOUNDER_KEYS } from '../../twin-engine/scenario/vocab';
import { CONFOUNDERS, type Confounders } from '../../twin-engine/physiology/types';

const N = 200;

function load(): Cohort {
  const r = parseCohort(readLib('cohorts/sepsis-ward.yaml'), 'cohorts/sepsis-ward.yaml', readLib);
  if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join('\n'));
  return r.value;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
function expectShare(k: number, n: number, p: number, what: string): void {
  const se = Math.sqrt((p * (1 - p)) / n);
  expect(Math.abs(k / n - p), `${what}: ${k}/${n} vs ${p}`).toBeLessThanOrEqual(3 * se);
}

describe('cohort sampling', () => {
  const cohort = load();
  const xs = sampleCohort(cohort, N, 20240601);

  it('is deterministic per seed, and instance i does not depend on n', () => {
    expect(sampleCohort(cohort, N, 20240601)).toEqual(xs);
    expect(sampleCohort(cohort, 50, 20240601)).toEqual(xs.slice(0, 50));
    expect(sampleCohort(cohort, 5, 7)).not.toEqual(xs.slice(0, 5));
  });

  it('never-deteriorate share, sex and comorbidity prevalence match (±3 SE)', () => {
    expectShare(xs.filter((x) => !x.deteriorates).length, N, 0.4, 'never deteriorate');
    expectShare(xs.filter((x) => x.profile.sex === 'female').length, N, 0.52, 'female');
    for (const [c, p] of Object.entries({ copd: 0.15, heart_failure: 0.12, diabetes: 0.25, ckd: 0.1 })) {
      expectShare(xs.filter((x) => x.profile.comorbidities.includes(c as never)).length, N, p, c);
    }
  });

  it('age and height follow their normals (mean ±3 SE, SD within 20 %), within bounds', () => {
    const ages = xs.map((x) => x.profile.ageY);
    // Ages are floored to whole years: expected mean 66 − 0.5. Truncation at 18/100 is > 2.4 SD away: negligible.
    expect(Math.abs(mean(ages) - 65.5)).toBeLessThanOrEqual((3 * 14) / Math.sqrt(N));
    expect(sd(ages)).toBeGreaterThan(14 * 0.8);
    expect(sd(ages)).toBeLessThan(14 * 1.2);
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(18);
    expect(Math.max(...ages)).toBeLessThanOrEqual(100);
    const heights = xs.map((x) => x.profile.heightCm);
    expect(Math.abs(mean(heights) - 170)).toBeLessThanOrEqual((3 * 9) / Math.sqrt(N));
  });

  it('weight follows its lognormal (median 76 kg, GSD 1.2: mean of log ±3 SE)', () => {
    const logs = xs.map((x) => Math.log(x.profile.weightKg));
    expect(Math.abs(mean(logs) - Math.log(76))).toBeLessThanOrEqual((3 * Math.log(1.2)) / Math.sqrt(N));
  });

  it('skin tones cover the scale with the stated shares (each ±3 SE)', () => {
    const p = [0.08, 0.14, 0.16, 0.12, 0.1, 0.1, 0.1, 0.08, 0.07, 0.05];
    p.forEach((pi, i) => expectShare(xs.filter((x) => x.profile.skinToneMonk === i + 1).length, N, pi, `tone ${i + 1}`));
  });

  it('scenario parameters are sampled within the declared ranges and bound into the scenario', () => {
    const det = xs.filter((x) => x.deteriorates);
    for (const x of det) {
      expect(x.params.onset).toBeGreaterThanOrEqual(300);
      expect(x.params.onset).toBeLessThanOrEqual(3600);
      expect(x.params.severity).toBeGreaterThanOrEqual(0.7);
      expect(x.params.severity).toBeLessThanOrEqual(1);
      const start = x.scenario.timeline.find((t) => t.action.type === 'start_condition')!;
      expect(start.atS).toBe(x.params.onset);
      expect((start.action.value as { severity: number }).severity).toBe(x.params.severity);
      expect(x.scenario.patient.ageY).toBe(x.profile.ageY);
    }
    const onsets = det.map((x) => x.params.onset);
    // Uniform 5 min..60 min: mean 1950 s, SD 3300/√12 = 952.6 s.
    expect(Math.abs(mean(onsets) - 1950)).toBeLessThanOrEqual((3 * 952.6) / Math.sqrt(det.length));
    for (const x of xs.filter((y) => !y.deteriorates)) {
      expect(x.scenario.conditions).toEqual([]);
      expect(x.scenario.timeline).toEqual([]);
      expect(x.scenarioFile).toBeNull();
    }
  });
});

describe('cohort outcomes', () => {
  const text = (outcomes: string) => `kind: cohort\nid: x\ntitle: X\nscenario: ../sepsis-urosepsis.yaml\nnever_deteriorate: 0.5\nduration: 2 h\noutcomes:\n${outcomes}\n`;
  const errs = (outcomes: string) => {
    const r = parseCohort(text(outcomes), 'cohorts/x.yaml', readLib);
    return r.ok ? [] : r.diagnostics.map((d) => d.message);
  };
  it('accepts a stated outcome inside the duration and reads it in base units', () => {
    const r = parseCohort(text('  shock: { incidence: 0.4, onset: { uniform: { min: 10 min, max: 2 h } }, source: "docs" }'), 'cohorts/x.yaml', readLib);
    if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join('\n'));
    expect(r.value.durationS).toBe(7200);
    expect(r.value.outcomes.shock).toEqual({ incidence: 0.4, onset: { type: 'uniform', min: 600, max: 7200 }, source: 'docs' });
  });
  it('refuses an unknown label, an onset past the duration and an incidence above the deteriorating share', () => {
    expect(errs('  shok: { incidence: 0.4, onset: { fixed: 1 h }, source: "docs" }')).toEqual(["expected a truth episode label, found 'shok'"]);
    expect(errs('  shock: { incidence: 0.4, onset: { uniform: { min: 1 h, max: 3 h } }, source: "docs" }')).toEqual([
      "expected an onset within the cohort's duration (120 min), found one reaching 180 min; bound it with max or lengthen duration",
    ]);
    expect(errs('  shock: { incidence: 0.6, onset: { fixed: 1 h }, source: "docs" }')).toEqual(['expected at most the deteriorating share (1 − never_deteriorate = 0.50), found 0.6']);
  });
});

describe('cohort confounders (profile.confounders)', () => {
  const cohort = load();
  const xs = sampleCohort(cohort, N, 20240601);
  const header = `kind: cohort\nid: x\ntitle: X\nscenario: ../sepsis-urosepsis.yaml\nnever_deteriorate: 0.5\nprofile:\n`;
  const errs = (profile: string) => {
    const r = parseCohort(header + profile, 'cohorts/x.yaml', readLib);
    return r.ok ? [] : r.diagnostics.map((d) => `${d.path}: ${d.message}`);
  };

  it('are drawn with the file’s shares (β-blocker 13.4 %, afebrile 60 %, non-bacterial fever 25 %, permanent AF 18.3 %, treated hypertension 67 %; ±3 SE) as named profile data', () => {
    expectShare(xs.filter((x) => x.profile.confounders?.betaBlocker === true).length, N, 0.134, 'beta_blocker');
    expectShare(xs.filter((x) => x.profile.confounders?.afebrileResponse === true).length, N, 0.6, 'afebrile_response');
    expectShare(xs.filter((x) => x.profile.confounders?.nonBacterialFever === true).length, N, 0.25, 'non_bacterial_fever');
    const af = xs.map((x) => x.profile.confounders?.chronicAfRateBpm).filter((r) => r !== undefined);
    expectShare(af.length, N, 0.183, 'chronic_af');
    // RACE II lenient arm 93 ± 8/min (groenveld-2013), truncated at 109: mean within 3 SE of ≈ 92.6.
    expect(Math.abs(mean(af) - 92.6)).toBeLessThanOrEqual((3 * 8) / Math.sqrt(af.length));
    for (const r of af) expect(r).toBeLessThanOrEqual(109);
    expectShare(xs.filter((x) => x.profile.confounders?.treatedHypertension === true).length, N, 0.67, 'treated_hypertension');
    expectShare(xs.filter((x) => x.profile.confounders?.containedInfection === true).length, N, 0.108, 'contained_infection');
    for (const x of xs) expect(Object.keys(x.profile.confounders ?? {}).every((k) => (CONFOUNDERS as readonly string[]).includes(k))).toBe(true);
  });

  it('draw a heart-failure systolic for every heart-failure patient and for no one else (huang-2022: 123.2 ± 19.0 mmHg)', () => {
    const hf = xs.filter((x) => x.profile.comorbidities.includes('heart_failure'));
    expect(hf.length).toBeGreaterThan(0);
    for (const x of xs) expect(x.profile.confounders?.heartFailureSbpMmHg !== undefined, x.id).toBe(x.profile.comorbidities.includes('heart_failure'));
    const sbp = hf.map((x) => x.profile.confounders!.heartFailureSbpMmHg!);
    expect(Math.abs(mean(sbp) - 123.2)).toBeLessThanOrEqual((3 * 19) / Math.sqrt(sbp.length));
    for (const v of sbp) expect(v >= 80 && v <= 180).toBe(true);
  });

  it('keep the earlier confounders’ draws when later ones are added to the file (each key draws in a fixed order)', () => {
    const earlier: Cohort = { ...cohort, profile: { ...cohort.profile, confounders: { ...cohort.profile.confounders, containedInfection: undefined, heartFailureSbpMmHg: undefined } } };
    const ys = sampleCohort(earlier, N, 20240601);
    const keep = (c: Confounders | undefined) => ({ ...c, containedInfection: undefined, heartFailureSbpMmHg: undefined });
    expect(ys.map((y) => keep(y.profile.confounders))).toEqual(xs.map((x) => keep(x.profile.confounders)));
  });

  it('leave every other draw as it was: the same cohort without them samples the same patients', () => {
    const plain: Cohort = { ...cohort, profile: { ...cohort.profile, confounders: null } };
    const ys = sampleCohort(plain, N, 20240601);
    const strip = ({ confounders: _c, ...p }: (typeof xs)[number]['profile']) => p;
    expect(ys.map((y) => ({ ...y, profile: strip(y.profile) }))).toEqual(xs.map((x) => ({ ...x, profile: strip(x.profile) })));
    expect(ys.every((y) => y.profile.confounders === undefined)).toBe(true);
  });

  it('a cohort file can name every confounder the engine implements, each once', () => {
    expect(Object.values(CONFOUNDER_KEYS).sort()).toEqual([...CONFOUNDERS].sort());
  });

  it('refuses a share outside 0..1 and an unknown confounder, naming the place', () => {
    expect(errs('  confounders: { beta_blocker: 1.5 }')).toEqual([expect.stringMatching(/^profile\.confounders\.beta_blocker: expected a share .*1\.5/)]);
    const unknown = errs('  confounders: { beta_blockers: 0.2 }');
    expect(unknown).toHaveLength(1);
    expect(unknown[0]).toMatch(/^profile\.confounders\.beta_blockers: .*beta_blocker/);
  });
});
