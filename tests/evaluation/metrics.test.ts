/** Metric definitions (METRICS.md) checked on cases computed by hand. SIMULATION ONLY. */
import { describe, expect, it } from 'vitest';
import { aggregateEvents, summarisePatient, unionSeconds } from '../../twin-engine/evaluation/event-metrics';
import { auprc, auroc, brier, reliability, scoreMetrics, windowsFor } from '../../twin-engine/evaluation/score-metrics';
import { median, newcombeDiff, quantile, wilson } from '../../twin-engine/evaluation/stats';
import { alarmAlert } from '../../twin-engine/evaluation/alarm-map';
import { DEFAULT_SCORING, type EvalAlert, type PatientRecord, type ScoringOptions } from '../../twin-engine/evaluation/types';

const O: ScoringOptions = { ...DEFAULT_SCORING, targets: ['shock'], earlyS: 600, lateS: 0, bootstrapB: 200, withinS: [0, 300] };
const finding = (tS: number, label = 'shock', score = 0.8): EvalAlert => ({ tS, labels: [label], score, endS: null, technical: false, code: label });
const rec = (index: number, episodes: PatientRecord['episodes'], module: EvalAlert[], monitor: EvalAlert[] = [], durationS = 3600): PatientRecord => ({
  index,
  id: `p${index}`,
  condition: 'clean',
  profile: { sex: index % 2 ? 'male' : 'female', ageY: 60, skinToneMonk: 3, comorbidities: [] },
  deteriorates: episodes.length > 0,
  durationS,
  episodes,
  module,
  monitor,
});

describe('intervals', () => {
  it('Wilson score interval for 8/10 (95 %) is [0.4902, 0.9433]', () => {
    const e = wilson(8, 10);
    expect(e.value).toBe(0.8);
    expect(e.lo).toBeCloseTo(0.490162, 5);
    expect(e.hi).toBeCloseTo(0.943318, 5);
  });
  it('Wilson for 0/10 starts at 0 and is undefined for 0/0', () => {
    expect(wilson(0, 10).lo).toBe(0);
    expect(wilson(0, 10).hi).toBeCloseTo(0.277533, 5);
    expect(wilson(0, 0).value).toBeNull();
  });
  it("Newcombe's hybrid interval reproduces his 1998 example 56/70 − 48/80 = 0.2 (0.0524, 0.3339)", () => {
    const d = newcombeDiff(56, 70, 48, 80);
    expect(d.value).toBeCloseTo(0.2, 10);
    expect(d.lo).toBeCloseTo(0.0524, 3);
    expect(d.hi).toBeCloseTo(0.3339, 3);
  });
  it('quantiles interpolate linearly (type 7)', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7, 10);
    expect(median([])).toBeNull();
  });
});

describe('event-level matching', () => {
  // A: shock 1000–2000 s; findings at 300 (before the 600 s early window → false), 1200 (true, +200 s), 2500 (after offset → false)
  // B: no episode; one finding at 100 (false).  C: shock from 100 s to the end, never flagged (missed).
  const records = [
    rec(0, [{ label: 'shock', onsetS: 1000, offsetS: 2000, severity: 'moderate' }], [finding(300), finding(1200), finding(2500)]),
    rec(1, [], [finding(100)]),
    rec(2, [{ label: 'shock', onsetS: 100, offsetS: null, severity: 'severe' }], []),
  ];
  const m = aggregateEvents(records.map((r) => summarisePatient(r, 'module', O)), O);
  it('counts detections, true and false alerts by hand', () => {
    expect([m.episodes, m.detected]).toEqual([2, 1]);
    expect(m.sensitivity.value).toBe(0.5);
    expect(m.ppv.value).toBe(0.25); // 1 true of 4
  });
  it("names the cases: C's episode missed, A's alerts at 300 and 2500 s and B's at 100 s false", () => {
    const s = records.map((r) => summarisePatient(r, 'module', O));
    expect(s.map((x) => x.missed)).toEqual([[], [], [{ label: 'shock', onsetS: 100 }]]);
    expect(s.map((x) => x.falsePositives)).toEqual([[{ label: 'shock', tS: 300 }, { label: 'shock', tS: 2500 }], [{ label: 'shock', tS: 100 }], []]);
    // One claimed label each: the false alerts (near no claimed episode) are the same alerts.
    expect(s.map((x) => x.falseAlertList.map((f) => f.tS))).toEqual([[300, 2500], [100], []]);
    expect(m.f1.value).toBeCloseTo((2 * 0.5 * 0.25) / 0.75, 12);
    expect(m.latencyMedianS.value).toBe(200);
    expect(m.latencyP90S.value).toBe(200);
  });
  it('an alert claiming shock and septic shock during shock only: a septic-shock mismatch, not a false alert', () => {
    const both: EvalAlert = { ...finding(1200), labels: ['shock', 'septic_shock'] };
    const o = { ...O, targets: ['shock', 'septic_shock'] };
    const s = summarisePatient(rec(3, [{ label: 'shock', onsetS: 1000, offsetS: 2000, severity: 'moderate' }], [both]), 'module', o);
    expect(s.falsePositives).toEqual([{ label: 'septic_shock', tS: 1200 }]);
    expect([s.falseAlerts, s.falseAlertList]).toEqual([0, []]);
  });
  it('burden: 3 false alerts in 3 patient-hours, 4 alerts = 32 per bed-day', () => {
    expect(m.falseAlarmsPerPatientHour.value).toBe(1);
    expect(m.alarmsPerBedPerDay.value).toBe(32);
    expect(m.timeInAlarmFraction).toBeNull(); // point findings have no duration
  });
  it('share detected at/before onset and within 5 min', () => {
    expect(m.detectedWithin.map((w) => w.share.value)).toEqual([0, 0.5]);
  });
  it('a finding 10 min before onset detects (early window) with negative latency', () => {
    const r = rec(0, [{ label: 'shock', onsetS: 1000, offsetS: 2000, severity: 'mild' }], [finding(400)]);
    const s = summarisePatient(r, 'module', O);
    expect([s.detected, s.tp, s.fp, s.latenciesS[0]]).toEqual([1, 1, 0, -600]);
  });
  it('findings with another label neither detect nor count for the target', () => {
    const r = rec(0, [{ label: 'shock', onsetS: 1000, offsetS: 2000, severity: 'mild' }], [finding(1500, 'sepsis')]);
    const s = summarisePatient(r, 'module', O);
    expect([s.detected, s.tp, s.fp, s.alerts, s.falseAlerts]).toEqual([0, 0, 0, 1, 1]);
  });
});

describe('edge cases', () => {
  it('no episodes: sensitivity undefined, every alert false', () => {
    const m = aggregateEvents([summarisePatient(rec(0, [], [finding(10), finding(20)]), 'module', O)], O);
    expect(m.sensitivity.value).toBeNull();
    expect(m.f1.value).toBeNull();
    expect(m.ppv.value).toBe(0);
    expect(m.falseAlarmsPerPatientHour.value).toBe(2);
  });
  it('no findings: sensitivity 0, PPV undefined, no latency', () => {
    const m = aggregateEvents([summarisePatient(rec(0, [{ label: 'shock', onsetS: 100, offsetS: 200, severity: 'mild' }], []), 'module', O)], O);
    expect(m.sensitivity.value).toBe(0);
    expect(m.ppv.value).toBeNull();
    expect(m.latencyMedianS.value).toBeNull();
    expect(m.falseAlarmsPerPatientHour.value).toBe(0);
  });
  it('every finding late (after offset): nothing detected, all false', () => {
    const eps = [{ label: 'shock', onsetS: 100, offsetS: 200, severity: 'mild' }, { label: 'shock', onsetS: 1000, offsetS: 1100, severity: 'mild' }];
    const m = aggregateEvents([summarisePatient(rec(0, eps, [finding(300), finding(1200)]), 'module', O)], O);
    expect([m.detected, m.sensitivity.value, m.ppv.value, m.f1.value, m.latencyMedianS.value]).toEqual([0, 0, 0, 0, null]);
  });
  it('no patients at all: everything undefined, nothing throws', () => {
    const m = aggregateEvents([], O);
    expect([m.sensitivity.value, m.ppv.value, m.falseAlarmsPerPatientHour.value]).toEqual([null, null, null]);
  });
});

describe('monitor baseline', () => {
  it('maps alarm codes to labels; technical alarms are burden only', () => {
    expect(alarmAlert({ code: 'MAP_LOW', priority: 'medium', kind: 'physiological' }, 10, 20).labels).toContain('hypotension');
    expect(alarmAlert({ code: 'HR_HIGH', priority: 'medium', kind: 'physiological' }, 10, 20).labels).toContain('tachycardia');
    expect(alarmAlert({ code: 'VF', priority: 'high', kind: 'physiological' }, 10, 20).labels).toContain('cardiac_arrest');
    const t = alarmAlert({ code: 'PROBE_OFF', priority: 'low', kind: 'technical' }, 10, 20);
    expect([t.technical, t.labels]).toEqual([true, []]);
  });
  it('time in alarm is the union of raised intervals', () => {
    const a = (tS: number, endS: number | null) => ({ ...alarmAlert({ code: 'SPO2_LOW', priority: 'medium', kind: 'physiological' }, tS, endS) });
    expect(unionSeconds([a(10, 30), a(20, 40), a(100, 110)], 3600)).toBe(40);
    expect(unionSeconds([a(3590, null)], 3600)).toBe(10);
    const r = rec(0, [{ label: 'hypoxemia', onsetS: 0, offsetS: 50, severity: 'mild' }], [], [a(10, 30), a(20, 40), a(1000, 1060)]);
    const s = summarisePatient(r, 'monitor', { ...O, targets: ['hypoxemia'] });
    // union [10,40) = 30 s plus [1000,1060) = 60 s
    expect([s.alarmS, s.tp, s.fp, s.falseAlerts, s.detected]).toEqual([90, 2, 1, 1, 1]);
  });
});

describe('score metrics', () => {
  it('the PhysioNet 2019 compute_auc docstring example gives AUROC 1 and AUPRC 1', () => {
    const w = [0.3, 0.4, 0.6, 0.7, 0.8, 0.8].map((score, i) => ({ score, label: (i >= 4 ? 1 : 0) as 0 | 1 }));
    expect(auroc(w)).toBe(1);
    expect(auprc(w)).toBe(1);
  });
  it('scores [0.1, 0.4, 0.35, 0.8] for labels [0, 0, 1, 1]: AUROC 0.75, AUPRC 5/6, Brier 0.158125', () => {
    const w = [0.1, 0.4, 0.35, 0.8].map((score, i) => ({ score, label: (i >= 2 ? 1 : 0) as 0 | 1 }));
    expect(auroc(w)).toBe(0.75);
    expect(auprc(w)).toBeCloseTo(5 / 6, 12);
    expect(brier(w)).toBeCloseTo(0.158125, 12);
  });
  it('ties count one half in AUROC; one class only → undefined', () => {
    expect(auroc([{ score: 0.5, label: 1 }, { score: 0.5, label: 0 }])).toBe(0.5);
    expect(auroc([{ score: 0.5, label: 1 }])).toBeNull();
  });
  it('one class only: no Brier score, no reliability or ROC curve (a silent module would score Brier 0)', () => {
    const w = [{ score: 0, label: 0 as const }, { score: 0, label: 0 as const }];
    expect(brier(w)).toBeNull();
    const m = scoreMetrics(w);
    expect([m.auroc, m.auprc, m.brier, m.reliability, m.roc]).toEqual([null, null, null, [], []]);
  });
  it('reliability bins: counts, mean score and observed share', () => {
    const bins = reliability([{ score: 0.05, label: 0 }, { score: 0.15, label: 1 }, { score: 0.95, label: 1 }, { score: 1, label: 0 }]);
    expect(bins[0]).toMatchObject({ n: 1, observed: 0 });
    expect(bins[9].n).toBe(2);
    expect(bins[9].meanScore).toBeCloseTo(0.975, 12);
    expect(bins[9].observed).toBe(0.5);
  });
  it('windows: positive when the episode is active within [start, end + horizon); score = max alert score in window', () => {
    // 1 h record, 20-min windows, 10-min horizon; shock 45–50 min; findings at 5 min (0.3) and 44 min (0.9)
    const r = rec(0, [{ label: 'shock', onsetS: 2700, offsetS: 3000, severity: 'mild' }], [finding(300, 'shock', 0.3), finding(2640, 'shock', 0.9)]);
    const w = windowsFor(r, r.module, { targets: ['shock'], windowS: 1200, horizonS: 600 });
    expect(w).toEqual([
      { score: 0.3, label: 0 },
      { score: 0, label: 1 }, // 20–40 min + 10 min horizon reaches the 45-min onset
      { score: 0.9, label: 1 },
    ]);
  });
});
