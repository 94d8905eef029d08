/**
 * Public API of the WardTwin physiology engine (SIMULATION ONLY — not for clinical use).
 * See twin-engine/MODEL.md for equations, parameters, sources and validation.
 */
export {
  PHYSIOLOGY_DT_S,
  COMORBIDITIES,
  CONFOUNDERS,
  CHRONIC_AF_RATE_BPM,
  HEART_FAILURE_SBP_MMHG,
  STANDARD_ADULT,
  CONDITION_KINDS,
  INTERVENTION_KINDS,
  DRUG_IDS,
  EPISODE_LABELS,
} from './types';
export type {
  Sex,
  Comorbidity,
  Confounders,
  PatientProfile,
  ConditionKind,
  ConditionSpec,
  InterventionKind,
  DrugId,
  InterventionSpec,
  VentilatorSettings,
  TrueState,
  Avpu,
  EpisodeLabel,
  EpisodeSeverity,
  TruthEpisode,
  EpisodeChange,
  PatientSnapshot,
} from './types';
export { PatientModel } from './engine';
export { POSTURES, visibleSigns, type Posture, type VisibleSigns } from './visible-signs';
export { RHYTHMS, ARREST_RHYTHMS, type Rhythm } from './rhythm';
export { CONDITION_PARAMS, conditionParam, STEMI_TERRITORIES, DEFAULT_STEMI_TERRITORY, NAMED_CONDITION_PARAMS, stemiTerritory, type StemiTerritory, type ConditionParamDef, type ConditionParamName } from './condition-params';
