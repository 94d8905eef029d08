/**
 * The ward's formulary: each drug's usual adult dose, unit and route, offered by the app when a drug is
 * chosen (issue 15: the dose stayed at naloxone's 0.4 mg when antibiotics were picked). Usual doses are
 * the common single adult doses of the sources in docs/REFERENCES.md#formulary; the allowed ranges are
 * the intervention table's (intervention-params.ts), so a usual dose is always one the engine accepts
 * (tests/physiology/formulary.test.ts).
 */
import { DRUG_LIMITS, type DrugLimits } from './intervention-params';
import type { DrugId, InterventionSpec } from './types';

/** Units a dose is written in at the bedside; the engine's fields are mg, µg and units. */
export type DoseUnit = 'g' | 'mg' | 'mcg' | 'units';
export type Route = NonNullable<InterventionSpec['route']>;

export interface FormularyEntry {
  drug: DrugId;
  /** The name on the ward (a class for antibiotics: the model has one antibiotic effect). */
  name: string;
  /** How it is usually given: a bolus, or an infusion (vasopressors). */
  usual: 'bolus' | 'infusion';
  bolus: { dose: number; unit: DoseUnit; route: Route };
  /** Usual starting rate, in µg/kg/min or units/h. */
  infusion: { rate: number; unit: 'mcg/kg/min' | 'units/h' } | null;
  /** What it is given for here, in a few words. */
  for: string;
}

const e = (drug: DrugId, name: string, usual: FormularyEntry['usual'], bolus: FormularyEntry['bolus'], infusion: FormularyEntry['infusion'], use: string): FormularyEntry => ({
  drug,
  name,
  usual,
  bolus,
  infusion,
  for: use,
});

export const FORMULARY: Readonly<Record<DrugId, FormularyEntry>> = {
  naloxone: e('naloxone', 'Naloxone', 'bolus', { dose: 0.4, unit: 'mg', route: 'iv' }, { rate: 0.05, unit: 'mcg/kg/min' }, 'opioid-induced respiratory depression (titrate 0.1–0.4 mg)'),
  norepinephrine: e('norepinephrine', 'Norepinephrine (noradrenaline)', 'infusion', { dose: 10, unit: 'mcg', route: 'iv' }, { rate: 0.1, unit: 'mcg/kg/min' }, 'septic shock: MAP ≥ 65 mmHg after fluids'),
  epinephrine: e('epinephrine', 'Epinephrine (adrenaline)', 'bolus', { dose: 1, unit: 'mg', route: 'iv' }, { rate: 0.05, unit: 'mcg/kg/min' }, 'cardiac arrest 1 mg IV; anaphylaxis 0.5 mg IM'),
  fentanyl: e('fentanyl', 'Fentanyl', 'bolus', { dose: 50, unit: 'mcg', route: 'iv' }, { rate: 0.01, unit: 'mcg/kg/min' }, 'analgesia'),
  morphine: e('morphine', 'Morphine', 'bolus', { dose: 5, unit: 'mg', route: 'iv' }, { rate: 0.3, unit: 'mcg/kg/min' }, 'analgesia (2.5–10 mg, titrated)'),
  salbutamol: e('salbutamol', 'Salbutamol (albuterol)', 'bolus', { dose: 5, unit: 'mg', route: 'neb' }, null, 'bronchospasm: 5 mg nebulised'),
  amiodarone: e('amiodarone', 'Amiodarone', 'bolus', { dose: 300, unit: 'mg', route: 'iv' }, null, 'VF/pulseless VT after the third shock; 150 mg for stable VT'),
  metoprolol: e('metoprolol', 'Metoprolol', 'bolus', { dose: 5, unit: 'mg', route: 'iv' }, null, 'rate control of AF (5 mg IV, up to 3 doses)'),
  dextrose: e('dextrose', 'Glucose (dextrose)', 'bolus', { dose: 20, unit: 'g', route: 'iv' }, null, 'hypoglycaemia: 15–20 g IV (e.g. 200 mL of 10 %)'),
  insulin: e('insulin', 'Insulin (soluble)', 'bolus', { dose: 10, unit: 'units', route: 'iv' }, { rate: 7, unit: 'units/h' }, 'DKA: 0.1 units/kg/h infusion'),
  antibiotics: e('antibiotics', 'Antibiotics (piperacillin–tazobactam)', 'bolus', { dose: 4.5, unit: 'g', route: 'iv' }, null, 'sepsis: broad-spectrum within the first hour'),
};

/** A bedside dose as the engine's fields: grams become mg; µg and units stay as written. */
export function doseFields(dose: number, unit: DoseUnit): Pick<InterventionSpec, 'doseMg' | 'doseMcg' | 'doseUnits'> {
  switch (unit) {
    case 'g':
      return { doseMg: dose * 1000 };
    case 'mg':
      return { doseMg: dose };
    case 'mcg':
      return { doseMcg: dose };
    case 'units':
      return { doseUnits: dose };
  }
}

/** The units a drug's bolus may be written in (insulin only in units). */
export function doseUnitsFor(drug: DrugId): readonly DoseUnit[] {
  return drug === 'insulin' ? ['units'] : ['g', 'mg', 'mcg'];
}

/** `2.5` → "2.5", `4500` → "4500": no trailing zeros, no exponent. */
const n = (v: number) => String(Number(v.toPrecision(6)));

/** The allowed bolus range in the unit the user chose, e.g. "0.1–5 g" for antibiotics. */
export function bolusRangeIn(limits: DrugLimits, unit: DoseUnit): string {
  const { min, max } = limits.bolus;
  if (limits.bolus.unit === 'units' || unit === 'units') return `${n(min)}–${n(max)} units`;
  const f = unit === 'g' ? 1 / 1000 : unit === 'mcg' ? 1000 : 1;
  return `${n(min * f)}–${n(max * f)} ${unit}`;
}

/**
 * A bolus the engine would refuse, said in the user's words (drug name, their unit, the usual dose),
 * or null when it is acceptable. The engine checks again; this only words the refusal before sending.
 */
export function bolusProblemInWords(drug: DrugId, dose: number, unit: DoseUnit, route: Route): string | null {
  const f = FORMULARY[drug];
  const l = DRUG_LIMITS[drug];
  const usual = `usual: ${n(f.bolus.dose)} ${f.bolus.unit} ${f.bolus.route.toUpperCase()}`;
  if (!doseUnitsFor(drug).includes(unit)) return `${f.name} is dosed in ${doseUnitsFor(drug).join(' or ')}, not ${unit} (${usual}).`;
  if (!Number.isFinite(dose) || dose <= 0) return `Enter a dose of ${f.name} (${usual}).`;
  const fields = doseFields(dose, unit);
  const base = fields.doseUnits ?? fields.doseMg ?? (fields.doseMcg ?? 0) / 1000;
  if (base < l.bolus.min || base > l.bolus.max) return `${n(dose)} ${unit} of ${f.name} is outside the range WardTwin accepts for one dose, ${bolusRangeIn(l, unit)} (${usual}).`;
  if (!l.routes.includes(route)) return `${f.name} cannot be given ${route.toUpperCase()} here: ${l.routes.map((r) => r.toUpperCase()).join(', ')} (${usual}).`;
  return null;
}
