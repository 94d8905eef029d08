/**
 * The scenario vocabulary against the live engine: every truth field a scenario may name exists on a
 * real PatientModel, new numeric fields are noticed, and every condition and intervention the library
 * scripts is accepted by the model (its own per-drug ranges and routes).
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONDITION_PARAMS, PatientModel, STANDARD_ADULT } from '../../twin-engine/physiology/index';
import type { ConditionSpec } from '../../twin-engine/physiology/types';
import { parseScenario, ScenarioRuntime, toInterventionSpec } from '../../twin-engine/scenario/index';
import { convertConditionParam } from '../../twin-engine/scenario/condition-params';
import { forEachAction } from '../../twin-engine/scenario/scenario-check';
import { TRUTH_KEYS } from '../../twin-engine/scenario/vocab';
import { FakeBed, HEADER, readLib, scenarioFrom } from './helpers';

describe('vocabulary vs the live engine', () => {
  const model = new PatientModel(STANDARD_ADULT, 1);
  it('TRUTH_KEYS are exactly the numeric fields of TrueState', () => {
    const live = Object.entries(model.state)
      .filter(([, v]) => typeof v === 'number')
      .map(([k]) => k)
      .sort();
    expect([...TRUTH_KEYS].sort()).toEqual(live);
  });

  const files = readdirSync('scenarios').filter((f) => f.endsWith('.yaml'));
  for (const f of files) {
    it(`${f}: every scripted condition and intervention is accepted by the model`, () => {
      const r = parseScenario(readLib(f), f);
      if (!r.ok) throw new Error(f);
      const m = new PatientModel(STANDARD_ADULT, 2);
      const start = (c: { kind: ConditionSpec['kind']; severity: number; rampS?: number; params?: Record<string, unknown> }) =>
        m.startCondition({ kind: c.kind, severity: c.severity, rampS: c.rampS, params: c.params as Record<string, number | string> });
      for (const c of r.value.conditions) expect(() => start(c)).not.toThrow();
      forEachAction(r.value, (a, path) => {
        if (a.type === 'start_condition') expect(() => start(a.value), path).not.toThrow();
        if (a.type === 'intervention') expect(() => m.applyIntervention(toInterventionSpec(a.value)), path).not.toThrow();
      });
    });
  }

  // One range per parameter: a value the scenario check accepts is accepted by the engine, and a value
  // either refuses the other refuses too (they used to disagree: rateBpm 310 passed the file check).
  it('the scenario check and the engine accept exactly the same condition-parameter ranges', () => {
    const m = new PatientModel(STANDARD_ADULT, 4);
    const engineTakes = (k: string, v: number) => {
      try {
        m.stopCondition(m.startCondition({ kind: 'fever', severity: 0.1, params: { [k]: v } }));
        return true;
      } catch {
        return false;
      }
    };
    for (const [k, d] of Object.entries(CONDITION_PARAMS)) {
      const step = d.max - d.min <= 1 ? 0.5 : 1;
      for (const v of [d.min - step, d.min, d.max, d.max + step]) {
        const inRange = v >= d.min && v <= d.max;
        expect(convertConditionParam(k, v).ok, `scenario ${k}=${v}`).toBe(inRange);
        expect(engineTakes(k, v), `engine ${k}=${v}`).toBe(inRange);
      }
    }
    expect(convertConditionParam('rateBpm', 310)).toEqual({ ok: false, message: 'expected rateBpm between 20 and 300 /min, found 310' });
  });

  it('a refused intervention becomes an error event and the scenario carries on', () => {
    const s = scenarioFrom(`${HEADER}
timeline:
  - { at: 1 s, action: { intervention: { kind: oxygen, device: ventilator, ventilator: { tidal_volume: 500 mL, rate: 14 /min, peep: 5 cmH2O, fio2: 0.5 FiO2 } } } }
  - { at: 2 s, action: { note: still running } }
`);
    const m = new PatientModel(STANDARD_ADULT, 3);
    const bed = new FakeBed();
    bed.applyIntervention = (spec) => m.applyIntervention(spec);
    const rt = new ScenarioRuntime(s, bed);
    for (let n = 1; n <= 30; n++) rt.tick(n * 0.1);
    const ev = rt.drainEvents();
    const err = ev.find((e) => e.kind === 'error');
    // Valid in the file (an out-of-range dose would be refused by validation), refused by this patient.
    expect(err?.text).toBe("intervention (timeline[0].action) failed: applyIntervention(oxygen): device 'ventilator' requires an intubated patient (apply 'intubation' first)");
    expect(ev.some((e) => e.kind === 'note' && e.text === 'still running')).toBe(true);
  });
});
