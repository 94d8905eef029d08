/** Claims (METRICS.md § Claims) and records from a session's events, on cases computed by hand. SIMULATION ONLY. */
import { describe, expect, it } from 'vitest';
import { aggregateEvents, summarisePatient } from '../../twin-engine/evaluation/event-metrics';
import { compareModules } from '../../twin-engine/evaluation/session-metrics';
import { findingAlert, findingClaims, moduleTargets, recordsFromEvents, type ModuleEmit } from '../../twin-engine/evaluation/session-records';
import { DEFAULT_SCORING, type PatientRecord, type ScoringOptions } from '../../twin-engine/evaluation/types';
import type { SessionEvent } from '../../twin-engine/session/api';

// The shipped manifests' emits (modules/news2, modules/st-elevation, modules/qrs-pan-tompkins).
const NEWS2: ModuleEmit[] = [{ label: 'sepsis', detects: ['sepsis', 'septic_shock', 'shock', 'respiratory_failure'] }];
const ST: ModuleEmit[] = [{ label: 'st_elevation', detects: [] }];
const QRS: ModuleEmit[] = [
  { label: 'atrial_fibrillation', detects: ['atrial_fibrillation'] },
  { label: 'tachycardia', detects: ['tachycardia', 'svt'] },
  { label: 'bradycardia', detects: ['bradycardia'] },
];

describe('claims from the manifest', () => {
  it("a finding claims its label's detects; the targets are every detects, in manifest order", () => {
    expect(findingClaims(NEWS2, 'sepsis')).toEqual(['sepsis', 'septic_shock', 'shock', 'respiratory_failure']);
    expect(findingClaims(QRS, 'tachycardia')).toEqual(['tachycardia', 'svt']);
    expect(moduleTargets(QRS)).toEqual(['atrial_fibrillation', 'tachycardia', 'svt', 'bradycardia']);
  });
  it('detects: [] is informational: no claims, no targets; an undeclared label claims nothing either', () => {
    expect(findingClaims(ST, 'st_elevation')).toEqual([]);
    expect(moduleTargets(ST)).toEqual([]);
    expect(findingClaims(NEWS2, 'hypoxemia')).toEqual([]);
    expect(findingAlert({ label: 'st_elevation', score: 2, simTimeS: 10 }, ST)).toEqual({ tS: 10, labels: [], score: 1, endS: null, technical: false, code: 'st_elevation', informational: true });
  });
  it('informational findings are burden but never false; an unclaimed monitor alarm is false', () => {
    const o: ScoringOptions = { ...DEFAULT_SCORING, targets: ['shock'], bootstrapB: 50 };
    const r: PatientRecord = {
      index: 0, id: 'p0', condition: 'clean', profile: { sex: 'male', ageY: 60, skinToneMonk: 3, comorbidities: [] }, deteriorates: false, durationS: 3600,
      episodes: [],
      module: [findingAlert({ label: 'st_elevation', score: 1, simTimeS: 100 }, ST), findingAlert({ label: 'st_elevation', score: 1, simTimeS: 200 }, ST)],
      monitor: [{ tS: 50, labels: [], score: 1, endS: 60, technical: false, code: 'MAP_HIGH' }],
    };
    const m = aggregateEvents([summarisePatient(r, 'module', o)], o);
    expect([m.alerts, m.falseAlarmsPerPatientHour.n, m.alarmsPerBedPerDay.value, m.ppv.d]).toEqual([2, 0, 48, 0]);
    expect(summarisePatient(r, 'monitor', o).falseAlerts).toBe(1);
  });
});

const alarm = (id: string, code: string) => ({ id, code, kind: 'physiological' as const, priority: 'high' as const, message: code, onsetS: 0, active: true, latched: false, acknowledged: false });
const episode = (id: string, label: 'shock' | 'sepsis', onsetS: number, offsetS: number | null) => ({ id, label, onsetS, offsetS, severity: 'severe' as const });

// Two beds over one hour. Bed A: shock 1000–2000 s, sepsis from 1500 s (open); MAP_LOW raised 1200 s,
// cleared 1500 s; SYS_LOW raised 3000 s, still raised at the end; NEWS2 'sepsis' findings at 900 and 2500 s.
// Bed B: nothing.
const EVENTS: SessionEvent[] = [
  { type: 'episode', simTimeS: 1000, bedId: 'A', change: 'onset', episode: episode('e1', 'shock', 1000, null) },
  { type: 'finding', simTimeS: 900, bedId: 'A', finding: { moduleId: 'news2', bedId: 'A', simTimeS: 900, label: 'sepsis', score: 0.6, severity: 'medium', message: '' } },
  { type: 'alarm', simTimeS: 1200, bedId: 'A', change: 'raised', alarm: alarm('MAP_LOW#1', 'MAP_LOW') },
  { type: 'alarm', simTimeS: 1300, bedId: 'A', change: 'acknowledged', alarm: alarm('MAP_LOW#1', 'MAP_LOW') },
  { type: 'alarm', simTimeS: 1500, bedId: 'A', change: 'cleared', alarm: alarm('MAP_LOW#1', 'MAP_LOW') },
  { type: 'episode', simTimeS: 1500, bedId: 'A', change: 'onset', episode: episode('e2', 'sepsis', 1500, null) },
  { type: 'episode', simTimeS: 2000, bedId: 'A', change: 'offset', episode: episode('e1', 'shock', 1000, 2000) },
  { type: 'finding', simTimeS: 2500, bedId: 'A', finding: { moduleId: 'news2', bedId: 'A', simTimeS: 2500, label: 'sepsis', score: 0.9, severity: 'high', message: '' } },
  { type: 'alarm', simTimeS: 3000, bedId: 'A', change: 'raised', alarm: alarm('SYS_LOW#1', 'SYS_LOW') },
];

describe('records from a session event stream', () => {
  it('episodes close at their offset, alarms at their clear or the end, findings carry their claims', () => {
    const [a, b] = recordsFromEvents(['A', 'B'], EVENTS, 3600, (id) => (id === 'news2' ? NEWS2 : undefined));
    expect(a.episodes).toEqual([
      { label: 'shock', onsetS: 1000, offsetS: 2000, severity: 'severe' },
      { label: 'sepsis', onsetS: 1500, offsetS: null, severity: 'severe' },
    ]);
    expect(a.monitor.map((x) => [x.code, x.tS, x.endS, x.labels])).toEqual([
      ['MAP_LOW', 1200, 1500, ['hypotension', 'shock', 'septic_shock']],
      ['SYS_LOW', 3000, 3600, ['hypotension', 'shock', 'septic_shock']],
    ]);
    expect(a.findings.get('news2')!.map((x) => [x.tS, x.labels])).toEqual([
      [900, NEWS2[0].detects],
      [2500, NEWS2[0].detects],
    ]);
    expect(b).toEqual({ bedId: 'B', episodes: [], monitor: [], findings: new Map(), scores: new Map() });
  });

  it('the debrief scores it by hand: NEWS2 detects shock (−100 s) and sepsis (+1000 s); the monitor only shock', () => {
    const [m] = compareModules(['A', 'B'], EVENTS, 3600, [{ moduleId: 'news2', emits: NEWS2 }]);
    expect(m.targets).toEqual(['sepsis', 'septic_shock', 'shock', 'respiratory_failure']);
    // shock window [1000 − 1800, 2000] holds 900 → latency −100; sepsis window [−300, 3600] holds 900 → −600.
    expect(m.module.events.perLabel.shock).toMatchObject({ episodes: 1, detected: 1, tp: 1, fp: 1, latencyMedianS: -100 });
    expect(m.module.events.perLabel.sepsis).toMatchObject({ episodes: 1, detected: 1, tp: 2, fp: 0, latencyMedianS: -600 });
    expect(m.module.events.latencyMedianS.value).toBe(-350);
    // 2500 s is in the sepsis window: not false for burden. Two beds, two hours: 0 false alarms.
    expect([m.module.events.alerts, m.module.events.falseAlarmsPerPatientHour.value, m.module.events.patientHours]).toEqual([2, 0, 2]);
    // Monitor: MAP_LOW at 1200 detects shock (+200); SYS_LOW at 3000 is after the shock window: false for burden.
    expect(m.monitor.events.perLabel.shock).toMatchObject({ episodes: 1, detected: 1, tp: 1, fp: 1, latencyMedianS: 200 });
    expect(m.monitor.events.perLabel.sepsis.detected).toBe(0);
    expect(m.monitor.events.falseAlarmsPerPatientHour.value).toBe(0.5);
  });

  it('findings of a module whose manifest is unknown claim nothing (listed without targets)', () => {
    const [m] = compareModules(['A'], EVENTS, 3600, []);
    expect([m.moduleId, m.targets, m.module.events.alerts, m.module.events.falseAlarmsPerPatientHour.n]).toEqual(['news2', [], 2, 0]);
  });
});
