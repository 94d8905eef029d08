/**
 * Scenario conditions in words, for people reading a debrief or a gradebook (issue 15: the debrief showed
 * `truth.map_mmhg < 65 or truth.lactate_mmol_l >= 4`). Worded from the expression as written: variable
 * names lose their prefix and unit suffix, and the unit follows the number it is compared with.
 */

/** `septic_shock` → `septic shock`. */
const humanizeLabel = (id: string) => id.replace(/_/g, ' ');

/** Unit suffixes of condition variables (scenario/expr.ts snake-cases the engine's field names). */
const UNITS: readonly [suffix: string, unit: string][] = [
  ['_mmhg', 'mmHg'],
  ['_cmh2o', 'cmH2O'],
  ['_mmol_l', 'mmol/L'],
  ['_mg_dl', 'mg/dL'],
  ['_l_per_min', 'L/min'],
  ['_ml', 'mL'],
  ['_pct', '%'],
  ['_bpm', '/min'],
  ['_mm', 'mm'],
  ['_c', '°C'],
  ['_s', 's'],
];

/** Names read as acronyms or with their clinical capitalisation. */
const NAMES: Readonly<Record<string, string>> = {
  map: 'MAP',
  hr: 'heart rate',
  rr: 'respiratory rate',
  spo2: 'SpO2',
  sao2: 'SaO2',
  sbp: 'systolic BP',
  dbp: 'diastolic BP',
  etco2: 'EtCO2',
  pao2: 'PaO2',
  paco2: 'PaCO2',
  gcs: 'GCS',
  ph: 'pH',
  cvp: 'CVP',
  core_temp: 'core temperature',
  st_elevation: 'ST elevation',
  glucose: 'glucose',
  lactate: 'lactate',
};

/** Units a monitor numeric carries when the condition leaves the suffix off (`measured.spo2`). */
const DEFAULT_UNIT: Readonly<Record<string, string>> = { spo2: '%', sao2: '%', hr: '/min', rr: '/min', map: 'mmHg', sbp: 'mmHg', dbp: 'mmHg', etco2: 'mmHg' };

function variable(name: string): { words: string; unit: string } {
  for (const [suffix, unit] of UNITS) {
    if (name.endsWith(suffix) && name.length > suffix.length) {
      const base = name.slice(0, -suffix.length);
      return { words: NAMES[base] ?? humanizeLabel(base), unit };
    }
  }
  return { words: NAMES[name] ?? humanizeLabel(name), unit: DEFAULT_UNIT[name] ?? '' };
}

const OPS: Readonly<Record<string, string>> = { '<': '<', '<=': '≤', '>': '>', '>=': '≥', '==': '=', '!=': '≠' };

/** A condition (trigger, anchor, label) in words; `start` and an empty anchor read "the scenario start". */
export function conditionInWords(src: string): string {
  const s = src.trim();
  if (s === '' || s === 'start') return 'the scenario start';
  return (
    s
      // truth.x_unit OP number → "x OP number unit" (monitor values say so: the learner saw those).
      .replace(/\b(truth|measured)\.([a-z0-9_]+)(\s*(<=|>=|==|!=|<|>)\s*(-?\d+(?:\.\d+)?))?/g, (_m, kind: string, name: string, cmp: string | undefined, op: string, num: string, at: number, all: string) => {
        const v = variable(name);
        const who = kind === 'measured' ? `monitored ${v.words}` : v.words;
        // After arithmetic (hr / sbp > 0.9) the number is a ratio or a sum: no single variable's unit.
        const unit = /[-+*/]\s*$/.test(all.slice(0, at)) ? '' : v.unit;
        return cmp ? `${who} ${OPS[op]} ${num}${unit ? (unit === '%' ? ' %' : ` ${unit}`) : ''}` : who;
      })
      .replace(/\bepisode\.([a-z0-9_]+)/g, (_m, l: string) => `${humanizeLabel(l)} (episode)`)
      .replace(/\baction\.([a-z0-9_]+)(\s+given)?/g, (_m, a: string) => `${humanizeLabel(a)} given`)
      .replace(/\bstate\.([a-z0-9_]+)/g, (_m, st: string) => `scenario in state '${st}'`)
      .replace(/\bstate_time\b/g, 'time in this state')
      .replace(/\belapsed\b/g, 'time since the start')
      .replace(/\s*(<=|>=|==|!=)\s*/g, (_m, op: string) => ` ${OPS[op]} `)
  );
}
