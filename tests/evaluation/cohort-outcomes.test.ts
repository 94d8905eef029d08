/**
 * Each cohort in scenarios/cohorts/ delivers what its file states: the share of patients with at least
 * one truth episode of each stated outcome, and that episode's onset inside the stated onset range.
 * Episodes come from the real evaluation path (runEvaluation → simulateCohort → the session's truth
 * episodes), the same records `wardtwin eval` scores.
 *
 * Tolerance: the count k of N patients with the outcome is Binomial(N, p) with p the stated incidence,
 * so |k/N − p| ≤ 3·√(p(1−p)/N) (fails by chance with p ≈ 0.003 for a fair cohort; the seed is fixed, so
 * the test is deterministic). N = 40 keeps the test at a few patient-minutes of CPU per cohort.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCohortFile } from '../../twin-engine/node/eval-cohort';
import { runEvaluation } from '../../twin-engine/node/eval-run';

const N = 40;
const DIR = 'scenarios/cohorts';
const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();

describe('cohort library', () => {
  it('has the five settings of issue 13, each stating its outcomes and duration', () => {
    expect(files).toEqual(['opioid-pca.yaml', 'postop-ward.yaml', 'respiratory-ward.yaml', 'sepsis-ward.yaml', 'telemetry.yaml']);
    for (const f of files) {
      const c = loadCohortFile(`${DIR}/${f}`);
      expect(Object.keys(c.outcomes).length, f).toBeGreaterThan(0);
      expect(c.durationS, f).not.toBeNull();
      for (const o of Object.values(c.outcomes)) expect(o.source, f).toMatch(/docs\/REFERENCES\.md#[a-z0-9-]+/);
    }
  });

  for (const f of files) {
    it(`${f}: episode counts and onsets match the stated outcomes (±3 binomial SE)`, async () => {
      const c = loadCohortFile(`${DIR}/${f}`);
      const r = await runEvaluation({ module: 'builtin:news2', cohortPath: `${DIR}/${f}`, n: N, seed: 1, workers: 2, conditions: ['clean'], scoring: { bootstrapB: 0 } });
      expect(r.records).toHaveLength(N);
      expect(r.records[0].durationS).toBe(c.durationS);
      for (const [label, o] of Object.entries(c.outcomes)) {
        const first = r.records.map((rec) => rec.episodes.filter((e) => e.label === label).sort((a, b) => a.onsetS - b.onsetS)[0]).filter((e) => e !== undefined);
        const k = first.length;
        const se = Math.sqrt((o.incidence * (1 - o.incidence)) / N);
        expect(Math.abs(k / N - o.incidence), `${label}: ${k}/${N} patients vs stated incidence ${o.incidence}`).toBeLessThanOrEqual(3 * se);
        const [lo, hi] = o.onset.type === 'fixed' ? [o.onset.value, o.onset.value] : [o.onset.min, o.onset.max];
        for (const e of first) {
          expect(e.onsetS, `${label} onset`).toBeGreaterThanOrEqual(lo);
          expect(e.onsetS, `${label} onset`).toBeLessThanOrEqual(hi);
        }
      }
    }, 300_000);
  }
});
