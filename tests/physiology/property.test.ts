/**
 * Property: no NaN/Infinity in any TrueState number over 72 simulated hours under random sequences
 * of conditions and interventions (fast-check).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  COMORBIDITIES,
  CONDITION_KINDS,
  DRUG_IDS,
  PatientModel,
  RHYTHMS,
  type ConditionSpec,
  type InterventionSpec,
} from '../../twin-engine/physiology/index';
import { allFinite } from './helpers';

const condArb: fc.Arbitrary<ConditionSpec> = fc.record({
  kind: fc.constantFrom(...CONDITION_KINDS),
  severity: fc.double({ min: 0, max: 1, noNaN: true }),
  rampS: fc.integer({ min: 0, max: 7200 }),
  rhythm: fc.constantFrom(...RHYTHMS),
}).map(({ kind, severity, rampS, rhythm }): ConditionSpec => ({
  kind,
  severity,
  rampS,
  params: (kind === 'arrhythmia' ? { rhythm } : kind === 'hemorrhage' ? { rateMlPerMin: severity * 400 } : {}) as Record<string, number | string>,
}));

const intArb: fc.Arbitrary<InterventionSpec> = fc.oneof(
  fc.constantFrom<InterventionSpec>(
    { kind: 'oxygen', device: 'nrb_mask', flowLPerMin: 15 },
    { kind: 'oxygen', fio2: 0.21 },
    { kind: 'fluid_bolus', volumeMl: 1000 },
    { kind: 'fluid_infusion', rateMlPerH: 1000 },
    { kind: 'blood_transfusion', volumeMl: 600 },
    { kind: 'stop_infusion' },
    { kind: 'defibrillation', energyJ: 200 },
    { kind: 'cardioversion', energyJ: 120 },
    { kind: 'pacing', pacingRateBpm: 80 },
    { kind: 'pacing', pacingRateBpm: 0 },
    { kind: 'needle_decompression' },
    { kind: 'intubation' },
    { kind: 'extubation' },
    { kind: 'cpr_start' },
    { kind: 'cpr_stop' },
    { kind: 'positioning', position: 'upright' },
    { kind: 'positioning', position: 'legs_raised' },
    { kind: 'hemorrhage_control' },
    { kind: 'drug_infusion', drug: 'insulin', rateUnitsPerH: 50 },
    { kind: 'drug_infusion', drug: 'dextrose', rateMlPerH: 500 },
    { kind: 'drug_bolus', drug: 'dextrose', doseMg: 50000 },
    { kind: 'drug_bolus', drug: 'insulin', doseUnits: 50, route: 'sc' },
  ),
  fc.record({ drug: fc.constantFrom(...DRUG_IDS.filter((d) => d !== 'insulin' && d !== 'dextrose')), f: fc.double({ min: 0, max: 1, noNaN: true }) })
    .map(({ drug, f }): InterventionSpec => ({ kind: 'drug_infusion', drug, rateMcgPerKgPerMin: f * 0.1 })),
  fc.constantFrom<InterventionSpec>(
    { kind: 'drug_bolus', drug: 'epinephrine', doseMg: 1 },
    { kind: 'drug_bolus', drug: 'fentanyl', doseMg: 1 },
    { kind: 'drug_bolus', drug: 'morphine', doseMg: 50 },
    { kind: 'drug_bolus', drug: 'naloxone', doseMg: 10 },
    { kind: 'drug_bolus', drug: 'amiodarone', doseMg: 450 },
    { kind: 'drug_bolus', drug: 'metoprolol', doseMg: 20 },
    { kind: 'drug_bolus', drug: 'salbutamol', doseMg: 20 },
    { kind: 'drug_bolus', drug: 'antibiotics', doseMg: 5000 },
  ),
);

type Action = { atS: number; cond?: ConditionSpec; int?: InterventionSpec; stop?: boolean };
const actionArb: fc.Arbitrary<Action> = fc.record({
  atS: fc.integer({ min: 0, max: 72 * 3600 }),
  which: fc.integer({ min: 0, max: 2 }),
  cond: condArb,
  int: intArb,
}).map(({ atS, which, cond, int }) => (which === 0 ? { atS, cond } : which === 1 ? { atS, int } : { atS, stop: true }));

describe('robustness (fast-check)', () => {
  it('all TrueState numbers stay finite over 72 h of random conditions and interventions', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.subarray([...COMORBIDITIES]),
        fc.array(actionArb, { minLength: 1, maxLength: 25 }),
        (seed, comorbidities, actions) => {
          const m = new PatientModel({ ageY: 70, sex: 'female', heightCm: 160, weightKg: 60, skinToneMonk: 8, comorbidities }, seed);
          actions.sort((a, b) => a.atS - b.atS);
          let t = 0;
          for (const a of actions) {
            m.advance(a.atS - t);
            t = a.atS;
            if (a.cond) m.startCondition(a.cond);
            else if (a.int) m.applyIntervention(a.int);
            else if (m.activeConditions().length > 0) m.stopCondition(m.activeConditions()[0].id);
            const bad = allFinite(m.state);
            if (bad.length) throw new Error(`non-finite at ${t}s: ${bad.join(', ')}`);
          }
          m.advance(72 * 3600 - t);
          expect(allFinite(m.state)).toEqual([]);
          expect(m.state.gcs).toBeGreaterThanOrEqual(3);
          expect(m.state.sao2Pct).toBeGreaterThanOrEqual(0);
          expect(m.state.sao2Pct).toBeLessThanOrEqual(100);
        },
      ),
      { numRuns: 8, seed: 20240601 },
    );
    // ~60 s on an idle core; the bound only stops a hang (CI on two busy cores ran it in 184 s).
  }, 400_000);
});
