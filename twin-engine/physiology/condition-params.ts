/**
 * The numeric condition parameters the model reads (ConditionSpec.params), each with its unit and the
 * range the model accepts. One definition: the engine's validateConditionSpec enforces it and the
 * scenario checker reports a scenario file against it, so a value the file check passes is never
 * refused later by the engine. The names end in their unit (see scenario/condition-params.ts).
 */
export interface ConditionParamDef {
  /** Display unit; the scenario checker converts quantities to it. '' for flags (0/1, true/false). */
  unit: string;
  min: number;
  max: number;
}

export const CONDITION_PARAMS = {
  /** hemorrhage: bleeding rate; 5 L/min is a whole cardiac output (aortic rupture). */
  rateMlPerMin: { unit: 'mL/min', min: 0, max: 5000 },
  /** hemorrhage: total volume lost before the bleeding stops. */
  volumeMl: { unit: 'mL', min: 1, max: 10000 },
  /** opioid_overdose: morphine-equivalent dose. */
  doseMg: { unit: 'mg', min: 0, max: 2000 },
  /** arrhythmia: ventricular (or atrial, for flutter/SVT) rate. */
  rateBpm: { unit: '/min', min: 20, max: 300 },
  /** arrhythmia (ventricular_tachycardia): 1 = pulseless. */
  pulseless: { unit: '', min: 0, max: 1 },
  /** hemorrhage: 1 = the bleeding rate falls with blood pressure. */
  pressureDependent: { unit: '', min: 0, max: 1 },
} as const satisfies Record<string, ConditionParamDef>;

export type ConditionParamName = keyof typeof CONDITION_PARAMS;

/** The definition of a model parameter, or undefined for names the model does not read. */
export function conditionParam(name: string): ConditionParamDef | undefined {
  return Object.prototype.hasOwnProperty.call(CONDITION_PARAMS, name) ? CONDITION_PARAMS[name as ConditionParamName] : undefined;
}

/**
 * stemi: the culprit territory (params.territory), named data the ECG reads: which leads show the ST
 * elevation and which the reciprocal depression (devices/ecg12.ts gives each territory its ST vector).
 * Inferior (right coronary artery): ST up in II, III, aVF, down in I and aVL; anterior (left anterior
 * descending): up in V1–V4; lateral (circumflex): up in I, aVL, V5, V6 (docs/REFERENCES.md#udmi4).
 * Default inferior.
 */
export const STEMI_TERRITORIES = ['inferior', 'anterior', 'lateral'] as const;
export type StemiTerritory = (typeof STEMI_TERRITORIES)[number];
export const DEFAULT_STEMI_TERRITORY: StemiTerritory = 'inferior';
/** The parameters that are names, not numbers (rhythm: RHYTHMS; territory: STEMI_TERRITORIES). */
export const NAMED_CONDITION_PARAMS = ['rhythm', 'territory'] as const;

/** The territory a stemi condition's params name (default inferior); undefined when the name is unknown. */
export function stemiTerritory(params: Record<string, number | string> | undefined): StemiTerritory | undefined {
  const t = params?.territory;
  if (t === undefined) return DEFAULT_STEMI_TERRITORY;
  return (STEMI_TERRITORIES as readonly unknown[]).includes(t) ? (t as StemiTerritory) : undefined;
}
