/**
 * The sim-to-real calibration table: the verdict rule and beat matching on hand-computed cases, and the
 * committed docs/calibration.json + docs/CALIBRATION.md in sync with their generator's inputs
 * (twin-engine/evaluation/calibration.ts) — structurally, without re-running `npm run calibration`.
 * SIMULATION ONLY.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CALIBRATION_MARKERS, CALIBRATION_ROWS, CALIBRATION_SEED, renderCalibrationMarkdown, spreadOf, verdictOf, type CalibrationTable } from '../../twin-engine/evaluation/calibration';
import { matchBeats } from '../../twin-engine/evaluation/qrs-beats';
import { builtinModuleIds } from '../../twin-engine/node/module-host';

const ROOT = resolve(import.meta.dirname, '../..');
const fig = (value: number) => ({ study: 's', ref: 'r', value, what: 'w' });
const spec = { published: [fig(0.6), fig(0.8), fig(0.7)], whyHigh: 'telegraphed', whyLow: 'blind' };

describe('verdict: within the spread of ≥ 3 published figures', () => {
  it('spread [0.6, 0.8]: 0.6 and 0.75 pass; 0.81 fails high, 0.59 low, 1.0 as perfect', () => {
    expect(spreadOf(spec.published)).toEqual([0.6, 0.8]);
    expect(verdictOf(spec, 0.6).verdict).toBe('pass');
    expect(verdictOf(spec, 0.75)).toEqual({ verdict: 'pass', why: 'within the published 0.600–0.800' });
    expect(verdictOf(spec, 0.81)).toEqual({ verdict: 'fail', why: 'above the published 0.600–0.800: telegraphed' });
    expect(verdictOf(spec, 0.59)).toEqual({ verdict: 'fail', why: 'below the published 0.600–0.800: blind' });
    expect(verdictOf(spec, 1)).toEqual({ verdict: 'fail', why: 'perfect on the twin (1.000): telegraphed' });
  });
  it('two figures or no twin figure: not judged', () => {
    expect(verdictOf({ ...spec, published: spec.published.slice(0, 2) }, 0.7).verdict).toBe('not judged');
    expect(verdictOf(spec, null).verdict).toBe('not judged');
  });
});

describe('beat matching (±150 ms, each detection used once, nearest first)', () => {
  it('reference 1, 2, 3, 4 s; detections 1.1, 1.95, 2.05, 3.3, 5 → TP 2 (1.1↔1, 1.95↔2), FN 2, FP 3', () => {
    expect(matchBeats([1, 2, 3, 4], [1.1, 1.95, 2.05, 3.3, 5], 0.15)).toEqual({ tp: 2, fn: 2, fp: 3 });
  });
  it('a detection between two beats goes to the nearer one only', () => {
    expect(matchBeats([1, 1.2], [1.12], 0.15)).toEqual({ tp: 1, fn: 1, fp: 0 });
  });
});

describe('docs/calibration.json and docs/CALIBRATION.md match the generator', () => {
  const table = JSON.parse(readFileSync(join(ROOT, 'docs/calibration.json'), 'utf8')) as CalibrationTable;
  const refs = readFileSync(join(ROOT, 'docs/REFERENCES.md'), 'utf8');

  it('a full run (not quick) of every row, in order, with the spec’s module, cohort, n, metric and seed', () => {
    expect(table.format).toBe('wardtwin-calibration');
    expect(table.quick).toBe(false);
    expect(table.seed).toBe(CALIBRATION_SEED);
    expect(table.notice).toContain('NOT FOR CLINICAL USE');
    expect(table.rows.map((r) => r.id)).toEqual(CALIBRATION_ROWS.map((s) => s.id));
    for (const s of CALIBRATION_ROWS) {
      const r = table.rows.find((x) => x.id === s.id)!;
      expect([r.module, r.cohort, r.n, r.metric, r.twinOutcome, r.realOutcome]).toEqual([s.module, s.cohort, s.n, s.metric, s.twinOutcome, s.realOutcome]);
      expect(r.published).toEqual(s.published);
      expect(r.context).toEqual(s.context);
    }
  });
  it('every module and cohort exists; every cited figure has its anchor in docs/REFERENCES.md', () => {
    const ids = builtinModuleIds();
    for (const s of CALIBRATION_ROWS) {
      expect(ids).toContain(s.module.replace(/^builtin:/, ''));
      if (s.cohort) expect(existsSync(join(ROOT, s.cohort))).toBe(true);
      for (const p of [...s.published, ...s.context]) expect(refs, `${s.id}: ${p.study}`).toContain(`<a id="${p.ref}"></a>`);
    }
  });
  it('the score rows read their score streams; verdicts and spreads follow the rule from the stored twin figures', () => {
    for (const r of table.rows) {
      const s = CALIBRATION_ROWS.find((x) => x.id === r.id)!;
      if (r.metric === 'auroc') expect(r.twin.source).toBe('score-stream');
      expect(r.spread).toEqual(spreadOf(s.published));
      expect({ verdict: r.verdict, why: r.why }).toEqual(verdictOf(s, r.twin.value));
    }
  });
  it('docs/CALIBRATION.md shows exactly the table rendered from the JSON', () => {
    const md = readFileSync(join(ROOT, 'docs/CALIBRATION.md'), 'utf8');
    const a = md.indexOf(CALIBRATION_MARKERS.start) + CALIBRATION_MARKERS.start.length;
    const b = md.indexOf(CALIBRATION_MARKERS.end);
    expect(md.slice(a, b)).toBe(`\n${renderCalibrationMarkdown(table)}\n`);
    expect(md).toContain('npm run calibration');
  });
});
