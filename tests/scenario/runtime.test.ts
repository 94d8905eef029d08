import { describe, expect, it } from 'vitest';
import { ScenarioRuntime } from '../../twin-engine/scenario/index';
import { FakeBed, HEADER, run, scenarioFrom } from './helpers';

describe('ScenarioRuntime', () => {
  it('fires timeline entries at the first step at or after their time, in file order', () => {
    const s = scenarioFrom(`${HEADER}
conditions:
  - { kind: sepsis, severity: 0.5 }
timeline:
  - at: 5 min
    action: { note: second }
  - at: 30 s
    action: { note: first }
  - at: 5 min
    action: { change_condition: { id: sepsis, severity: 0.9, ramp: 10 min } }
`);
    const bed = new FakeBed();
    const rt = new ScenarioRuntime(s, bed);
    run(rt, 0, 29.9);
    const early = rt.drainEvents();
    expect(early.map((e) => e.kind)).toEqual(['started', 'condition']);
    expect(bed.calls).toEqual(['start sepsis 0.5 - -> c1']);
    run(rt, 29.9, 30);
    expect(rt.drainEvents().map((e) => [e.timeS, e.text])).toEqual([[30, 'first']]);
    run(rt, 30, 299.9);
    expect(rt.drainEvents()).toEqual([]);
    run(rt, 299.9, 300);
    const ev = rt.drainEvents();
    expect(ev.map((e) => e.text)).toEqual(['second', 'Changed sepsis to severity 0.9']);
    expect(ev[0].timeS).toBeCloseTo(300, 9);
    expect(bed.calls[1]).toBe('update c1 {"severity":0.9,"rampS":600}');
  });

  it("fires a 'for 2 min' trigger only after the condition held 2 min without a break", () => {
    const s = scenarioFrom(`${HEADER}
triggers:
  - id: low_map
    when: truth.map_mmhg < 65 for 2 min
    then: [{ note: hypotensive }]
`);
    const bed = new FakeBed();
    const rt = new ScenarioRuntime(s, bed);
    bed.set({ mapMmHg: 60 });
    run(rt, 0, 100); // 100 s low
    bed.set({ mapMmHg: 70 });
    run(rt, 100, 101); // a break resets the clock
    bed.set({ mapMmHg: 60 });
    run(rt, 101, 220.9); // 119.9 s low since 101.1
    expect(rt.drainEvents().filter((e) => e.kind === 'trigger')).toEqual([]);
    run(rt, 220.9, 221.1);
    const fired = rt.drainEvents().filter((e) => e.kind === 'trigger' || e.kind === 'note');
    expect(fired.map((e) => e.kind)).toEqual(['trigger', 'note']);
    expect(fired[0].timeS).toBeCloseTo(221.1, 6); // first true at 101.1 + 120 s
    run(rt, 221.1, 600);
    expect(rt.drainEvents()).toEqual([]); // once only (repeat: false)
  });

  it('a repeating trigger re-arms when its condition stops holding', () => {
    const s = scenarioFrom(`${HEADER}
triggers:
  - when: measured.spo2 < 90
    then: [{ note: desat }]
    repeat: true
`);
    const bed = new FakeBed();
    const rt = new ScenarioRuntime(s, bed);
    const setSpo2 = (v: number | null) => ((bed.measured as unknown as Record<string, number | null>).spo2Pct = v);
    setSpo2(85);
    run(rt, 0, 10);
    setSpo2(null); // probe off: no reading is not "below 90"
    run(rt, 10, 20);
    setSpo2(85);
    run(rt, 20, 30);
    expect(rt.drainEvents().filter((e) => e.kind === 'note').map((e) => e.timeS)).toEqual([0.1, expect.closeTo(20.1, 6)]);
  });

  it('moves between named states through transitions, runs entry actions, and supports jumpToState', () => {
    const s = scenarioFrom(`${HEADER}
initial_state: stable
states:
  stable:
    on_enter: [{ note: entered stable }]
    transitions:
      - when: elapsed > 10 min and not action.antibiotics given
        goto: worse
      - when: action.antibiotics given
        goto: better
  worse:
    on_enter: [{ start_condition: { id: shock, kind: sepsis, severity: 0.9, ramp: 30 min } }]
    transitions:
      - when: state_time >= 5 min
        goto: better
  better:
    on_enter: [{ note: recovering }]
`);
    const bed = new FakeBed();
    const rt = new ScenarioRuntime(s, bed);
    run(rt, 0, 600);
    expect(rt.currentState).toBe('stable');
    run(rt, 600, 600.1);
    expect(rt.currentState).toBe('worse');
    expect(bed.calls).toEqual(['start sepsis 0.9 1800 -> c1']);
    run(rt, 600.1, 899.9);
    expect(rt.currentState).toBe('worse');
    run(rt, 899.9, 900.1);
    expect(rt.currentState).toBe('better');
    const kinds = rt.drainEvents().filter((e) => e.kind === 'state_entered').map((e) => (e.data as { state: string }).state);
    expect(kinds).toEqual(['stable', 'worse', 'better']);
    rt.jumpToState('stable');
    expect(rt.currentState).toBe('stable');
    expect(() => rt.jumpToState('nowhere')).toThrow("Scenario 't' has no state 'nowhere' (states: stable, worse, better)");
    rt.recordLearnerAction('antibiotics');
    run(rt, 900.1, 900.2);
    expect(rt.currentState).toBe('better');
  });

  it('scores expected actions as met, late, missed and not triggered, with times', () => {
    const s = scenarioFrom(`${HEADER}
expected_actions:
  - { action: oxygen, within: 5 min, of: measured.spo2 < 90 }
  - { action: antibiotics, within: 60 min, of: episode.sepsis }
  - { action: blood_cultures, within: 60 min, of: episode.sepsis }
  - { action: vasopressor, within: 10 min, of: truth.map_mmhg < 65 for 5 min }
  - { action: naloxone, within: 5 min, of: truth.rr_bpm < 8 }
`);
    const bed = new FakeBed();
    const rt = new ScenarioRuntime(s, bed);
    run(rt, 0, 60);
    (bed.measured as unknown as Record<string, number>).spo2Pct = 86; // anchor for oxygen at 60.1 s
    bed.episodes.add('sepsis'); // anchor for antibiotics & cultures at 60.1 s
    bed.set({ mapMmHg: 60 }); // held from 60.1 → anchor at 360.1
    run(rt, 60, 200);
    rt.recordIntervention({ kind: 'oxygen', device: 'nrb_mask' } as never); // at 200 s: within 5 min of 60.1
    run(rt, 200, 500);
    rt.recordIntervention({ kind: 'drug_infusion', drug: 'norepinephrine' }); // vasopressor group, at 500 s
    run(rt, 500, 5000);
    rt.recordLearnerAction('antibiotics'); // at 5000 s: after the 3660.1 s deadline
    run(rt, 5000, 5001);
    const score = rt.score(true);
    const brief = score.map((r) => [r.action, r.status, r.anchorS === null ? null : Math.round(r.anchorS * 10) / 10, r.doneS]);
    expect(brief).toEqual([
      ['oxygen', 'met', 60.1, 200],
      ['antibiotics', 'late', 60.1, 5000],
      ['blood_cultures', 'missed', 60.1, null],
      ['vasopressor', 'met', 360.1, 500],
      ['naloxone', 'not_triggered', null, null],
    ]);
    const scoreEvents = rt.drainEvents().filter((e) => e.kind === 'expected_action').map((e) => e.text);
    expect(scoreEvents).toContain("Expected 'blood_cultures' within 1 h of episode.sepsis: missed (not done)");
  });

  it('reports lab results from the true state and records author labels', () => {
    const s = scenarioFrom(`${HEADER}
timeline:
  - { at: 1 min, action: { lab_result: { test: lactate } } }
  - { at: 1 min, action: { lab_result: { test: wbc, value: 18.2 x10^9/L } } }
labels:
  - { label: hyperlactatemia, onset: truth.lactate_mmol_l > 2 for 30 s, offset: truth.lactate_mmol_l < 2 }
`);
    const bed = new FakeBed();
    const rt = new ScenarioRuntime(s, bed);
    bed.set({ lactateMmolL: 3.44 });
    run(rt, 0, 60);
    bed.set({ lactateMmolL: 1.5 });
    run(rt, 60, 120);
    const ev = rt.drainEvents();
    expect(ev.filter((e) => e.kind === 'lab_result').map((e) => e.text)).toEqual(['lactate: 3.4 mmol/L', 'wbc: 18.2 x10^9/L']);
    expect(rt.labelIntervals().map((l) => [l.label, Math.round(l.onsetS * 10) / 10, l.offsetS === null ? null : Math.round(l.offsetS * 10) / 10])).toEqual([
      ['hyperlactatemia', 0.1, 60.1],
    ]);
  });

  it('snapshot/restore is plain JSON and continues identically', () => {
    const s = scenarioFrom(`${HEADER}
initial_state: a
states:
  a: { transitions: [{ when: truth.map_mmhg < 65 for 1 min, goto: b }] }
  b: { on_enter: [{ note: in b }] }
triggers:
  - { when: elapsed > 90 s, then: [{ note: t90 }] }
expected_actions:
  - { action: fluid_bolus, within: 5 min, of: state.b }
`);
    const mk = () => {
      const bed = new FakeBed();
      bed.set({ mapMmHg: 60 });
      return { bed, rt: new ScenarioRuntime(s, bed) };
    };
    const a = mk();
    run(a.rt, 0, 30);
    const snap = JSON.parse(JSON.stringify(a.rt.snapshot()));
    run(a.rt, 30, 400);
    const b = mk();
    b.rt.restore(snap);
    run(b.rt, 30, 400);
    const strip = (x: ScenarioRuntime) => x.drainEvents().filter((e) => e.timeS > 30).map((e) => `${e.timeS.toFixed(1)} ${e.text}`);
    expect(strip(b.rt)).toEqual(strip(a.rt));
    expect(b.rt.snapshot()).toEqual(a.rt.snapshot());
    expect(b.rt.currentState).toBe('b');
  });
});
