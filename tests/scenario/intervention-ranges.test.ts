/**
 * Intervention ranges are one table (physiology/intervention-params.ts): what the scenario checker
 * passes the model applies, and what the model would refuse is refused at validation with its place
 * in the file. Walks every range in the table at its ends and just beyond them.
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, generateSchemas, parseScenario } from '../../twin-engine/scenario/index';
import { fieldRange } from '../../twin-engine/scenario/intervention-ranges';
import { toInterventionSpec } from '../../twin-engine/scenario/runtime';
import { bindScenario, paramRange } from '../../twin-engine/scenario/scenario';
import { DRUG_LIMITS, INTERVENTION_LIMITS, type Limit } from '../../twin-engine/physiology/intervention-params';
import { DRUG_IDS, PatientModel, STANDARD_ADULT } from '../../twin-engine/physiology/index';
import { HEADER } from './helpers';

const withAction = (intervention: string) => `${HEADER}timeline:\n  - at: 1 min\n    action:\n      intervention: ${intervention}\n`;

function messages(text: string): string[] {
  const r = parseScenario(text, 'case.yaml');
  return r.ok ? [] : r.diagnostics.map(formatDiagnostic);
}

describe('the message a scenario author sees', () => {
  it('a 5000 mL bolus and epinephrine 5 mg are refused at validation, located, with the allowed range', () => {
    expect(messages(withAction('{ kind: fluid_bolus, volume: 5000 mL }'))).toEqual([
      "case.yaml:11:50: timeline[0].action.intervention.volume: expected a volume between 1 mL and 3000 mL, found '5000 mL'",
    ]);
    expect(messages(withAction('{ kind: drug_bolus, drug: epinephrine, dose: 5 mg, route: im }'))).toEqual([
      'case.yaml:11:66: timeline[0].action.intervention.dose: expected an epinephrine dose between 0.01 mg and 1 mg, found 5 mg',
    ]);
    // Inside the envelope of all kinds, outside this kind's: a 20 mL transfusion.
    expect(messages(withAction('{ kind: blood_transfusion, volume: 20 mL }'))).toEqual([
      'case.yaml:11:56: timeline[0].action.intervention.volume: expected a blood_transfusion volume between 50 mL and 3000 mL, found 20 mL',
    ]);
  });

  it('a value the model needs but the file lacks is named at the intervention, with its range', () => {
    expect(messages(withAction('{ kind: drug_infusion, drug: norepinephrine, rate: 10 mL/h }'))).toEqual([
      "case.yaml:11:21: timeline[0].action.intervention: missing required key 'dose_rate' for norepinephrine drug_infusion (0–3 mcg/kg/min)",
    ]);
  });

  it('a misspelt key gets a did-you-mean; a key the kind does not read is refused, not ignored', () => {
    expect(messages(withAction('{ kind: drug_bolus, drug: epinephrine, dos: 1 mg }'))).toEqual([
      "case.yaml:11:60: timeline[0].action.intervention.dos: unknown key 'dos'; expected one of: kind, drug, dose, dose_units, dose_rate, units_rate, volume, rate, fluid, fio2, device, flow, energy, position, ventilator, pacing_rate, route (did you mean 'dose'?)",
    ]);
    expect(messages(withAction('{ kind: fluid_bolus, volume: 500 mL, dose: 5 mg }'))).toEqual([
      "case.yaml:11:64: timeline[0].action.intervention.dose: unknown key 'dose' for a fluid_bolus; it reads volume, rate, fluid",
    ]);
    expect(messages(withAction('{ kind: drug_bolus, drug: amiodarone, dose: 300 mg, route: im }'))).toEqual([
      "case.yaml:11:80: timeline[0].action.intervention.route: expected a route for amiodarone (iv), found 'im' (did you mean 'iv'?)",
    ]);
  });

  it('the model refuses a misspelt parameter name instead of ignoring it', () => {
    const m = new PatientModel(STANDARD_ADULT, 1);
    expect(() => m.applyIntervention({ kind: 'drug_bolus', drug: 'epinephrine', doseMgg: 1 } as never)).toThrow(
      "applyIntervention(drug_bolus): 'doseMgg' is not an intervention parameter; known: kind, drug, doseMg",
    );
  });
});

/** Every range in the table as (YAML intervention with the value, the key it is at, its limit). */
interface Case {
  name: string;
  key: string;
  limit: Limit;
  yaml: (v: number) => string;
}
const L = INTERVENTION_LIMITS;
const CASES: Case[] = [
  ...DRUG_IDS.filter((d) => d !== 'insulin').map((d): Case => ({
    name: `${d} bolus`,
    key: 'dose',
    limit: DRUG_LIMITS[d].bolus,
    yaml: (v) => `{ kind: drug_bolus, drug: ${d}, dose: ${v} mg }`,
  })),
  { name: 'insulin bolus', key: 'dose_units', limit: DRUG_LIMITS.insulin.bolus, yaml: (v) => `{ kind: drug_bolus, drug: insulin, dose_units: ${v} units }` },
  ...DRUG_IDS.filter((d) => DRUG_LIMITS[d].infusion !== null).map((d): Case => ({
    name: `${d} infusion`,
    key: 'dose_rate',
    limit: DRUG_LIMITS[d].infusion!,
    yaml: (v) => `{ kind: drug_infusion, drug: ${d}, dose_rate: ${v} mcg/kg/min }`,
  })),
  { name: 'insulin infusion', key: 'units_rate', limit: L.insulinRate, yaml: (v) => `{ kind: drug_infusion, drug: insulin, units_rate: ${v} units/h }` },
  { name: 'dextrose D10', key: 'rate', limit: L.dextroseD10Rate, yaml: (v) => `{ kind: drug_infusion, drug: dextrose, rate: ${v} mL/h }` },
  { name: 'dextrose dose rate', key: 'dose_rate', limit: L.dextroseRate, yaml: (v) => `{ kind: drug_infusion, drug: dextrose, dose_rate: ${v} mcg/kg/min }` },
  { name: 'bolus volume', key: 'volume', limit: L.fluidBolusVolume, yaml: (v) => `{ kind: fluid_bolus, volume: ${v} mL }` },
  { name: 'bolus rate', key: 'rate', limit: L.fluidBolusRate, yaml: (v) => `{ kind: fluid_bolus, volume: 500 mL, rate: ${v} mL/h }` },
  { name: 'infusion rate', key: 'rate', limit: L.fluidInfusionRate, yaml: (v) => `{ kind: fluid_infusion, rate: ${v} mL/h }` },
  { name: 'transfusion volume', key: 'volume', limit: L.transfusionVolume, yaml: (v) => `{ kind: blood_transfusion, volume: ${v} mL }` },
  { name: 'transfusion rate', key: 'rate', limit: L.transfusionRate, yaml: (v) => `{ kind: blood_transfusion, volume: 300 mL, rate: ${v} mL/h }` },
  { name: 'fio2', key: 'fio2', limit: L.fio2, yaml: (v) => `{ kind: oxygen, fio2: ${v} FiO2 }` },
  ...Object.entries(L.flow).map(([device, limit]): Case => ({ name: `${device} flow`, key: 'flow', limit, yaml: (v) => `{ kind: oxygen, device: ${device}, flow: ${v} L/min }` })),
  { name: 'defibrillation', key: 'energy', limit: L.energy, yaml: (v) => `{ kind: defibrillation, energy: ${v} J }` },
  { name: 'cardioversion', key: 'energy', limit: L.energy, yaml: (v) => `{ kind: cardioversion, energy: ${v} J }` },
  { name: 'pacing', key: 'pacing_rate', limit: L.pacingRate, yaml: (v) => `{ kind: pacing, pacing_rate: ${v} /min }` },
  ...(
    [
      ['tidal_volume', L.ventilator.tidalVolumeMl, 'mL'],
      ['rate', L.ventilator.rrBpm, '/min'],
      ['peep', L.ventilator.peepCmH2O, 'cmH2O'],
      ['fio2', L.ventilator.fio2, 'FiO2'],
    ] as const
  ).map(([k, limit, unit]): Case => {
    const v0: Record<string, string> = { tidal_volume: '500 mL', rate: '14 /min', peep: '5 cmH2O', fio2: '0.5 FiO2' };
    return {
      name: `ventilator ${k}`,
      key: `ventilator.${k}`,
      limit,
      yaml: (v) => `{ kind: intubation, ventilator: { ${Object.entries({ ...v0, [k]: `${v} ${unit}` }).map(([a, b]) => `${a}: ${b}`).join(', ')} } }`,
    };
  }),
];

describe('every range in the table is what the validator enforces and what the model accepts', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const { min, max } = c.limit;
    for (const v of [min, max]) {
      const r = parseScenario(withAction(c.yaml(v)), 'case.yaml');
      expect(r.ok ? [] : r.diagnostics.map(formatDiagnostic), `${c.name} = ${v}`).toEqual([]);
      if (!r.ok) continue;
      const a = r.value.timeline[0].action;
      if (a.type !== 'intervention') throw new Error('not an intervention');
      const m = new PatientModel(STANDARD_ADULT, 1);
      expect(() => m.applyIntervention(toInterventionSpec(a.value)), `${c.name} = ${v}`).not.toThrow();
    }
    const eps = Math.max(1e-6, max * 1e-4);
    const beyond = [max + eps, ...(min - eps >= 0 ? [min - eps] : [])];
    for (const v of beyond) {
      const r = parseScenario(withAction(c.yaml(Number(v.toPrecision(12)))), 'case.yaml');
      expect(r.ok, `${c.name} = ${v} must be refused`).toBe(false);
      if (!r.ok) expect(r.diagnostics.map((d) => d.path)).toEqual([`timeline[0].action.intervention.${c.key}`]);
    }
  });
});

describe('a $parameter in condition params is checked like a written value, whatever the name ends in', () => {
  const scenario = (decl: string, params: string) =>
    `${HEADER}parameters:\n  p: { default: ${decl} }\ntimeline:\n  - at: 1 min\n    action:\n      start_condition: { id: x, kind: ${params.includes('pulseless') ? 'arrhythmia' : 'hemorrhage'}, severity: 0.5, params: { ${params} } }\n`;

  it('a flag (no unit suffix) out of its 0–1 range is refused at validation, located', () => {
    expect(messages(scenario('5', 'rhythm: ventricular_tachycardia, pulseless: $p'))).toEqual([
      "case.yaml:13:120: timeline[0].action.start_condition.params.pulseless: expected pulseless between 0 and 1, found parameter '$p' = 5",
    ]);
    expect(messages(scenario('3', 'pressureDependent: $p'))).toEqual([
      "case.yaml:13:95: timeline[0].action.start_condition.params.pressureDependent: expected pressureDependent between 0 and 1, found parameter '$p' = 3",
    ]);
  });

  it('a misspelt name with a $parameter gets the did-you-mean the written value gets', () => {
    expect(messages(scenario('90 mL/min', 'rateMlPerMn: $p'))).toEqual([
      "case.yaml:13:89: timeline[0].action.start_condition.params.rateMlPerMn: expected a condition parameter (rhythm, territory, rateMlPerMin, volumeMl, doseMg, rateBpm, pulseless, pressureDependent), found 'rateMlPerMn' (did you mean 'rateMlPerMin'?)",
    ]);
  });

  it('a cohort re-binding a flag is held to the flag range', () => {
    const r = parseScenario(scenario('1', 'pressureDependent: $p'), 'case.yaml');
    if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join('\n'));
    expect(paramRange(r.value, 'p')).toEqual([0, 1]);
    expect(() => bindScenario(r.value, { p: 4 })).toThrow("bindScenario: parameter 'p' of 't' must be within 0..1, got 4");
  });
});

describe('the same table reaches the model, the JSON schema and the editor', () => {
  it('the model refuses a misspelt condition parameter instead of ignoring it', () => {
    const m = new PatientModel(STANDARD_ADULT, 1);
    expect(() => m.startCondition({ kind: 'hemorrhage', severity: 0.5, params: { rateMlPerMn: 90 } })).toThrow(
      'ConditionSpec: params.rateMlPerMn is not a parameter the model reads; known: rhythm, territory, rateMlPerMin, volumeMl, doseMg, rateBpm, pulseless, pressureDependent',
    );
  });

  it('the published schema describes the per-drug ranges; the editor shows the range for the chosen drug', () => {
    const schema = JSON.parse(generateSchemas()['scenario.schema.json']) as { $defs: Record<string, unknown> };
    const text = JSON.stringify(schema);
    expect(text).toContain('epinephrine 0.01–1 mg (iv/im)');
    expect(text).toContain('fluid_bolus 1–3000 mL; blood_transfusion 50–3000 mL');
    expect(fieldRange('drug_bolus', 'epinephrine', undefined, 'dose')).toBe(DRUG_LIMITS.epinephrine.bolus);
    expect(fieldRange('oxygen', undefined, 'nrb_mask', 'flow')).toBe(INTERVENTION_LIMITS.flow.nrb_mask);
    expect(fieldRange('blood_transfusion', undefined, undefined, 'volume')).toBe(INTERVENTION_LIMITS.transfusionVolume);
  });
});
