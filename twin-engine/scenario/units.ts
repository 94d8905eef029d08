/**
 * Quantities with units, as instructors write them: `5 min`, `1000 mL`, `0.1 mcg/kg/min`, `38.5 C`.
 * Each dimension converts to one base unit, which is what the loaded scenario holds (and what the
 * identifiers downstream are suffixed with: `atS`, `volumeMl`, `doseMg`…). Units are case-sensitive
 * on purpose (`mg` vs `Mg`); near-misses get a did-you-mean instead of a silent guess.
 */
import { didYouMean } from './diagnostics';
import { own } from './own';

export interface DimensionDef {
  /** Used in messages: "expected a duration like '5 min'". */
  what: string;
  example: string;
  base: string;
  /** Factor to the base unit for each accepted unit. */
  units: Readonly<Record<string, number>>;
  /** Common misspellings mapped to the unit meant, so the suggestion is right even when far in edits. */
  aliases?: Readonly<Record<string, string>>;
}

export const DIMENSIONS = {
  duration: {
    what: 'a duration',
    example: '5 min',
    base: 's',
    units: { s: 1, min: 60, h: 3600 },
    aliases: { sec: 's', secs: 's', second: 's', seconds: 's', mins: 'min', minute: 'min', minutes: 'min', m: 'min', hr: 'h', hrs: 'h', hour: 'h', hours: 'h' },
  },
  age: { what: 'an age', example: '67 y', base: 'y', units: { y: 1 }, aliases: { yr: 'y', yrs: 'y', years: 'y', year: 'y' } },
  length: { what: 'a height', example: '175 cm', base: 'cm', units: { cm: 1, m: 100 } },
  bodyMass: { what: 'a body weight', example: '78 kg', base: 'kg', units: { kg: 1 }, aliases: { kgs: 'kg', KG: 'kg', Kg: 'kg' } },
  volume: { what: 'a volume', example: '1000 mL', base: 'mL', units: { mL: 1, L: 1000 }, aliases: { ml: 'mL', cc: 'mL', l: 'L' } },
  mass: { what: 'a dose', example: '4 mg', base: 'mg', units: { mcg: 0.001, mg: 1, g: 1000 }, aliases: { ug: 'mcg', µg: 'mcg', Mg: 'mg', MG: 'mg', gram: 'g' } },
  volumeRate: { what: 'a volume rate', example: '125 mL/h', base: 'mL/h', units: { 'mL/h': 1, 'mL/min': 60, 'L/h': 1000 }, aliases: { 'ml/h': 'mL/h', 'ml/hr': 'mL/h', 'mL/hr': 'mL/h', 'ml/min': 'mL/min' } },
  doseRate: { what: 'a dose rate', example: '0.1 mcg/kg/min', base: 'mcg/kg/min', units: { 'mcg/kg/min': 1 }, aliases: { 'ug/kg/min': 'mcg/kg/min' } },
  gasFlow: { what: 'a gas flow', example: '15 L/min', base: 'L/min', units: { 'L/min': 1 }, aliases: { lpm: 'L/min', 'l/min': 'L/min' } },
  fio2: { what: 'an inspired oxygen fraction', example: '0.4 FiO2', base: 'FiO2', units: { FiO2: 1, '%': 0.01 }, aliases: { fio2: 'FiO2', FIO2: 'FiO2' } },
  temperature: { what: 'a temperature', example: '38.5 C', base: 'C', units: { C: 1 }, aliases: { c: 'C', '°C': 'C', celsius: 'C' } },
  energy: { what: 'an energy', example: '200 J', base: 'J', units: { J: 1 }, aliases: { j: 'J', joules: 'J' } },
  pressure: { what: 'a pressure', example: '90 mmHg', base: 'mmHg', units: { mmHg: 1 }, aliases: { mmhg: 'mmHg' } },
  airwayPressure: { what: 'an airway pressure', example: '5 cmH2O', base: 'cmH2O', units: { cmH2O: 1 }, aliases: { cmh2o: 'cmH2O' } },
  perMinute: { what: 'a rate per minute', example: '80 /min', base: '/min', units: { '/min': 1 }, aliases: { bpm: '/min', 'per min': '/min', '/m': '/min' } },
  percent: { what: 'a percentage', example: '95 %', base: '%', units: { '%': 1 }, aliases: { pct: '%', percent: '%' } },
  mmolPerL: { what: 'a concentration', example: '4.2 mmol/L', base: 'mmol/L', units: { 'mmol/L': 1 }, aliases: { 'mmol/l': 'mmol/L', mM: 'mmol/L' } },
  /** Glucose is written either way on wards; 18 mg/dL per mmol/L (molar mass of glucose 180 g/mol). */
  glucose: { what: 'a glucose concentration', example: '70 mg/dL', base: 'mg/dL', units: { 'mg/dL': 1, 'mmol/L': 18 }, aliases: { 'mg/dl': 'mg/dL', 'mmol/l': 'mmol/L' } },
  insulinUnits: { what: 'an insulin dose', example: '10 units', base: 'units', units: { units: 1 }, aliases: { IU: 'units', U: 'units', unit: 'units' } },
  insulinRate: { what: 'an insulin rate', example: '6 units/h', base: 'units/h', units: { 'units/h': 1 }, aliases: { 'IU/h': 'units/h', 'U/h': 'units/h' } },
  volumePerKg: { what: 'a volume per body weight', example: '30 mL/kg', base: 'mL/kg', units: { 'mL/kg': 1 }, aliases: { 'ml/kg': 'mL/kg' } },
} as const satisfies Record<string, DimensionDef>;

export type Dimension = keyof typeof DIMENSIONS;

export type QuantityParse = { ok: true; value: number; unit: string } | { ok: false; message: string; suggestion?: string };

const NUMBER_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/;

/** Parse `<number> <unit>`; the value returned is in the dimension's base unit. */
export function parseQuantity(text: string, dim: Dimension): QuantityParse {
  const d: DimensionDef = DIMENSIONS[dim];
  const expected = `expected ${d.what} like '${d.example}'`;
  const s = text.trim();
  const m = NUMBER_RE.exec(s);
  if (!m) return { ok: false, message: `${expected}, found '${text}'` };
  const num = Number(m[0]);
  const unit = s.slice(m[0].length).trim();
  if (unit === '') return { ok: false, message: `${expected}, found '${text}' (no unit)`, suggestion: `${m[0]} ${d.example.split(' ')[1]}` };
  const factor = own(d.units, unit);
  if (factor === undefined) {
    const suggestion = own(d.aliases, unit) ?? didYouMean(unit, Object.keys(d.units));
    const accepted = Object.keys(d.units).map((u) => `'${u}'`).join(', ');
    return { ok: false, message: `${expected}, found '${text}'; units: ${accepted}`, ...(suggestion ? { suggestion } : {}) };
  }
  return { ok: true, value: num * factor, unit };
}

/** Format a base-unit value back for messages (`300 s` → `5 min` when it divides evenly). */
export function formatQuantity(value: number, dim: Dimension): string {
  const d: DimensionDef = DIMENSIONS[dim];
  if (dim === 'duration') {
    if (value !== 0 && value % 3600 === 0) return `${value / 3600} h`;
    if (value !== 0 && value % 60 === 0) return `${value / 60} min`;
    return `${round(value)} s`;
  }
  return `${round(value)} ${d.base}`;
}

function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
