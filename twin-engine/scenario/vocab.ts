/**
 * The names a scenario may use, taken from the engine's own exported lists so a scenario can only
 * name what the engine implements, and a misspelling gets a did-you-mean. Imported from the
 * physiology's plain-data module (not its index) so loading a scenario does not pull in the model.
 */
import type { MonitorNumerics } from '../devices/types';
import { RHYTHMS } from '../physiology/rhythm';
import {
  CHRONIC_AF_RATE_BPM,
  HEART_FAILURE_SBP_MMHG,
  COMORBIDITIES,
  CONDITION_KINDS,
  DRUG_IDS,
  EPISODE_LABELS,
  INTERVENTION_KINDS,
  STANDARD_ADULT,
  type ConditionKind,
  type ConditionSpec,
  type DrugId,
  type InterventionKind,
  type InterventionSpec,
  type Confounders,
  type PatientProfile,
  type TrueState,
} from '../physiology/types';

export { CHRONIC_AF_RATE_BPM, COMORBIDITIES, HEART_FAILURE_SBP_MMHG, CONDITION_KINDS, DRUG_IDS, EPISODE_LABELS, INTERVENTION_KINDS, RHYTHMS, STANDARD_ADULT };
export type { ConditionKind, ConditionSpec, Confounders, DrugId, InterventionKind, InterventionSpec, MonitorNumerics, PatientProfile, TrueState };

/** Cohort-file names of the engine's confounders (physiology/types.ts Confounders), YAML → profile key. */
export const CONFOUNDER_KEYS = { beta_blocker: 'betaBlocker', afebrile_response: 'afebrileResponse', non_bacterial_fever: 'nonBacterialFever', chronic_af: 'chronicAfRateBpm', treated_hypertension: 'treatedHypertension', contained_infection: 'containedInfection', heart_failure_sbp: 'heartFailureSbpMmHg' } as const satisfies Record<string, keyof Confounders>;

type NumericKeys<T> = { [K in keyof T]: T[K] extends number ? K : never }[keyof T];

/**
 * Numeric fields of TrueState usable as `truth.<name>`. Type-checked against TrueState; a test compares
 * it with a live model's state so new fields are noticed without breaking the build.
 */
export const TRUTH_KEYS = [
  'timeS', 'hrBpm', 'svMl', 'coLPerMin', 'efFraction', 'sbpMmHg', 'dbpMmHg', 'mapMmHg', 'cvpMmHg', 'pcwpMmHg', 'paSysMmHg',
  'paDiaMmHg', 'paMeanMmHg', 'svrDynSCmM5', 'bloodVolumeMl', 'rrBpm', 'tidalVolumeMl', 'minuteVentLPerMin', 'deadSpaceFraction',
  'complianceMlPerCmH2O', 'airwayResistanceCmH2OPerLPerS', 'workOfBreathingJPerMin', 'fio2', 'pao2MmHg', 'paco2MmHg', 'sao2Pct',
  'etco2MmHg', 'shuntFraction', 'do2MlPerMin', 'vo2MlPerMin', 'lactateMmolL', 'ph', 'hco3MmolL', 'baseExcessMmolL', 'coreTempC',
  'glucoseMgDl', 'potassiumMmolL', 'hbGDl', 'wbc10e9L', 'troponinNgL', 'creatinineMgDl', 'urineMlPerH', 'fluidBalanceMl', 'gcs',
  'stElevationMm', 'qrsWidthMs', 'peripheralPerfusion', 'infectionLoad', 'sofaScore', 'pulseRateBpm', 'svo2Pct',
  'pao2AlveolarMmHg', 'plateletsE9L', 'bilirubinMgDl', 'ketonesMmolL', 'peepCmH2O', 'pacingRateBpm',
] as const satisfies readonly NumericKeys<TrueState>[];

/** Numeric fields of the monitor usable as `measured.<name>` (null readings make comparisons false). */
export const MEASURED_KEYS = [
  'hrBpm', 'prBpm', 'spo2Pct', 'perfusionIndexPct', 'rrBpm', 'etco2MmHg', 'artSysMmHg', 'artDiaMmHg', 'artMeanMmHg',
  'nibpSysMmHg', 'nibpDiaMmHg', 'nibpMeanMmHg', 'tempC',
] as const satisfies readonly (keyof MonitorNumerics)[];

/**
 * Groups a learner's intervention also counts as, so an expected action can be "vasopressor" or
 * "fluids" whichever drug or fluid the learner picks. Members are intervention kinds or drug ids.
 */
export const ACTION_GROUPS: Readonly<Record<string, readonly string[]>> = {
  vasopressor: ['norepinephrine', 'epinephrine'],
  fluids: ['fluid_bolus', 'fluid_infusion', 'blood_transfusion'],
  bronchodilator: ['salbutamol'],
  opioid_reversal: ['naloxone'],
  rate_control: ['metoprolol', 'amiodarone'],
  electrical_therapy: ['defibrillation', 'cardioversion', 'pacing'],
  airway: ['intubation'],
};

/** Actions that do not act on the model but that debriefs score (investigations, escalation). */
export const NON_MODEL_ACTIONS = [
  'blood_cultures', 'lactate_sample', 'abg', 'ecg_12_lead', 'chest_xray', 'glucose_check', 'call_for_help', 'senior_review',
  'sepsis_screen', 'urine_output', 'troponin', 'cath_lab_activation', 'crossmatch', 'airway_check', 'stop_opioid',
  'ketones_check', 'potassium_check', 'source_control', 'peak_flow', 'ct_pulmonary_angiogram', 'anticoagulation',
] as const;

export const LEARNER_ACTIONS: readonly string[] = [...INTERVENTION_KINDS, ...DRUG_IDS, ...Object.keys(ACTION_GROUPS), ...NON_MODEL_ACTIONS].filter(
  (x, i, a) => a.indexOf(x) === i,
);

/** The learner-action names an intervention satisfies: its kind, its drug, and the groups of either. */
export function actionsForIntervention(spec: Pick<InterventionSpec, 'kind' | 'drug'>): string[] {
  const names: string[] = [spec.kind];
  if (spec.drug !== undefined) names.push(spec.drug);
  for (const [group, members] of Object.entries(ACTION_GROUPS)) {
    if (members.includes(spec.kind) || (spec.drug !== undefined && members.includes(spec.drug))) names.push(group);
  }
  return names;
}

export const SEXES = ['male', 'female'] as const;
export const OXYGEN_DEVICES = ['nasal_cannula', 'simple_mask', 'nrb_mask', 'ventilator'] as const satisfies readonly NonNullable<InterventionSpec['device']>[];
export const POSITIONS = ['supine', 'upright', 'legs_raised', 'recovery'] as const satisfies readonly NonNullable<InterventionSpec['position']>[];
export const ROUTES = ['iv', 'im', 'neb', 'sc', 'inh'] as const satisfies readonly NonNullable<InterventionSpec['route']>[];
export const FLUIDS = ['crystalloid', 'blood'] as const satisfies readonly NonNullable<InterventionSpec['fluid']>[];

/** Names used on wards (British/US/brand) for the engine's drug ids: offered as did-you-mean. */
export const DRUG_ALIASES: Readonly<Record<string, DrugId>> = {
  noradrenaline: 'norepinephrine',
  adrenaline: 'epinephrine',
  albuterol: 'salbutamol',
  ventolin: 'salbutamol',
  narcan: 'naloxone',
  glucose: 'dextrose',
  antibiotic: 'antibiotics',
  ceftriaxone: 'antibiotics',
  piperacillin_tazobactam: 'antibiotics',
  meropenem: 'antibiotics',
  co_amoxiclav: 'antibiotics',
};
