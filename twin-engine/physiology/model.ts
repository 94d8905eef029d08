/**
 * Internal data model shared by the engine core and the per-system files: hidden state variables that
 * are not part of TrueState, the per-step "effects" that conditions and drugs impose on model
 * parameters, and the common step interface. Plain numbers only, so snapshot() is a JSON copy.
 */
import type { Prng } from '../util/prng';
import type { Params } from './params';
import { DRUG_IDS, type DrugId, type TrueState } from './types';

/**
 * Pharmacokinetic slots, by name: one per DrugId plus an internal slot for the opioid of an
 * opioid_overdose condition (heroin/morphine-like). The per-slot state arrays (Hidden.drug*) follow
 * this order; code looks slots up by name (DRUG_SLOT) once at load, never by a literal index.
 */
export type DrugSlotName = DrugId | 'overdose_opioid';
export const DRUG_SLOT_NAMES: readonly DrugSlotName[] = [...DRUG_IDS, 'overdose_opioid'];
export const N_DRUG_SLOTS = DRUG_SLOT_NAMES.length;
export const DRUG_SLOT = Object.fromEntries(DRUG_SLOT_NAMES.map((n, i) => [n, i])) as Readonly<Record<DrugSlotName, number>>;
export const OD_OPIOID_SLOT = DRUG_SLOT.overdose_opioid;

/** Hidden state variables (integrated by the systems; not shown to users). */
export interface Hidden {
  stepCount: number;
  // --- cardiovascular compartments (mL) and helpers ---
  vSaMl: number;
  vSvMl: number;
  vPaMl: number;
  vPvMl: number;
  svLMl: number;
  svRMl: number;
  edvLMl: number;
  /** Net volume added to the systemic veins by fluids, bleeding, capillary flux and urine (mL/s). */
  netVenousInMlPerS: number;
  /** Systemic venous compartment pressure (mmHg). */
  psvMmHg: number;
  // --- autonomic effectors (dimensionless multipliers, lagged) ---
  sympDrive: number;
  hrAuto: number;
  contrAuto: number;
  svrAuto: number;
  venMobMl: number;
  // --- heart rate and rhythm ---
  hrSinusBpm: number;
  rhythmRateBpm: number;
  /** >0: ventricular rate = sinus rate × factor (sinus, AV blocks I/II); 0: use rhythmRateBpm. */
  rhythmSinusFactor: number;
  rhythmSvFactor: number;
  /** Index into RHYTHMS of the current rhythm. */
  rhythmIndex: number;
  /** 1 if the ventricles eject, 0 in arrest (VF/asystole/PEA/pulseless VT). */
  pumping: number;
  /** Myocardial O2 supply/demand index (1 normal). */
  myoO2: number;
  myoLowS: number;
  arrestS: number;
  /** Rhythm imposed by the internal course (secondary arrest), -1 = none (index into RHYTHMS). */
  secondaryRhythm: number;
  /** Seconds spent in VF/pVT without CPR (defibrillation success falls with time). */
  untreatedArrestS: number;
  // --- respiration / gas exchange ---
  driveLPerMin: number;
  fatigue: number;
  vaLPerMin: number;
  alvDeadSpaceFrac: number;
  cao2MlDl: number;
  cvo2MlDl: number;
  lowVqFrac: number;
  // --- oxygen and ventilator ---
  o2Fio2: number;
  ventOn: number;
  ventVtMl: number;
  ventRr: number;
  ventPeep: number;
  ventFio2: number;
  // --- metabolism, acid-base ---
  vo2DemandMlPerMin: number;
  hco3MetabMmolL: number;
  renalCompMmolL: number;
  tempTargetC: number;
  /** Lactate produced by hypoperfused tissue not yet washed out into the blood (mmol). */
  lactateTissueMmol: number;
  /** Non-lactate strong anions of anaerobic metabolism in the extracellular fluid (mmol/L above
   *  baseline); they lower the bicarbonate beside lactate (metabolism.ts). */
  anaerobicAnionMmolL: number;
  /** O2 removed from stagnant blood by the tissues during no/low flow, not yet replaced in the lung
   *  (mL O2/dL blood); the arterial content is the lung value minus this debt. */
  o2DebtMlDl: number;
  /** Tissue O2 consumption met from the stagnant-blood O2 store (mL/min; 0 with adequate flow). */
  vo2StoreMlPerMin: number;
  /** CO2 released (+) or taken up (−) by bicarbonate titration of lactic acid (mL/min). */
  vco2BufferMlPerMin: number;
  // --- fluids & kidney ---
  hbMassG: number;
  proteinG: number;
  visfMl: number;
  /** Interstitial protein mass (g); its dilution lowers interstitial oncotic pressure. */
  isfProteinG: number;
  cumBleedMl: number;
  bleedRateMlPerMin: number;
  crystBolusRemainingMl: number;
  crystBolusRateMlPerMin: number;
  crystInfRateMlPerMin: number;
  bloodRemainingMl: number;
  bloodRateMlPerMin: number;
  gfrMlPerMin: number;
  glucosuriaMgPerMin: number;
  // --- glucose–insulin (Bergman minimal model) ---
  insulinRemoteX: number;
  insulinUuMl: number;
  glucoseDepotMg: number;
  scInsulinDepotU: number;
  dextroseInfMgPerMin: number;
  insulinInfUPerH: number;
  // --- neuro ---
  neuroImpair: number;
  // --- infection / inflammation / labs ---
  inflammation: number;
  infarctFrac: number;
  sofaBaseline: number;
  cprS: number;
  // --- pharmacology (amounts in µg; one entry per slot) ---
  drugDepot: number[];
  drugCentral: number[];
  drugPeriph: number[];
  drugEffect: number[];
  drugInfusionMcgPerMin: number[];
}

/** Modifiers that conditions and drugs impose on model parameters; recomputed every slow step. */
export interface Effects {
  svrMult: number;
  /** Gain of the reflex (sympathetic) arteriolar constriction; < 1 with vascular hyporesponsiveness. */
  svrReflexGain: number;
  venousCapMl: number;
  contractilityMult: number;
  rvContractilityMult: number;
  lvStiffMult: number;
  pvrMult: number;
  pitMmHg: number;
  hrMult: number;
  hrAddBpm: number;
  sympAdd: number;
  kfMult: number;
  sigmaMult: number;
  bleedMlPerMin: number;
  giLossMlPerMin: number;
  shuntAdd: number;
  lowVqAdd: number;
  alvDeadSpaceAdd: number;
  complianceMult: number;
  resistanceMult: number;
  driveAddLPerMin: number;
  driveMult: number;
  /** Breathing-frequency multiplier from non-chemical afferents (rapid shallow breathing). */
  rrMult: number;
  vo2Mult: number;
  lactateProdMmolPerMin: number;
  erMaxMult: number;
  feverC: number;
  coldC: number;
  gcsImpair: number;
  hepaticGlucoseMgPerKgMin: number;
  insulinSecretionMult: number;
  siMult: number;
  sgMult: number;
  exoInsulinUPerH: number;
  ketoProdMmolLPerH: number;
  gfrMult: number;
  potassiumAdd: number;
  stElevMm: number;
  troponinNgLPerH: number;
  wbcAdd: number;
  plateletDropPerH: number;
  bilirubinAdd: number;
  // drug PD summaries (0..1 unless stated)
  opioid: number;
  betaBlock: number;
  alpha: number;
  beta1: number;
  beta2: number;
  amiodarone: number;
  /** epinephrine effect (mast-cell stabilisation, functional antagonism in anaphylaxis). */
  epi: number;
  abxKillPerH: number;
  /** vasopressor requirement signal: norepinephrine-equivalent infusion (µg/kg/min). */
  pressorMcgKgMin: number;
}

export function createEffects(): Effects {
  const e = {} as Effects;
  resetEffects(e);
  return e;
}

/** Reset to neutral values in place (no allocation). */
export function resetEffects(e: Effects): void {
  e.svrMult = 1;
  e.svrReflexGain = 1;
  e.venousCapMl = 0;
  e.contractilityMult = 1;
  e.rvContractilityMult = 1;
  e.lvStiffMult = 1;
  e.pvrMult = 1;
  e.pitMmHg = 0;
  e.hrMult = 1;
  e.hrAddBpm = 0;
  e.sympAdd = 0;
  e.kfMult = 1;
  e.sigmaMult = 1;
  e.bleedMlPerMin = 0;
  e.giLossMlPerMin = 0;
  e.shuntAdd = 0;
  e.lowVqAdd = 0;
  e.alvDeadSpaceAdd = 0;
  e.complianceMult = 1;
  e.resistanceMult = 1;
  e.driveAddLPerMin = 0;
  e.driveMult = 1;
  e.rrMult = 1;
  e.vo2Mult = 1;
  e.lactateProdMmolPerMin = 0;
  e.erMaxMult = 1;
  e.feverC = 0;
  e.coldC = 0;
  e.gcsImpair = 0;
  e.hepaticGlucoseMgPerKgMin = 0;
  e.insulinSecretionMult = 1;
  e.siMult = 1;
  e.sgMult = 1;
  e.exoInsulinUPerH = 0;
  e.ketoProdMmolLPerH = 0;
  e.gfrMult = 1;
  e.potassiumAdd = 0;
  e.stElevMm = 0;
  e.troponinNgLPerH = 0;
  e.wbcAdd = 0;
  e.plateletDropPerH = 0;
  e.bilirubinAdd = 0;
  e.opioid = 0;
  e.betaBlock = 0;
  e.alpha = 0;
  e.beta1 = 0;
  e.beta2 = 0;
  e.amiodarone = 0;
  e.epi = 0;
  e.abxKillPerH = 0;
  e.pressorMcgKgMin = 0;
}

/** Active condition record (plain data; st0..st3 are per-kind internal state, see conditions.ts). */
export interface ConditionRecord {
  id: string;
  seq: number;
  kind: import('./types').ConditionKind;
  severity: number;
  rampS: number;
  params: Record<string, number | string>;
  startedS: number;
  st0: number;
  st1: number;
  st2: number;
  st3: number;
}

/** Everything a system may read or write during a step. */
export interface Ctx {
  readonly s: TrueState;
  readonly x: Hidden;
  readonly p: Params;
  readonly e: Effects;
  readonly rng: Prng;
  readonly conditions: ConditionRecord[];
}

/** The common step interface of every physiological system (one file each). */
export interface PhysiologySystem {
  readonly name: string;
  step(ctx: Ctx, dtS: number): void;
}

export function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/** Finite-or-fallback guard used at system boundaries so that no NaN can propagate. */
export function finite(v: number, fallback: number): number {
  return Number.isFinite(v) ? v : fallback;
}
