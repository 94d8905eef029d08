/**
 * Score streams (METRICS.md § Score streams): window metrics and the 2019 utility from a module's
 * published risk score, event metrics from its findings — checked on cases computed by hand.
 * SIMULATION ONLY.
 */
import { describe, expect, it } from 'vitest';
import { sourceMetrics } from '../../twin-engine/evaluation/evaluate';
import { streamAlerts } from '../../twin-engine/evaluation/score-metrics';
import { compareModules } from '../../twin-engine/evaluation/session-metrics';
import { DEFAULT_SCORING, type EvalAlert, type EvalScorePoint, type PatientRecord, type ScoreStreamSpec, type ScoringOptions } from '../../twin-engine/evaluation/types';
import type { SessionEvent } from '../../twin-engine/session/api';

const NEWS2: ScoreStreamSpec = { label: 'news2', detects: ['sepsis'], range: [0, 20], probability: false, threshold: 5, mapping: 'NEWS2 points / 20' };
const PROB: ScoreStreamSpec = { label: 'risk', detects: ['sepsis'], range: [0, 1], probability: true, threshold: 0.5, mapping: 'calibrated probability' };
const finding = (tS: number, score: number): EvalAlert => ({ tS, labels: ['sepsis'], score, endS: null, technical: false, code: 'sepsis' });
const pts = (label: string, ...tv: [number, number][]): EvalScorePoint[] => tv.map(([tS, value]) => ({ tS, label, value }));
const rec = (index: number, onsetS: number | null, module: EvalAlert[], moduleScores: EvalScorePoint[], durationS: number): PatientRecord => ({
  index,
  id: `p${index}`,
  condition: 'clean',
  profile: { sex: 'female', ageY: 60, skinToneMonk: 3, comorbidities: [] },
  deteriorates: onsetS !== null,
  durationS,
  episodes: onsetS === null ? [] : [{ label: 'sepsis', onsetS, offsetS: null, severity: 'severe' }],
  module,
  moduleScores,
  monitor: [],
});

describe('score stream → point alerts', () => {
  it('normalises by the declared range, claims the spec’s detects, drops undeclared labels; at threshold keeps values ≥ it', () => {
    const a = streamAlerts(pts('news2', [60, 5], [120, 20], [180, 4]).concat(pts('other', [60, 9])), [NEWS2]);
    expect(a.map((x) => [x.tS, x.score, x.labels, x.code])).toEqual([
      [60, 0.25, ['sepsis'], 'news2'],
      [120, 1, ['sepsis'], 'news2'],
      [180, 0.2, ['sepsis'], 'news2'],
    ]);
    expect(streamAlerts(pts('news2', [60, 5], [120, 4.99]), [NEWS2], true).map((x) => x.tS)).toEqual([60]);
  });
});

describe('window metrics from a stream (windows of 600 s, no horizon, 1800-s records)', () => {
  // P1: sepsis from 1200 s; NEWS2 2 @300, 4 @900, 8 @1500 → windows 0.1 (neg), 0.2 (neg: onset 1200 is not < 1200), 0.4 (pos).
  // P2: never septic; NEWS2 1 @300, 5 @900, 9 @1500 → 0.05, 0.25, 0.45 (all neg).
  // Findings (one when a band rises): P1 at 900 s (0.2), P2 at 900 s (0.25) and 1500 s (0.45).
  const o: ScoringOptions = { ...DEFAULT_SCORING, targets: ['sepsis'], windowS: 600, horizonS: 0, earlyS: 600, bootstrapB: 50, scoreStreams: [NEWS2] };
  const records = [
    rec(0, 1200, [finding(900, 0.2)], pts('news2', [300, 2], [900, 4], [1500, 8]), 1800),
    rec(1, null, [finding(900, 0.25), finding(1500, 0.45)], pts('news2', [300, 1], [900, 5], [1500, 9]), 1800),
  ];
  const m = sourceMetrics(records, 'module', o);

  it('AUROC 0.8: the one positive window (0.4) outranks 4 of the 5 negatives (0.05, 0.1, 0.2, 0.25; not 0.45)', () => {
    expect(m.scores.source).toBe('score-stream');
    expect([m.scores.windows, m.scores.positives]).toEqual([6, 1]);
    expect(m.scores.auroc).toBeCloseTo(0.8, 12);
  });
  it('AUPRC 0.5: from the top, 0.45 (negative) then 0.4 (the positive) → recall 1 at precision 1/2', () => {
    expect(m.scores.auprc).toBeCloseTo(0.5, 12);
  });
  it('no Brier score or reliability curve: NEWS2 / 20 is not a probability, and the report says so', () => {
    expect(m.scores.brier).toBeNull();
    expect(m.scores.reliability).toEqual([]);
    expect(m.scores.calibrationNote).toContain('news2 (NEWS2 points / 20) is not a probability');
    expect(m.scores.streams).toEqual([{ label: 'news2', mapping: 'NEWS2 points / 20', probability: false }]);
  });
  it('2019 utility from the stream at the declared threshold (≥ 5): P1 predicts hour 0 (8 @1500), P2 predicts falsely (5 @900) → 0.97', () => {
    // One hourly row each; t_sepsis = hour 0. P1: m2·0 + b2 = 1/3 (b2 = 3/9); P2: −0.05. Best = 1/3; inaction: P1 misses, m3·0 + b3 = −4/3.
    // normalised = (1/3 − 0.05 + 4/3) / (1/3 + 4/3) = 1 − 0.05 / (5/3) = 0.97.
    expect(m.sepsisUtility?.observed).toBeCloseTo(1 / 3 - 0.05, 12);
    expect(m.sepsisUtility?.normalized).toBeCloseTo(0.97, 12);
  });
  it('event metrics stay from the findings: P1’s episode detected by the finding at 900 s (10 min early window), P2’s two findings false', () => {
    expect([m.events.episodes, m.events.detected]).toEqual([1, 1]);
    expect(m.events.falseAlarmsPerPatientHour.n).toBe(2);
  });
  it('the same records without streams are scored from the findings as before (source alerts; Brier drawn)', () => {
    const a = sourceMetrics(records, 'module', { ...o, scoreStreams: undefined });
    expect(a.scores.source).toBe('alerts');
    // Windows from findings: P1 0, 0.2, 0 (pos); P2 0, 0.25, 0.45. The positive (0) ties the two zero negatives,
    // loses to the rest: AUROC = (½·2) / 5 = 0.2.
    expect(a.scores.auroc).toBeCloseTo(0.2, 12);
    expect(a.scores.brier).not.toBeNull();
    expect(a.scores.calibrationNote).toBeUndefined();
  });
  it('the monitor beside the module is always scored from its alarms', () => {
    expect(sourceMetrics(records, 'monitor', o).scores.source).toBe('alerts');
  });
});

describe('a probability stream is calibrated', () => {
  it('Brier = mean (p − y)² over the windows: ((0.1)² + (0.3)² + (1 − 0.7)² + 0²) / 4 = 0.0475; reliability bins hold the windows', () => {
    const o: ScoringOptions = { ...DEFAULT_SCORING, targets: ['sepsis'], windowS: 600, horizonS: 0, bootstrapB: 50, scoreStreams: [PROB] };
    // P1 (septic from 1200 s, 1800 s long): windows 0.1 (neg), 0.3 (neg), 0.7 (pos). P2 (600 s, never septic): one window with no value → 0.
    const m = sourceMetrics([rec(0, 1200, [], pts('risk', [60, 0.1], [660, 0.3], [1260, 0.7]), 1800), rec(1, null, [], [], 600)], 'module', o);
    expect(m.scores.brier).toBeCloseTo(0.0475, 12);
    expect(m.scores.calibrationNote).toBeNull();
    const bins = m.scores.reliability.filter((b) => b.n > 0).map((b) => [b.lo, b.n, b.observed]);
    expect(bins).toEqual([[0, 1, 0], [0.1, 1, 0], [0.3, 1, 0], [0.7, 1, 1]]);
  });
});

describe("the issue's example: an early NEWS2 medium-band alert hours before sepsis (default windows: 300 s, horizon 30 min)", () => {
  // 4 h; sepsis from 3 h. NEWS2 1 until 30 min, 5 (medium band) from 30 min, 8 from 3 h, published each minute.
  // The band rises once, at 30 min: the module's only finding (0.25), 2.5 h before onset.
  const points: EvalScorePoint[] = [];
  for (let t = 60; t < 14400; t += 60) points.push({ tS: t, label: 'news2', value: t < 1800 ? 1 : t < 10800 ? 5 : 8 });
  const r = rec(0, 10800, [finding(1800, 0.25)], points, 14400);
  const o: ScoringOptions = { ...DEFAULT_SCORING, targets: ['sepsis'], bootstrapB: 50 };

  it('from the alert: the episode is missed, the alert false, and the window AUROC is below chance (29/60 ≈ 0.483)', () => {
    const a = sourceMetrics([r], 'module', o);
    expect(a.events.detected).toBe(0);
    expect(a.events.falseAlarmsPerPatientHour.n).toBe(1);
    // 48 windows; positive when onset 10800 < end + 1800, i.e. from the window at 9000 s: 18 positive, all scoring 0;
    // 30 negative, one (1800–2100 s) at 0.25. AUROC = ½ · 18 · 29 / (18 · 30) = 29/60.
    expect([a.scores.windows, a.scores.positives]).toEqual([48, 18]);
    expect(a.scores.auroc).toBeCloseTo(29 / 60, 12);
  });
  it('from the score stream: AUROC 13/15 ≈ 0.867; event metrics unchanged (still missed, still one false alert)', () => {
    const s = sourceMetrics([r], 'module', { ...o, scoreStreams: [NEWS2] });
    // Negatives: 6 windows at 0.05 (before 30 min), 24 at 0.25; positives: 6 at 0.25 (9000–10800 s), 12 at 0.4.
    // Pairs won: 12·30 + 6·6 + ½·6·24 = 468 of 540 = 13/15.
    expect(s.scores.source).toBe('score-stream');
    expect(s.scores.auroc).toBeCloseTo(13 / 15, 12);
    expect(s.events.detected).toBe(0);
    expect(s.events.falseAlarmsPerPatientHour.n).toBe(1);
  });
});

describe('the debrief reads score events from the session stream', () => {
  it("compareModules scores a module's 'score' events when its manifest declares the stream", () => {
    const ev: SessionEvent[] = [
      { type: 'episode', simTimeS: 1200, bedId: 'b1', change: 'onset', episode: { id: 'e1', label: 'sepsis', onsetS: 1200, offsetS: null, severity: 'severe' } as never },
      ...([[300, 2], [900, 4], [1500, 8]] as const).map(([t, v]): SessionEvent => ({ type: 'score', simTimeS: t, bedId: 'b1', score: { moduleId: 'news2', bedId: 'b1', simTimeS: t, label: 'news2', value: v } })),
      ...([[300, 1], [900, 5], [1500, 9]] as const).map(([t, v]): SessionEvent => ({ type: 'score', simTimeS: t, bedId: 'b2', score: { moduleId: 'news2', bedId: 'b2', simTimeS: t, label: 'news2', value: v } })),
    ];
    const scoring = { ...DEFAULT_SCORING, windowS: 600, horizonS: 0, bootstrapB: 50 };
    const [c] = compareModules(['b1', 'b2'], ev, 1800, [{ moduleId: 'news2', emits: [{ label: 'sepsis', detects: ['sepsis'] }], scores: [NEWS2] }], ['news2'], scoring);
    expect(c.module.scores.source).toBe('score-stream');
    expect(c.module.scores.auroc).toBeCloseTo(0.8, 12); // the hand-computed case above
    const [without] = compareModules(['b1', 'b2'], ev, 1800, [{ moduleId: 'news2', emits: [{ label: 'sepsis', detects: ['sepsis'] }] }], ['news2'], scoring);
    expect(without.module.scores.source).toBe('alerts');
  });
});
