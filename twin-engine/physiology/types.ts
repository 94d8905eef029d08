/**
 * Public data model of the physiology engine: patient profile, conditions, interventions, the hidden
 * "true state" and truth episodes. Everything here is plain data (JSON-safe); behaviour lives in the
 * per-system files and the engine core (engine.ts). SIMULATION ONLY — not for clinical use.
 */
import type { Rhythm } from './rhythm';

/** Fixed integration step of the engine (s). Slow systems run every SLOW_EVERY steps (see engine.ts). */
export const PHYSIOLOGY_DT_S = 0.1;

export type Sex = 'male' | 'female';
export type Comorbidity = 'copd' | 'heart_failure' | 'diabetes' | 'ckd';
export const COMORBIDITIES: readonly Comorbidity[] = ['copd', 'heart_failure', 'diabetes', 'ckd'];

/**
 * Pre-existing traits of one patient that change the vitals an early-warning score reads without any
 * deterioration, or blunt the response to one (docs/REFERENCES.md § Confounders). A real ward is full of
 * them, which is why real scores discriminate at 0.6–0.85; a twin without them telegraphs deterioration.
 * Absent = the typical response.
 */
export interface Confounders {
  /**
   * Chronic β-blocker therapy: resting heart rate 12/min lower (docs/REFERENCES.md#kotecha-2017), and
   * a sympathetic heart-rate ceiling of 164 − 0.7 × age (docs/REFERENCES.md#brawner-2004) instead of
   * 208 − 0.7 × age, so the reflex tachycardia to the same stimulus is proportionally smaller.
   */
  betaBlocker?: boolean;
  /**
   * No febrile response to systemic inflammation: the infected patient stays normothermic (36–38 °C),
   * as 57 % of patients admitted with severe infection are (docs/REFERENCES.md#henriksen-2016).
   */
  afebrileResponse?: boolean;
  /**
   * A fever not caused by bacterial infection (tissue necrosis, neoplasm, drug reaction, viral illness):
   * the set point raised to 38.3 °C, the mean first-day temperature of such fevers in medical inpatients
   * (docs/REFERENCES.md#fever-medical-inpatients-1988), with the tachycardia the model attaches to any
   * fever — and no infection, so no sepsis.
   */
  nonBacterialFever?: boolean;
  /**
   * Permanent atrial fibrillation under rate control: the rhythm is AF from the start, its resting
   * ventricular rate this many beats/min (RACE II lenient control: 93 ± 8 at rest,
   * docs/REFERENCES.md#groenveld-2013), rising with sympathetic drive as the model's AF does.
   */
  chronicAfRateBpm?: number;
  /**
   * Treated hypertension: resting systolic pressure 136 mmHg, the standard-treatment arm of SPRINT
   * (docs/REFERENCES.md#sprint-2015), against the model's ≈ 115 at 66 y — a septic or haemorrhagic fall
   * starts higher and crosses the scores' systolic thresholds (≤ 100, ≤ 110) later.
   */
  treatedHypertension?: boolean;
  /**
   * A bacterial infection that stays local (cellulitis, cystitis, a chest infection) and never becomes
   * sepsis: the set point at 38.9 °C, the mean first febrile day of bacterial fevers in medical
   * inpatients (docs/REFERENCES.md#fever-medical-inpatients-1988), with the tachycardia and thermal
   * tachypnoea the model attaches to any fever. No systemic bacterial load, so no vasoplegia, leak,
   * lactate or organ dysfunction — and no truth 'sepsis' episode (Sepsis-3 needs the SOFA rise), only
   * 'fever'. Not damped by afebrileResponse: the source's figure is of fevers that happened.
   */
  containedInfection?: boolean;
  /**
   * Resting systolic pressure of a heart-failure patient on treatment, mmHg (requires the heart_failure
   * comorbidity): drawn from the 123.2 ± 19.0 mmHg measured in a stable condition before discharge in
   * 4,564 patients hospitalised for heart failure (docs/REFERENCES.md#huang-2022) — about one in nine
   * at or below qSOFA's 100 mmHg without any sepsis. It replaces treatedHypertension's target (that
   * cohort's figure includes treated hypertensives).
   */
  heartFailureSbpMmHg?: number;
}
export const CONFOUNDERS = ['betaBlocker', 'afebrileResponse', 'nonBacterialFever', 'chronicAfRateBpm', 'treatedHypertension', 'containedInfection', 'heartFailureSbpMmHg'] as const satisfies readonly (keyof Confounders)[];
/** Resting systolic pressure of treated heart failure, stable before discharge (docs/REFERENCES.md#huang-2022):
 *  mean 123.2, SD 19.0 mmHg; bounded to what the model's HF circulation holds at rest. */
export const HEART_FAILURE_SBP_MMHG = { mean: 123.2, sd: 19.0, min: 80, max: 180 } as const;
/** Resting ventricular rate of rate-controlled permanent AF after dose adjustment, lenient arm of RACE II
 *  (docs/REFERENCES.md#groenveld-2013): mean 93, SD 8 beats/min, under the lenient target of 110. */
export const CHRONIC_AF_RATE_BPM = { mean: 93, sd: 8, min: 40, max: 109 } as const;

export interface PatientProfile {
  ageY: number;
  sex: Sex;
  heightCm: number;
  weightKg: number;
  /** Monk skin tone scale 1..10 (no physiological effect here; used by the devices layer). */
  skinToneMonk: number;
  comorbidities: Comorbidity[];
  /** Pre-existing traits that confound the vitals (none when absent). */
  confounders?: Confounders;
}

/** Pulse Physiology Engine "standard male": 44 y, 77 kg, 178 cm (docs/REFERENCES.md#pulse-standard-adult). */
export const STANDARD_ADULT: PatientProfile = {
  ageY: 44,
  sex: 'male',
  heightCm: 178,
  weightKg: 77,
  skinToneMonk: 3,
  comorbidities: [],
};

export type ConditionKind =
  | 'hemorrhage'
  | 'sepsis'
  | 'stemi'
  | 'cardiogenic_shock'
  | 'pulmonary_embolism'
  | 'tension_pneumothorax'
  | 'asthma_exacerbation'
  | 'copd_exacerbation'
  | 'pneumonia'
  | 'ards'
  | 'opioid_overdose'
  | 'anaphylaxis'
  | 'hypoglycemia'
  | 'dka'
  | 'fever'
  | 'hypothermia'
  | 'arrhythmia';

export const CONDITION_KINDS: readonly ConditionKind[] = [
  'hemorrhage',
  'sepsis',
  'stemi',
  'cardiogenic_shock',
  'pulmonary_embolism',
  'tension_pneumothorax',
  'asthma_exacerbation',
  'copd_exacerbation',
  'pneumonia',
  'ards',
  'opioid_overdose',
  'anaphylaxis',
  'hypoglycemia',
  'dka',
  'fever',
  'hypothermia',
  'arrhythmia',
];

export interface ConditionSpec {
  kind: ConditionKind;
  /** 0..1, default 0.5. */
  severity?: number;
  /** Seconds to reach full severity (default depends on the kind, see conditions.ts). */
  rampS?: number;
  /** e.g. hemorrhage { rateMlPerMin }, arrhythmia { rhythm, rateBpm, pulseless }, opioid_overdose { doseMg }. */
  params?: Record<string, number | string>;
}

export type InterventionKind =
  | 'oxygen'
  | 'fluid_bolus'
  | 'fluid_infusion'
  | 'blood_transfusion'
  | 'drug_bolus'
  | 'drug_infusion'
  | 'stop_infusion'
  | 'defibrillation'
  | 'cardioversion'
  | 'pacing'
  | 'needle_decompression'
  | 'intubation'
  | 'extubation'
  | 'cpr_start'
  | 'cpr_stop'
  | 'positioning'
  | 'hemorrhage_control';

export const INTERVENTION_KINDS: readonly InterventionKind[] = [
  'oxygen',
  'fluid_bolus',
  'fluid_infusion',
  'blood_transfusion',
  'drug_bolus',
  'drug_infusion',
  'stop_infusion',
  'defibrillation',
  'cardioversion',
  'pacing',
  'needle_decompression',
  'intubation',
  'extubation',
  'cpr_start',
  'cpr_stop',
  'positioning',
  'hemorrhage_control',
];

export type DrugId =
  | 'norepinephrine'
  | 'epinephrine'
  | 'fentanyl'
  | 'morphine'
  | 'naloxone'
  | 'salbutamol'
  | 'amiodarone'
  | 'metoprolol'
  | 'dextrose'
  | 'insulin'
  | 'antibiotics';

export const DRUG_IDS: readonly DrugId[] = [
  'norepinephrine',
  'epinephrine',
  'fentanyl',
  'morphine',
  'naloxone',
  'salbutamol',
  'amiodarone',
  'metoprolol',
  'dextrose',
  'insulin',
  'antibiotics',
];

export interface VentilatorSettings {
  tidalVolumeMl: number;
  rrBpm: number;
  peepCmH2O: number;
  fio2: number;
}

export interface InterventionSpec {
  kind: InterventionKind;
  drug?: DrugId;
  doseMg?: number;
  doseMcg?: number;
  /** Insulin bolus in units (addition to the brief's API; doseMcg is also accepted, 1 IU = 34.7 µg). */
  doseUnits?: number;
  rateMcgPerKgPerMin?: number;
  rateUnitsPerH?: number;
  volumeMl?: number;
  rateMlPerH?: number;
  fluid?: 'crystalloid' | 'blood';
  fio2?: number;
  device?: 'nasal_cannula' | 'simple_mask' | 'nrb_mask' | 'ventilator';
  flowLPerMin?: number;
  energyJ?: number;
  position?: 'supine' | 'upright' | 'legs_raised' | 'recovery';
  ventilator?: VentilatorSettings;
  pacingRateBpm?: number;
  route?: 'iv' | 'im' | 'neb' | 'sc' | 'inh';
}

export type Avpu = 'A' | 'V' | 'P' | 'U';

/** The hidden truth, updated in place every step; all numbers finite. */
export interface TrueState {
  timeS: number;
  rhythm: Rhythm;
  /** Ventricular electrical rate (ECG rate); 0 in VF/asystole. */
  hrBpm: number;
  svMl: number;
  coLPerMin: number;
  efFraction: number;
  sbpMmHg: number;
  dbpMmHg: number;
  mapMmHg: number;
  cvpMmHg: number;
  pcwpMmHg: number;
  paSysMmHg: number;
  paDiaMmHg: number;
  paMeanMmHg: number;
  svrDynSCmM5: number;
  bloodVolumeMl: number;
  rrBpm: number;
  tidalVolumeMl: number;
  minuteVentLPerMin: number;
  deadSpaceFraction: number;
  complianceMlPerCmH2O: number;
  airwayResistanceCmH2OPerLPerS: number;
  workOfBreathingJPerMin: number;
  fio2: number;
  pao2MmHg: number;
  paco2MmHg: number;
  sao2Pct: number;
  etco2MmHg: number;
  shuntFraction: number;
  do2MlPerMin: number;
  vo2MlPerMin: number;
  lactateMmolL: number;
  ph: number;
  hco3MmolL: number;
  baseExcessMmolL: number;
  coreTempC: number;
  glucoseMgDl: number;
  potassiumMmolL: number;
  hbGDl: number;
  wbc10e9L: number;
  troponinNgL: number;
  creatinineMgDl: number;
  urineMlPerH: number;
  fluidBalanceMl: number;
  gcs: number;
  avpu: Avpu;
  stElevationMm: number;
  qrsWidthMs: number;
  /** 0..1, 1 = normal; drives pallor, pleth PI, capillary refill. */
  peripheralPerfusion: number;
  apnea: boolean;
  cprActive: boolean;
  intubated: boolean;
  /** 0..1 */
  infectionLoad: number;
  sofaScore: number;
  // ---- additions (never remove/rename the fields above) ----
  /** Mechanical (palpable) pulse rate; 0 when there is no effective output. */
  pulseRateBpm: number;
  /** Mixed venous O2 saturation (%). */
  svo2Pct: number;
  /** Alveolar PO2 of normally ventilated units (mmHg). */
  pao2AlveolarMmHg: number;
  plateletsE9L: number;
  bilirubinMgDl: number;
  ketonesMmolL: number;
  /** Positive end-expiratory pressure actually applied (cmH2O, 0 unless ventilated). */
  peepCmH2O: number;
  /** Pacing rate if the pacemaker is on, else 0. */
  pacingRateBpm: number;
  /** Current body position. */
  position: 'supine' | 'upright' | 'legs_raised' | 'recovery';
}

export type EpisodeLabel =
  | 'hypotension'
  | 'hypoxemia'
  | 'tachycardia'
  | 'bradycardia'
  | 'atrial_fibrillation'
  | 'atrial_flutter'
  | 'svt'
  | 'av_block'
  | 'ventricular_tachycardia'
  | 'ventricular_fibrillation'
  | 'asystole'
  | 'pea'
  | 'shock'
  | 'sepsis'
  | 'septic_shock'
  | 'respiratory_failure'
  | 'hypoglycemia'
  | 'hyperglycemia'
  | 'cardiac_arrest'
  | 'hypercapnia'
  | 'fever'
  | 'hypothermia';

export const EPISODE_LABELS: readonly EpisodeLabel[] = [
  'hypotension',
  'hypoxemia',
  'tachycardia',
  'bradycardia',
  'atrial_fibrillation',
  'atrial_flutter',
  'svt',
  'av_block',
  'ventricular_tachycardia',
  'ventricular_fibrillation',
  'asystole',
  'pea',
  'shock',
  'sepsis',
  'septic_shock',
  'respiratory_failure',
  'hypoglycemia',
  'hyperglycemia',
  'cardiac_arrest',
  'hypercapnia',
  'fever',
  'hypothermia',
];

export type EpisodeSeverity = 'mild' | 'moderate' | 'severe';

export interface TruthEpisode {
  id: string;
  label: EpisodeLabel;
  onsetS: number;
  offsetS: number | null;
  severity: EpisodeSeverity;
}

export interface EpisodeChange {
  type: 'onset' | 'offset';
  episode: TruthEpisode;
}

export interface PatientSnapshot {
  version: 1;
  [k: string]: unknown;
}
