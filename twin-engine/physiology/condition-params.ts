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
