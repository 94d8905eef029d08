/**
 * The value ranges of every intervention parameter, defined once (docs/REFERENCES.md#intervention-limits
 * for the maxima). The model refuses anything outside them (interventions.ts), the scenario checker
 * reports a scenario file against the same check (scenario/scenario-check.ts, with the place in the file),
 * the published JSON schema and the editor's form show them (scenario/scenario-schema.ts), so a value the
 * file check passes is never refused later by the model, and a value the model refuses never validates.
 *
 * Plain data and pure functions: no model state, so the loader can use it without pulling in the model.
 */
import { DRUG_IDS, INTERVENTION_KINDS, type DrugId, type InterventionKind, type InterventionSpec } from './types';

export interface Limit {
  min: number;
  max: number;
  /** The unit the field is in (base unit of the scenario format's dimension). */
  unit: string;
}

const lim = (min: number, max: number, unit: string): Limit => ({ min, max, unit });

/** Per drug: bolus dose (mg; insulin in units), the routes it may be given by, infusion ceiling (µg/kg/min). */
export interface DrugLimits {
  bolus: Limit;
  routes: readonly NonNullable<InterventionSpec['route']>[];
  /** Route used when none is given. */
  defaultRoute: NonNullable<InterventionSpec['route']>;
  /** null: infused in other units (insulin units/h, dextrose as D10 mL/h or µg/kg/min). */
  infusion: Limit | null;
}

export const DRUG_LIMITS: Readonly<Record<DrugId, DrugLimits>> = {
  norepinephrine: { bolus: lim(0.001, 0.1, 'mg'), routes: ['iv'], defaultRoute: 'iv', infusion: lim(0, 3, 'mcg/kg/min') },
  epinephrine: { bolus: lim(0.01, 1, 'mg'), routes: ['iv', 'im'], defaultRoute: 'iv', infusion: lim(0, 2, 'mcg/kg/min') },
  fentanyl: { bolus: lim(0.01, 1, 'mg'), routes: ['iv', 'im'], defaultRoute: 'iv', infusion: lim(0, 0.1, 'mcg/kg/min') },
  morphine: { bolus: lim(0.5, 50, 'mg'), routes: ['iv', 'im', 'sc'], defaultRoute: 'iv', infusion: lim(0, 1, 'mcg/kg/min') },
  naloxone: { bolus: lim(0.04, 10, 'mg'), routes: ['iv', 'im', 'sc'], defaultRoute: 'iv', infusion: lim(0, 0.2, 'mcg/kg/min') },
  salbutamol: { bolus: lim(0.1, 20, 'mg'), routes: ['neb', 'inh', 'iv'], defaultRoute: 'neb', infusion: lim(0, 0.5, 'mcg/kg/min') },
  amiodarone: { bolus: lim(50, 450, 'mg'), routes: ['iv'], defaultRoute: 'iv', infusion: lim(0, 20, 'mcg/kg/min') },
  metoprolol: { bolus: lim(1, 20, 'mg'), routes: ['iv'], defaultRoute: 'iv', infusion: lim(0, 2, 'mcg/kg/min') },
  dextrose: { bolus: lim(1000, 50000, 'mg'), routes: ['iv'], defaultRoute: 'iv', infusion: null },
  insulin: { bolus: lim(0.5, 50, 'units'), routes: ['iv', 'sc'], defaultRoute: 'iv', infusion: null },
  antibiotics: { bolus: lim(100, 5000, 'mg'), routes: ['iv', 'im'], defaultRoute: 'iv', infusion: lim(0, 100, 'mcg/kg/min') },
};

/** The other numeric intervention parameters. */
export const INTERVENTION_LIMITS = {
  fio2: lim(0.21, 1, 'FiO2'),
  /** Oxygen flow per device (BTS 2017); 0 switches a mask off. */
  flow: { nasal_cannula: lim(0, 6, 'L/min'), simple_mask: lim(5, 10, 'L/min'), nrb_mask: lim(10, 15, 'L/min') },
  fluidBolusVolume: lim(1, 3000, 'mL'),
  fluidBolusRate: lim(1, 20000, 'mL/h'),
  fluidInfusionRate: lim(0, 1000, 'mL/h'),
  transfusionVolume: lim(50, 3000, 'mL'),
  transfusionRate: lim(1, 20000, 'mL/h'),
  insulinRate: lim(0, 50, 'units/h'),
  /** Dextrose infusion given as D10 (100 mg/mL) in mL/h, or as glucose µg/kg/min. */
  dextroseD10Rate: lim(0, 500, 'mL/h'),
  dextroseRate: lim(0, 15000, 'mcg/kg/min'),
  energy: lim(1, 360, 'J'),
  /** 0 switches pacing off. */
  pacingRate: lim(30, 180, '/min'),
  ventilator: {
    tidalVolumeMl: lim(200, 1000, 'mL'),
    rrBpm: lim(4, 40, '/min'),
    peepCmH2O: lim(0, 24, 'cmH2O'),
    fio2: lim(0.21, 1, 'FiO2'),
  },
} as const;

/** 1 IU insulin = 34.7 µg (WHO International Standard): an insulin dose may be written as a mass. */
export const MCG_PER_IU = 34.7;

/** Every key an InterventionSpec may carry (a misspelt one would otherwise be silently ignored). */
export const INTERVENTION_SPEC_KEYS = [
  'kind', 'drug', 'doseMg', 'doseMcg', 'doseUnits', 'rateMcgPerKgPerMin', 'rateUnitsPerH', 'volumeMl', 'rateMlPerH', 'fluid',
  'fio2', 'device', 'flowLPerMin', 'energyJ', 'position', 'ventilator', 'pacingRateBpm', 'route',
] as const satisfies readonly (keyof InterventionSpec)[];

/** The keys each kind reads (besides `kind`); any other key would do nothing. */
export const INTERVENTION_READS: Readonly<Record<InterventionKind, readonly (keyof InterventionSpec)[]>> = {
  oxygen: ['device', 'fio2', 'flowLPerMin', 'ventilator'],
  fluid_bolus: ['volumeMl', 'rateMlPerH', 'fluid'],
  fluid_infusion: ['rateMlPerH', 'fluid'],
  blood_transfusion: ['volumeMl', 'rateMlPerH'],
  drug_bolus: ['drug', 'doseMg', 'doseMcg', 'doseUnits', 'route'],
  drug_infusion: ['drug', 'rateMcgPerKgPerMin', 'rateUnitsPerH', 'rateMlPerH'],
  stop_infusion: ['drug', 'fluid'],
  defibrillation: ['energyJ'],
  cardioversion: ['energyJ'],
  pacing: ['pacingRateBpm'],
  needle_decompression: [],
  intubation: ['ventilator'],
  extubation: [],
  cpr_start: [],
  cpr_stop: [],
  positioning: ['position'],
  hemorrhage_control: [],
};

/**
 * Why a spec cannot be applied whatever the patient's state, or null. `field` is the spec key (or
 * `ventilator.<key>`); `what` names the value for a message; `limit`/`found` are set for a range.
 */
export interface InterventionProblem {
  field: string;
  what: string;
  limit?: Limit;
  found?: unknown;
  /** The complete reason, when it is not a range (e.g. a route). */
  reason?: string;
}

const POSITIONS = ['supine', 'upright', 'legs_raised', 'recovery'];
const DEVICES = ['nasal_cannula', 'simple_mask', 'nrb_mask', 'ventilator'];

function outside(v: unknown, l: Limit): boolean {
  return typeof v !== 'number' || !Number.isFinite(v) || v < l.min || v > l.max;
}

function rangeProblem(field: string, what: string, v: unknown, l: Limit): InterventionProblem | null {
  return outside(v, l) ? { field, what, limit: l, found: v } : null;
}

const VENT_WHAT: Record<string, string> = { tidalVolumeMl: 'tidal volume', rrBpm: 'rate', peepCmH2O: 'PEEP', fio2: 'FiO2' };

function ventilatorProblem(v: unknown): InterventionProblem | null {
  if (v === null || typeof v !== 'object') return { field: 'ventilator', what: 'ventilator settings', reason: 'ventilator settings { tidalVolumeMl, rrBpm, peepCmH2O, fio2 } are required' };
  const o = v as Record<string, unknown>;
  for (const [k, l] of Object.entries(INTERVENTION_LIMITS.ventilator)) {
    const p = rangeProblem(`ventilator.${k}`, `ventilator ${VENT_WHAT[k]}`, o[k], l);
    if (p) return p;
  }
  return null;
}

/** The insulin bolus in units, however it was written (doseUnits, doseMcg or doseMg). */
export function insulinUnits(spec: InterventionSpec): number | undefined {
  if (spec.doseUnits !== undefined) return spec.doseUnits;
  if (spec.doseMcg !== undefined) return spec.doseMcg / MCG_PER_IU;
  if (spec.doseMg !== undefined) return (spec.doseMg * 1000) / MCG_PER_IU;
  return undefined;
}

/** The bolus dose in mg for drugs other than insulin. */
export function bolusMg(spec: InterventionSpec): number | undefined {
  return spec.doseMg !== undefined ? spec.doseMg : spec.doseMcg !== undefined ? spec.doseMcg / 1000 : undefined;
}

/**
 * The check every intervention passes before it reaches the model: names, routes and every value
 * against the tables above. State-dependent refusals (a ventilator without a tube) are the model's.
 * Defaults the model applies to omitted values (a 500 mL bolus) are inside the ranges.
 */
export function interventionProblem(spec: InterventionSpec): InterventionProblem | null {
  const kind = spec.kind;
  for (const k of Object.keys(spec)) {
    if (!(INTERVENTION_SPEC_KEYS as readonly string[]).includes(k) && (spec as unknown as Record<string, unknown>)[k] !== undefined)
      return { field: k, what: k, reason: `'${k}' is not an intervention parameter; known: ${INTERVENTION_SPEC_KEYS.join(', ')}` };
  }
  if (INTERVENTION_KINDS.indexOf(kind) < 0) return { field: 'kind', what: 'kind', reason: `unknown kind '${String(kind)}'; allowed: ${INTERVENTION_KINDS.join(', ')}` };
  const drugOk = (): InterventionProblem | null =>
    spec.drug !== undefined && DRUG_IDS.indexOf(spec.drug) >= 0 ? null : { field: 'drug', what: 'drug', reason: `drug must be one of ${DRUG_IDS.join(', ')}, got ${String(spec.drug)}` };
  const L = INTERVENTION_LIMITS;
  switch (kind) {
    case 'oxygen': {
      if (spec.device !== undefined && DEVICES.indexOf(spec.device) < 0)
        return { field: 'device', what: 'device', reason: "device must be 'nasal_cannula', 'simple_mask', 'nrb_mask' or 'ventilator' (or give fio2)" };
      if (spec.device === 'ventilator') return ventilatorProblem(spec.ventilator);
      if (spec.fio2 !== undefined) return rangeProblem('fio2', 'fio2', spec.fio2, L.fio2);
      if (spec.device === undefined) return { field: 'device', what: 'device', reason: "device must be 'nasal_cannula', 'simple_mask', 'nrb_mask' or 'ventilator' (or give fio2)" };
      const l = L.flow[spec.device];
      const f = spec.flowLPerMin;
      // A mask at 0 L/min is off (room air); any other flow must suit the device.
      if (spec.device !== 'nasal_cannula' && f === 0) return null;
      return rangeProblem('flowLPerMin', `${spec.device} oxygen flow`, f, l);
    }
    case 'fluid_bolus':
      return (
        (spec.volumeMl === undefined ? null : rangeProblem('volumeMl', 'fluid_bolus volume', spec.volumeMl, L.fluidBolusVolume)) ??
        (spec.rateMlPerH === undefined ? null : rangeProblem('rateMlPerH', 'fluid_bolus rate', spec.rateMlPerH, L.fluidBolusRate))
      );
    case 'fluid_infusion':
      return rangeProblem('rateMlPerH', 'fluid_infusion rate', spec.rateMlPerH, L.fluidInfusionRate);
    case 'blood_transfusion':
      return (
        (spec.volumeMl === undefined ? null : rangeProblem('volumeMl', 'blood_transfusion volume', spec.volumeMl, L.transfusionVolume)) ??
        (spec.rateMlPerH === undefined ? null : rangeProblem('rateMlPerH', 'blood_transfusion rate', spec.rateMlPerH, L.transfusionRate))
      );
    case 'drug_bolus': {
      const bad = drugOk();
      if (bad) return bad;
      const drug = spec.drug as DrugId;
      const d = DRUG_LIMITS[drug];
      const route = spec.route ?? d.defaultRoute;
      if (d.routes.indexOf(route) < 0) return { field: 'route', what: 'route', reason: `route for ${drug} must be one of ${d.routes.join(', ')}, got ${String(route)}` };
      if (drug === 'insulin') {
        const field = spec.doseUnits !== undefined ? 'doseUnits' : spec.doseMcg !== undefined ? 'doseMcg' : 'doseMg';
        return rangeProblem(field, 'insulin dose', insulinUnits(spec), d.bolus);
      }
      const mg = bolusMg(spec);
      if (mg === undefined) return { field: 'doseMg', what: `${drug} dose`, reason: `doseMg or doseMcg is required for ${drug}` };
      return rangeProblem(spec.doseMg !== undefined ? 'doseMg' : 'doseMcg', `${drug} dose`, mg, d.bolus);
    }
    case 'drug_infusion': {
      const bad = drugOk();
      if (bad) return bad;
      const drug = spec.drug as DrugId;
      if (drug === 'insulin') return rangeProblem('rateUnitsPerH', 'insulin rate', spec.rateUnitsPerH, L.insulinRate);
      if (drug === 'dextrose') {
        if (spec.rateMlPerH !== undefined) return rangeProblem('rateMlPerH', 'dextrose (D10) rate', spec.rateMlPerH, L.dextroseD10Rate);
        return rangeProblem('rateMcgPerKgPerMin', 'dextrose dose rate', spec.rateMcgPerKgPerMin, L.dextroseRate);
      }
      return rangeProblem('rateMcgPerKgPerMin', `${drug} dose rate`, spec.rateMcgPerKgPerMin, DRUG_LIMITS[drug].infusion!);
    }
    case 'stop_infusion':
      return spec.drug !== undefined ? drugOk() : null;
    case 'defibrillation':
    case 'cardioversion':
      return spec.energyJ === undefined ? null : rangeProblem('energyJ', 'shock energy', spec.energyJ, L.energy);
    case 'pacing':
      return spec.pacingRateBpm === undefined || spec.pacingRateBpm === 0 ? null : rangeProblem('pacingRateBpm', 'pacing rate (0 = off)', spec.pacingRateBpm, L.pacingRate);
    case 'intubation':
      return spec.ventilator === undefined ? null : ventilatorProblem(spec.ventilator);
    case 'positioning':
      return POSITIONS.indexOf(spec.position as string) >= 0 ? null : { field: 'position', what: 'position', reason: `position must be supine, upright, legs_raised or recovery, got ${String(spec.position)}` };
    default:
      return null;
  }
}

/** The model's phrasing of a problem: "<what> must be a number in lo..hi unit, got v". */
export function problemText(p: InterventionProblem): string {
  if (p.reason !== undefined) return p.reason;
  const l = p.limit!;
  return `${p.what} must be a number in ${l.min}..${l.max} ${l.unit}, got ${String(p.found)}`;
}
