import { PatientModel, STANDARD_ADULT, type PatientProfile, type TrueState } from '../../twin-engine/physiology/index';

export function patient(seed = 1, profile: PatientProfile = STANDARD_ADULT): PatientModel {
  return new PatientModel(profile, seed);
}

/** Copy of the numeric/boolean/string state (for before/after comparisons). */
export function copy(s: Readonly<TrueState>): TrueState {
  return { ...s };
}

export function allFinite(s: Readonly<TrueState>): string[] {
  const bad: string[] = [];
  for (const [k, v] of Object.entries(s)) if (typeof v === 'number' && !Number.isFinite(v)) bad.push(`${k}=${v}`);
  return bad;
}
