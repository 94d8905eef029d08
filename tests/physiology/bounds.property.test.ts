/**
 * Property: any sequence of up to 50 conditions and interventions from the model's vocabulary, at any
 * value the scenario format allows, keeps every published true-state number inside its physical
 * bounds (physiology/bounds.ts) for 24 simulated hours, checked every simulated minute. Few runs:
 * each is 24 h of model time; the seed is fixed so a failure reproduces.
 */
import { expect, it } from 'vitest';
import fc from 'fast-check';
import { CONDITION_KINDS, DRUG_IDS, PatientModel, RHYTHMS, type ConditionSpec, type InterventionSpec } from '../../twin-engine/physiology/index';
import { CONDITION_PARAMS } from '../../twin-engine/physiology/condition-params';
import { outOfBounds } from '../../twin-engine/physiology/bounds';

const frac = fc.double({ min: 0, max: 1, noNaN: true });
/** Allowed values are drawn with extra weight on the ends, where runaways live. */
const inRange = (lo: number, hi: number) => fc.oneof(fc.constant(lo), fc.constant(hi), fc.double({ min: lo, max: hi, noNaN: true }));

const condArb: fc.Arbitrary<ConditionSpec> = fc
  .record({
    kind: fc.constantFrom(...CONDITION_KINDS),
    severity: fc.oneof(fc.constant(1), frac),
    rampS: fc.integer({ min: 0, max: 7200 }),
    rhythm: fc.constantFrom(...RHYTHMS),
    rate: inRange(CONDITION_PARAMS.rateMlPerMin.min, CONDITION_PARAMS.rateMlPerMin.max),
    bpm: inRange(CONDITION_PARAMS.rateBpm.min, CONDITION_PARAMS.rateBpm.max),
    dose: inRange(CONDITION_PARAMS.doseMg.min, CONDITION_PARAMS.doseMg.max),
  })
  .map(({ kind, severity, rampS, rhythm, rate, bpm, dose }): ConditionSpec => ({
    kind,
    severity,
    rampS,
    params: (kind === 'arrhythmia' ? { rhythm, rateBpm: bpm } : kind === 'hemorrhage' ? { rateMlPerMin: rate } : kind === 'opioid_overdose' ? { doseMg: dose } : {}) as Record<string, number | string>,
  }));

const intArb: fc.Arbitrary<InterventionSpec> = fc.oneof(
  inRange(0.21, 1).map((fio2): InterventionSpec => ({ kind: 'oxygen', fio2 })),
  inRange(1, 3000).map((volumeMl): InterventionSpec => ({ kind: 'fluid_bolus', volumeMl })),
  inRange(0, 1000).map((rateMlPerH): InterventionSpec => ({ kind: 'fluid_infusion', rateMlPerH })),
  inRange(50, 3000).map((volumeMl): InterventionSpec => ({ kind: 'blood_transfusion', volumeMl })),
  inRange(1, 360).map((energyJ): InterventionSpec => ({ kind: 'defibrillation', energyJ })),
  inRange(30, 180).map((pacingRateBpm): InterventionSpec => ({ kind: 'pacing', pacingRateBpm })),
  fc.constantFrom<InterventionSpec>(
    { kind: 'stop_infusion' },
    { kind: 'needle_decompression' },
    { kind: 'intubation' },
    { kind: 'extubation' },
    { kind: 'cpr_start' },
    { kind: 'cpr_stop' },
    { kind: 'hemorrhage_control' },
    { kind: 'positioning', position: 'legs_raised' },
    { kind: 'drug_bolus', drug: 'epinephrine', doseMg: 1 },
    { kind: 'drug_bolus', drug: 'morphine', doseMg: 50 },
    { kind: 'drug_bolus', drug: 'naloxone', doseMg: 10 },
    { kind: 'drug_bolus', drug: 'insulin', doseUnits: 100, route: 'iv' },
    { kind: 'drug_infusion', drug: 'insulin', rateUnitsPerH: 50 },
    { kind: 'drug_infusion', drug: 'dextrose', rateMlPerH: 500 },
  ),
  fc
    .record({ drug: fc.constantFrom(...DRUG_IDS.filter((d) => d !== 'insulin' && d !== 'dextrose')), rate: inRange(0, 1) })
    .map(({ drug, rate }): InterventionSpec => ({ kind: 'drug_infusion', drug, rateMcgPerKgPerMin: rate })),
);

type Action = { atS: number; cond?: ConditionSpec; int?: InterventionSpec };
const actionArb: fc.Arbitrary<Action> = fc
  .record({ atS: fc.integer({ min: 0, max: 24 * 3600 }), isCond: fc.boolean(), cond: condArb, int: intArb })
  .map(({ atS, isCond, cond, int }) => (isCond ? { atS, cond } : { atS, int }));

it('any sequence of up to 50 conditions and interventions keeps the true state inside its physical bounds for 24 h', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.array(actionArb, { minLength: 1, maxLength: 50 }), (seed, actions) => {
      const m = new PatientModel({ ageY: 70, sex: 'female', heightCm: 160, weightKg: 60, skinToneMonk: 8, comorbidities: ['copd'] }, seed);
      actions.sort((a, b) => a.atS - b.atS);
      let t = 0;
      const check = () => {
        const bad = outOfBounds(m.state);
        if (bad.length) throw new Error(`at ${t} s: ${bad.join(', ')}`);
      };
      const until = (to: number) => {
        while (t < to) {
          const d = Math.min(60, to - t);
          m.advance(d);
          t += d;
          check();
        }
      };
      for (const a of actions) {
        until(a.atS);
        try {
          if (a.cond) m.startCondition(a.cond);
          else if (a.int) m.applyIntervention(a.int);
        } catch (e) {
          // The model may refuse an intervention in this state (e.g. a second tube); a refusal is not a runaway.
          if (!(e instanceof Error) || !/^applyIntervention/.test(e.message)) throw e;
        }
      }
      until(24 * 3600);
      expect(outOfBounds(m.state)).toEqual([]);
    }),
    { numRuns: 3, seed: 170017 },
  );
}, 300_000);
