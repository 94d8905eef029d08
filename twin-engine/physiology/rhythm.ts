/**
 * Cardiac rhythms the twin can be in. Shared vocabulary between the physiology model (which decides the
 * rhythm from disease, drugs and interventions) and the devices (which draw it on the ECG).
 */
export const RHYTHMS = [
  'sinus',
  'sinus_bradycardia',
  'sinus_tachycardia',
  'atrial_fibrillation',
  'atrial_flutter',
  'svt',
  'av_block_1',
  'av_block_2_mobitz1',
  'av_block_2_mobitz2',
  'av_block_3',
  'ventricular_tachycardia',
  'ventricular_fibrillation',
  'asystole',
  'pea',
  'paced',
] as const;

export type Rhythm = (typeof RHYTHMS)[number];

/** Rhythms in which the heart ejects no effective stroke volume (cardiac arrest). */
export const ARREST_RHYTHMS: ReadonlySet<Rhythm> = new Set<Rhythm>([
  'ventricular_fibrillation',
  'asystole',
  'pea',
]);
