/** The formulary the app offers: usual doses the engine accepts, refusals in the user's words (issue 15). */
import { describe, expect, it } from 'vitest';
import { bolusProblemInWords, doseFields, FORMULARY } from '../../twin-engine/physiology/formulary';
import { interventionProblem } from '../../twin-engine/physiology/intervention-params';
import { DRUG_IDS } from '../../twin-engine/physiology/types';

describe('formulary', () => {
  it('has an entry for every drug the engine knows', () => {
    expect(Object.keys(FORMULARY).sort()).toEqual([...DRUG_IDS].sort());
  });

  it.each(DRUG_IDS)('%s: the usual bolus and infusion are accepted by the engine as offered', (drug) => {
    const f = FORMULARY[drug];
    expect(interventionProblem({ kind: 'drug_bolus', drug, route: f.bolus.route, ...doseFields(f.bolus.dose, f.bolus.unit) })).toBeNull();
    expect(bolusProblemInWords(drug, f.bolus.dose, f.bolus.unit, f.bolus.route)).toBeNull();
    if (f.infusion) {
      const rate = f.infusion.unit === 'units/h' ? { rateUnitsPerH: f.infusion.rate } : { rateMcgPerKgPerMin: f.infusion.rate };
      expect(interventionProblem({ kind: 'drug_infusion', drug, route: 'iv', ...rate })).toBeNull();
    }
  });

  it("words the issue's refusal: antibiotics left at naloxone's 0.4 mg", () => {
    expect(bolusProblemInWords('antibiotics', 0.4, 'mg', 'iv')).toBe(
      '0.4 mg of Antibiotics (piperacillin–tazobactam) is outside the range WardTwin accepts for one dose, 100–5000 mg (usual: 4.5 g IV).',
    );
    // The same range in grams when the user writes grams; 4.5 g is 4500 mg to the engine.
    expect(bolusProblemInWords('antibiotics', 6, 'g', 'iv')).toBe(
      '6 g of Antibiotics (piperacillin–tazobactam) is outside the range WardTwin accepts for one dose, 0.1–5 g (usual: 4.5 g IV).',
    );
    expect(doseFields(4.5, 'g')).toEqual({ doseMg: 4500 });
    expect(bolusProblemInWords('insulin', 10, 'mg', 'iv')).toBe('Insulin (soluble) is dosed in units, not mg (usual: 10 units IV).');
    expect(bolusProblemInWords('amiodarone', 300, 'mg', 'im')).toBe('Amiodarone cannot be given IM here: IV (usual: 300 mg IV).');
  });
});
