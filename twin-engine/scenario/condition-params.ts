/**
 * Condition parameters are passed to the model as `Record<string, number | string>`. Their names end
 * in a unit (rateMlPerMin, rateBpm, doseMg), so a quantity written with a unit is converted to that
 * unit here, and a bare number is taken to be in it already.
 */
import { didYouMean } from './diagnostics';
import { parseQuantity, type Dimension } from './units';
import { RHYTHMS } from './vocab';
import { CONDITION_PARAMS, conditionParam, NAMED_CONDITION_PARAMS, STEMI_TERRITORIES } from '../physiology/condition-params';

/**
 * Suffix → dimension and the factor from that dimension's base unit to the suffix's unit. The range a
 * parameter may take is the model's own (physiology/condition-params.ts), so a value this check passes
 * is never refused by the engine ('rateBpm: 900' is refused here, with the place in the file).
 */
const SUFFIXES: readonly [RegExp, Dimension, number][] = [
  [/MlPerMin$/, 'volumeRate', 1 / 60],
  [/MlPerH$/, 'volumeRate', 1],
  [/Bpm$/, 'perMinute', 1],
  [/Mcg$/, 'mass', 1000],
  [/Mg$/, 'mass', 1],
  [/Ml$/, 'volume', 1],
  [/MmHg$/, 'pressure', 1],
  [/Pct$/, 'percent', 1],
  [/S$/, 'duration', 1],
  [/C$/, 'temperature', 1],
];

/**
 * The unit a condition parameter's name ends in: its dimension and factor from the base unit, with the
 * range and unit text of the model's own definition (physiology/condition-params.ts) where it has one.
 */
export function conditionParamUnit(key: string): { dim: Dimension; factor: number; min: number; max: number; unit: string } | undefined {
  const s = SUFFIXES.find(([re]) => re.test(key));
  if (s === undefined) return undefined;
  const def = conditionParam(key);
  return { dim: s[1], factor: s[2], min: def?.min ?? 0, max: def?.max ?? Infinity, unit: def?.unit ?? '' };
}

export type ParamResult = { ok: true; value: number | string } | { ok: false; message: string; suggestion?: string };

export function convertConditionParam(key: string, v: number | string | boolean): ParamResult {
  if (typeof v === 'boolean') return { ok: true, value: v ? 1 : 0 };
  if (key === 'rhythm') {
    if (typeof v === 'string' && (RHYTHMS as readonly string[]).includes(v)) return { ok: true, value: v };
    return { ok: false, message: `expected a rhythm (${RHYTHMS.join(', ')}), found '${v}'`, suggestion: didYouMean(String(v), RHYTHMS) };
  }
  if (key === 'territory') {
    if (typeof v === 'string' && (STEMI_TERRITORIES as readonly string[]).includes(v)) return { ok: true, value: v };
    return { ok: false, message: `expected a STEMI territory (${STEMI_TERRITORIES.join(', ')}), found '${v}'`, suggestion: didYouMean(String(v), STEMI_TERRITORIES) };
  }
  const def = conditionParam(key);
  if (def === undefined) {
    // The model ignores names it does not read, so a misspelt one would silently do nothing.
    const known = [...NAMED_CONDITION_PARAMS, ...Object.keys(CONDITION_PARAMS)];
    return { ok: false, message: `expected a condition parameter (${known.join(', ')}), found '${key}'`, suggestion: didYouMean(key, known) };
  }
  const suffix = SUFFIXES.find(([re]) => re.test(key));
  let n: number;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return { ok: false, message: `expected a finite number, found ${v}` };
    n = v;
  } else {
    if (suffix === undefined || !/^\s*[+-]?[\d.]/.test(v)) {
      const like = def.unit === '' ? 'true or false' : `a number in ${def.unit}`;
      return { ok: false, message: `expected ${key} as ${like}, found '${v}'` };
    }
    const q = parseQuantity(v, suffix[1]);
    if (!q.ok) return { ok: false, message: q.message, suggestion: q.suggestion };
    n = q.value * suffix[2];
  }
  const [lo, hi, unit] = [def.min, def.max, def.unit === '' ? '' : ` ${def.unit}`];
  if (n < lo || n > hi) {
    const range = hi === Infinity ? `at least ${lo}` : `between ${lo} and ${hi}${unit}`;
    return { ok: false, message: `expected ${key} ${range}, found ${typeof v === 'number' ? v : `'${v}'`}` };
  }
  return { ok: true, value: n };
}
