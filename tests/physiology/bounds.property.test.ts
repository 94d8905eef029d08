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
import { DRUG_LIMITS, INTERVENTION_LIMITS } from '../../twin-engine/physiology/intervention-params';

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

const L = INTERVENTION_LIMITS;
const intArb: fc.Arbitrary<InterventionSpec> = fc.oneof(
  inRange(L.fio2.min, L.fio2.max).map((fio2): InterventionSpec => ({ kind: 'oxygen', fio2 })),
  inRange(L.fluidBolusVolume.min, L.fluidBolusVolume.max).map((volumeMl): InterventionSpec => ({ kind: 'fluid_bolus', volumeMl })),
  inRange(L.fluidInfusionRate.min, L.fluidInfusionRate.max).map((rateMlPerH): InterventionSpec => ({ kind: 'fluid_infusion', rateMlPerH })),
  inRange(L.transfusionVolume.min, L.transfusionVolume.max).map((volumeMl): InterventionSpec => ({ kind: 'blood_transfusion', volumeMl })),
  inRange(L.energy.min, L.energy.max).map((energyJ): InterventionSpec => ({ kind: 'defibrillation', energyJ })),
  inRange(L.pacingRate.min, L.pacingRate.max).map((pacingRateBpm): InterventionSpec => ({ kind: 'pacing', pacingRateBpm })),
  fc.constantFrom<InterventionSpec>(
    { kind: 'stop_infusion' },
    { kind: 'needle_decompression' },
    { kind: 'intubation' },
    { kind: 'extubation' },
    { kind: 'cpr_start' },
    { kind: 'cpr_stop' },
    { kind: 'hemorrhage_control' },
    { kind: 'positioning', position: 'legs_raised' },
  ),
  // Every drug's bolus and infusion at any value of the one table the model and the scenario checker use.
  fc
    .record({ drug: fc.constantFrom(...DRUG_IDS), u: frac })
    .map(({ drug, u }): InterventionSpec => {
      const b = DRUG_LIMITS[drug].bolus;
      const v = b.min + u * (b.max - b.min);
      return drug === 'insulin' ? { kind: 'drug_bolus', drug, doseUnits: v } : { kind: 'drug_bolus', drug, doseMg: v };
    }),
  fc
    .record({ drug: fc.constantFrom(...DRUG_IDS), u: fc.oneof(fc.constant(1), frac) })
    .map(({ drug, u }): InterventionSpec => {
      if (drug === 'insulin') return { kind: 'drug_infusion', drug, rateUnitsPerH: u * L.insulinRate.max };
      if (drug === 'dextrose') return { kind: 'drug_infusion', drug, rateMlPerH: u * L.dextroseD10Rate.max };
      return { kind: 'drug_infusion', drug, rateMcgPerKgPerMin: u * DRUG_LIMITS[drug].infusion!.max };
    }),
);

type Action = { atS: number; cond?: ConditionSpec; int?: InterventionSpec };
const actionArb: fc.Arbitrary<Action> = fc
  .record({ atS: fc.integer({ min: 0, max: 24 * 3600 }), isCond: fc.boolean(), cond: condArb, int: intArb })
  .map(({ atS, isCond, cond, int }) => (isCond ? { atS, cond } : { atS, int }));
/**
 * Runaways live in stacks: the same condition started 2–4 times at once at full severity (four
 * anaphylaxes, three emboli). A few of these go into every sequence, so each run exercises them.
 */
const stackArb: fc.Arbitrary<Action[]> = fc
  .record({ atS: fc.integer({ min: 0, max: 24 * 3600 }), cond: condArb, n: fc.integer({ min: 2, max: 4 }) })
  .map(({ atS, cond, n }) => Array.from({ length: n }, () => ({ atS, cond: { ...cond, severity: 1 } })));
const sequenceArb: fc.Arbitrary<Action[]> = fc
  .tuple(fc.array(stackArb, { minLength: 1, maxLength: 3 }), fc.array(actionArb, { minLength: 1, maxLength: 38 }))
  .map(([stacks, rest]) => [...stacks.flat(), ...rest]);

it('any sequence of up to 50 conditions and interventions keeps the true state inside its physical bounds for 24 h', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), sequenceArb, (seed, actions) => {
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
      // The clamp in the engine must not be what kept the state physical: the model's own dynamics
      // stay inside the bounds (a runaway painted over by the clamp would otherwise pass).
      expect(m.boundsClamps(), JSON.stringify(actions)).toEqual({});
    }),
    { numRuns: 4, seed: 170017 },
  );
}, 300_000);
