/**
 * Patient parameters: derived once from the profile, the comorbidities and a small seeded
 * inter-individual variation, then calibrated so the resting state is an equilibrium of the model.
 * Every constant cites its source. Sources abbreviated in MODEL.md § Sources.
 */
import type { Prng } from '../util/prng';
import { CHRONIC_AF_RATE_BPM, CONFOUNDERS, HEART_FAILURE_SBP_MMHG, type PatientProfile } from './types';
import { dexp, dlog, dpow } from '../util/detmath';

export interface Params {
  weightKg: number;
  ibwKg: number;
  bsaM2: number;
  ageY: number;
  female: boolean;
  copd: boolean;
  hf: boolean;
  dm: boolean;
  ckd: boolean;
  // cardiovascular targets
  bloodVolume0Ml: number;
  hr0: number;
  hrMax: number;
  /** Share of the typical sympathetic heart-rate rise this patient reaches (1; < 1 on a β-blocker). */
  chronoGain: number;
  /** Share of the typical inflammatory rise of the temperature set point (1; 0.25 when afebrile). */
  febrileGain: number;
  /** Set-point rise of a non-bacterial fever present from the start (°C; 0 without one). */
  traitFeverC: number;
  /** Resting ventricular rate of permanent rate-controlled AF (beats/min; 0 = sinus rhythm). */
  chronicAfRateBpm: number;
  co0LPerMin: number;
  q0MlPerS: number;
  sv0Ml: number;
  map0: number;
  pp0: number;
  cvp0: number;
  pcwp0: number;
  paMean0: number;
  psv0: number;
  // circuit
  rSys: number;
  rVr: number;
  rP: number;
  cSa: number;
  cSv: number;
  cPa: number;
  cPv: number;
  v0Sa: number;
  v0Sv: number;
  v0Pa: number;
  v0Pv: number;
  cPp: number;
  cPpPa: number;
  // ventricles (beat-averaged time-varying elastance)
  eesL: number;
  v0esL: number;
  aEdL: number;
  kEdL: number;
  v0edL: number;
  eesR: number;
  v0esR: number;
  aEdR: number;
  kEdR: number;
  v0edR: number;
  fill0: number;
  venMobMaxMl: number;
  // respiration & gas exchange
  rr0: number;
  vt0Ml: number;
  ve0LPerMin: number;
  vdAnatMl: number;
  compliance0: number;
  resistance0: number;
  frcL: number;
  shunt0: number;
  lowVq0: number;
  vqLow: number;
  hcvr: number;
  paco2Set: number;
  veMax0: number;
  // metabolism
  vo2_0: number;
  rq: number;
  lactate0: number;
  lacVdL: number;
  lacClMax: number;
  lacKm: number;
  cco2: number;
  hco3Base: number;
  tempSetC: number;
  // fluids & kidney
  kf: number;
  capRatio: number;
  pi0: number;
  ci: number;
  visf0Ml: number;
  sigma0: number;
  piOnc0: number;
  piIsf: number;
  protein0G: number;
  lymph0: number;
  gfr0: number;
  cr0: number;
  k0: number;
  hb0: number;
  // glucose–insulin
  gb: number;
  sg: number;
  p2: number;
  si: number;
  vgDl: number;
  viMl: number;
  nIns: number;
  ib: number;
  secretionMult: number;
}

/** Bounded normal deviate (±2 SD) so variation stays physiological. */
function vary(rng: Prng, sd: number): number {
  let z = rng.normal();
  if (z > 2) z = 2;
  if (z < -2) z = -2;
  return 1 + sd * z;
}

/**
 * The patient demographics the model is built for (adult allometry and reference ranges). One
 * definition: the engine enforces it here, the scenario format and validator take their ranges from
 * it (scenario-schema.ts patient, cohort.ts distributions), so a file that validates builds a patient.
 */
export const PROFILE_RANGES = {
  ageY: { min: 18, max: 100 },
  heightCm: { min: 140, max: 220 },
  weightKg: { min: 35, max: 200 },
} as const;

export function validateProfile(p: PatientProfile): void {
  const bad = (m: string): never => {
    throw new Error(`PatientProfile: ${m}`);
  };
  if (!p || typeof p !== 'object') bad('profile must be an object');
  const R = PROFILE_RANGES;
  if (!(p.ageY >= R.ageY.min && p.ageY <= R.ageY.max)) bad(`ageY must be ${R.ageY.min}..${R.ageY.max}, got ${p.ageY}`);
  if (p.sex !== 'male' && p.sex !== 'female') bad(`sex must be 'male' or 'female', got ${String(p.sex)}`);
  if (!(p.heightCm >= R.heightCm.min && p.heightCm <= R.heightCm.max)) bad(`heightCm must be ${R.heightCm.min}..${R.heightCm.max}, got ${p.heightCm}`);
  if (!(p.weightKg >= R.weightKg.min && p.weightKg <= R.weightKg.max)) bad(`weightKg must be ${R.weightKg.min}..${R.weightKg.max}, got ${p.weightKg}`);
  if (!(p.skinToneMonk >= 1 && p.skinToneMonk <= 10)) bad(`skinToneMonk must be 1..10, got ${p.skinToneMonk}`);
  if (!Array.isArray(p.comorbidities)) bad('comorbidities must be an array');
  for (const c of p.comorbidities) {
    if (c !== 'copd' && c !== 'heart_failure' && c !== 'diabetes' && c !== 'ckd')
      bad(`unknown comorbidity '${String(c)}' (allowed: copd, heart_failure, diabetes, ckd)`);
  }
  if (p.confounders !== undefined) {
    if (!p.confounders || typeof p.confounders !== 'object') bad('confounders must be an object');
    for (const [k, v] of Object.entries(p.confounders)) {
      if (!(CONFOUNDERS as readonly string[]).includes(k)) bad(`unknown confounder '${k}' (allowed: ${CONFOUNDERS.join(', ')})`);
      if (k === 'chronicAfRateBpm') {
        const R = CHRONIC_AF_RATE_BPM;
        if (v !== undefined && !(typeof v === 'number' && v >= R.min && v <= R.max)) bad(`confounders.chronicAfRateBpm must be ${R.min}..${R.max} beats/min, got ${String(v)}`);
      } else if (k === 'heartFailureSbpMmHg') {
        const R = HEART_FAILURE_SBP_MMHG;
        if (v !== undefined && !(typeof v === 'number' && v >= R.min && v <= R.max)) bad(`confounders.heartFailureSbpMmHg must be ${R.min}..${R.max} mmHg, got ${String(v)}`);
        if (v !== undefined && !p.comorbidities.includes('heart_failure')) bad('confounders.heartFailureSbpMmHg needs the heart_failure comorbidity');
      } else if (v !== undefined && typeof v !== 'boolean') bad(`confounders.${k} must be true or false, got ${String(v)}`);
    }
  }
}

/** Typical resting heart rate of the model (Pulse tuning target 72/min; 80 in heart failure). */
const HR_REST_TYPICAL = 72;
const HR_REST_HF = 80;
/** Chronic β-blockade lowers the resting rate by 12/min in sinus rhythm (docs/REFERENCES.md#kotecha-2017). */
const BETA_BLOCKER_REST_DROP_BPM = 12;
/**
 * Share of the typical febrile rise an afebrile responder reaches: at full inflammation (+2 °C typical)
 * it stays below 37.6 °C, inside the 36–38 °C "normothermia" of docs/REFERENCES.md#henriksen-2016.
 */
const AFEBRILE_GAIN = 0.25;
/** Systolic pressure of treated hypertension: standard arm of SPRINT, 136.2 mmHg (docs/REFERENCES.md#sprint-2015). */
const TREATED_HTN_SBP = 136.2;
/** Non-bacterial fever: mean first-day temperature 38.3 °C (docs/REFERENCES.md#fever-medical-inpatients-1988) over the model's 37 °C. */
const NON_BACTERIAL_FEVER_C = 38.3 - 37;
/** Contained bacterial infection: mean first febrile day 38.9 °C (docs/REFERENCES.md#fever-medical-inpatients-1988). */
const BACTERIAL_FEVER_C = 38.9 - 37;

/**
 * Heart-rate ceiling and chronotropic gain of a β-blocked patient. Peak heart rate on β-blockade is
 * 164 − 0.7 × age (docs/REFERENCES.md#brawner-2004) against 208 − 0.7 × age without (docs/REFERENCES.md#tanaka-2001, the
 * same cohort form); the gain is the ratio of the two heart-rate reserves (peak − rest), so the same
 * sympathetic drive raises the rate by that share of what it would raise it without the drug.
 */
export function betaBlockade(ageY: number, hf: boolean): { restDropBpm: number; hrMax: number; chronoGain: number } {
  const rest = hf ? HR_REST_HF : HR_REST_TYPICAL;
  const hrMax = 164 - 0.7 * ageY;
  const reserveBlocked = hrMax - (rest - BETA_BLOCKER_REST_DROP_BPM);
  const reserveTypical = 208 - 0.7 * ageY - rest;
  return { restDropBpm: BETA_BLOCKER_REST_DROP_BPM, hrMax, chronoGain: Math.max(0.2, Math.min(1, reserveBlocked / reserveTypical)) };
}

export function deriveParams(profile: PatientProfile, rng: Prng): Params {
  validateProfile(profile);
  const w = profile.weightKg;
  const h = profile.heightCm;
  const female = profile.sex === 'female';
  const has = (c: string) => profile.comorbidities.indexOf(c as never) >= 0;
  const copd = has('copd');
  const hf = has('heart_failure');
  const dm = has('diabetes');
  const ckd = has('ckd');
  // Devine 1974 ideal body weight; Mosteller 1987 body surface area.
  const ibwKg = (female ? 45.5 : 50) + 0.91 * (h - 152.4);
  const bsaM2 = Math.sqrt((h * w) / 3600);
  const size = w / 77; // scaling to the Pulse standard male (77 kg)

  // ---- cardiovascular targets (Pulse SystemValidationData; docs/REFERENCES.md#pulse-standard-adult) ----
  const bloodVolume0Ml = (female ? 65 : 70) * w * (hf ? 1.1 : 1); // 70/65 mL/kg (REFERENCES.md#guyton-hemorrhage); HF +10 % (Miller 2014 JACC HF)
  const bb = profile.confounders?.betaBlocker === true ? betaBlockade(profile.ageY, hf) : null;
  // Pulse tuning target HR 72 /min; ±5 % SD; chronic β-blockade 12/min lower (betaBlockade above).
  const hr0 = ((hf ? HR_REST_HF : HR_REST_TYPICAL) - (bb ? bb.restDropBpm : 0)) * vary(rng, 0.05);
  const hrMax = bb ? bb.hrMax : 220 - profile.ageY; // Fox 1971 age-predicted maximum; β-blocked: Brawner 2004
  const co0 = 5.6 * (bsaM2 / 1.951) * (hf ? 0.8 : 1) * vary(rng, 0.04); // Pulse CO ≈ 5.6 L/min at BSA 1.95 m²; HFrEF low-output (ESC HF 2021)
  const q0 = (co0 * 1000) / 60;
  const sv0 = q0 * (60 / hr0);
  const ff0 = 0.33 + 0.0012 * hr0; // Razminia 2004 MAP form factor
  const pp0 = 40.5 * (1 + 0.006 * Math.max(0, profile.ageY - 44)); // Pulse SBP 114 / DBP 73.5; PP widens with age (Franklin 1997)
  // Treated hypertension: resting systolic at the 136 mmHg the standard arm of SPRINT achieved
  // (docs/REFERENCES.md#sprint-2015); the baroreflex defends this higher pressure (its set point is map0).
  // A heart-failure patient's own resting systolic (Confounders.heartFailureSbpMmHg, huang-2022) replaces it.
  const sbpTarget = hf && profile.confounders?.heartFailureSbpMmHg !== undefined ? profile.confounders.heartFailureSbpMmHg : profile.confounders?.treatedHypertension === true ? TREATED_HTN_SBP : null;
  const map0 = (sbpTarget !== null ? sbpTarget - (1 - ff0) * pp0 : 73.5 + ff0 * 40.5) * vary(rng, 0.03);
  const cvp0 = hf ? 8 : 4; // REFERENCES.md#pulse-standard-adult CVP 2–6; elevated filling pressures in HF (ESC HF 2021)
  const pcwp0 = hf ? 16 : 8; // REFERENCES.md#pulse-standard-adult PCWP 4–12
  const paMean0 = hf ? 24 : 14; // REFERENCES.md#pulse-standard-adult mPAP 9–18; post-capillary PH in HF
  // Mean systemic filling pressure ≈ 12 mmHg in humans (REFERENCES.md#mean-systemic-filling-pressure:
  // CVP still rising to 11 mmHg 13 s into induced VF, Schipke 2003; Pmsf analogue 13–15 mmHg awake);
  // with these compliances ≈ 30 % of the blood volume is stressed (Gelman 2008). Guyton's 7 mmHg
  // (areflexic dogs) left so little stressed volume that CO fell off a cliff beyond 35 % blood loss.
  const psv0 = 12 + (cvp0 - 4);

  // ---- circuit (compartment layout after Ursino 1998; volumes Guyton & Hall ch.15) ----
  const rSys = (map0 - psv0) / q0;
  const rVr = (psv0 - cvp0) / q0; // resistance to venous return (Guyton 1955)
  const rP = (paMean0 - pcwp0) / q0;
  const cSa = 2.0 * size; // systemic arterial compliance ≈ 2 mL/mmHg (Chemla 1998 Am J Physiol)
  const cSv = 100 * size; // systemic venous compliance ≈ 1.3 mL/mmHg/kg (Rothe 1983 Physiol Rev)
  const cPa = 5 * size; // Ursino 1998: Cpa+Cpp ≈ 6.6 mL/mmHg
  const cPv = 20 * size; // Ursino 1998: Cpv ≈ 25 mL/mmHg
  // Guyton & Hall: systemic arteries 13 %, pulmonary circulation 9 % of blood volume.
  const v0Sa = 0.13 * bloodVolume0Ml - cSa * map0;
  const v0Pa = 0.03 * bloodVolume0Ml - cPa * paMean0;
  const v0Pv = 0.06 * bloodVolume0Ml - cPv * pcwp0;
  const v0Sv = 0.78 * bloodVolume0Ml - cSv * psv0; // remainder incl. capillaries and heart chambers
  const cPp = sv0 / pp0; // SV/PP "arterial compliance" (Chemla 1998)
  const cPpPa = sv0 / 14; // PA pulse pressure ≈ 14 mmHg (REFERENCES.md#pulse-standard-adult PA 15–30 / 4–12)

  // ---- ventricles: ESPVR Pes = Ees (ESV − V0); EDPVR P = A (e^{k(EDV−V0)} − 1) (Suga 1973; Klotz 2006) ----
  const fill0 = fillFraction(hr0);
  const ef0 = hf ? 0.3 : 0.58; // REFERENCES.md#pulse-standard-adult EF ≈ 0.55; HFrEF EF < 0.40 (ESC 2021)
  const edvL0 = sv0 / ef0;
  const esvL0 = edvL0 - sv0;
  const sbp0 = map0 + (1 - ff0) * pp0;
  const eesL = hf ? 1.0 : 2.0; // human LV Ees ≈ 2 mmHg/mL (Chen 1998 JACC; Kass 1987)
  const v0esL = esvL0 - (0.9 * sbp0) / eesL; // Pes ≈ 0.9 SBP (Kelly 1992 Circulation)
  const aEdL = 0.5; // EDPVR scale (mmHg), Klotz 2006 normalised EDPVR
  const kEdL = hf ? 0.02 : 0.03; // EDPVR stiffness (1/mL), Klotz 2006; dilated HF ventricle flatter
  const v0edL = edvL0 - dlog(1 + pcwp0 / aEdL) / kEdL;
  const efR0 = 0.55; // RVEF ≈ 0.55 (Maceira 2006 JCMR)
  const edvR0 = sv0 / efR0;
  const esvR0 = edvR0 - sv0;
  const paSys0 = paMean0 + 0.6 * 14;
  const eesR = 0.55; // RV Ees ≈ 0.5–0.7 mmHg/mL (Brimioulle 2003 AJP)
  const v0esR = esvR0 - (0.9 * paSys0) / eesR;
  const aEdR = 0.5;
  const kEdR = 0.04; // RV more compliant than LV (Klotz 2006 / Redington 1988)
  const v0edR = edvR0 - dlog(1 + cvp0 / aEdR) / kEdR;
  // Reflex venous reserve: lowering carotid sinus pressure from normal to 75 mmHg shifts ≈ 3.6 mL/kg
  // out of the capacitance vessels (7.5 mL/kg over the whole 75–200 mmHg range; Shoukas & Sagawa 1973,
  // REFERENCES.md#reflex-venous-capacity) ≈ 5 % of the blood volume.
  const venMobMaxMl = 0.05 * bloodVolume0Ml;

  // ---- respiration (Pulse RR 12; West Respiratory Physiology) ----
  const vo2_0 = 250 * dpow(size, 0.75) * (female ? 0.9 : 1) * vary(rng, 0.05); // ≈ 3.3 mL/kg/min; Kleiber scaling
  const rq = 0.8; // respiratory quotient, mixed diet (West)
  const paco2Set = copd ? 48 : 40; // chronic compensated hypercapnia in COPD (GOLD 2024)
  const vdAnatMl = 2.2 * ibwKg; // anatomic dead space ≈ 2.2 mL/kg (Radford 1955)
  const alvDs0 = 0.04; // alveolar dead space fraction, healthy (West)
  const rr0 = (copd ? 16 : 13) * vary(rng, 0.05); // REFERENCES.md#pulse-standard-adult RR 12–20
  // Alveolar ventilation equation: PaCO2 = 0.863 VCO2 / VA (West).
  const va0 = (0.863 * vo2_0 * rq) / paco2Set;
  const vt0Ml = ((va0 * 1000) / rr0 + vdAnatMl) / (1 - alvDs0 - (copd ? 0.08 : 0));
  const ve0 = (rr0 * vt0Ml) / 1000;

  // ---- kidney, blood (REFERENCES.md#pulse-standard-adult Hb 13.8–17.2) ----
  const gfrAge = Math.max(30, 125 - Math.max(0, profile.ageY - 40)); // ≈1 mL/min/yr decline after 40 (Lindeman 1985)
  const gfr0 = gfrAge * (ckd ? 0.25 : 1); // CKD: GFR ≈ 30 mL/min, G3b/G4 (KDIGO 2012)
  // Normal creatinine (Tietz); steady state Cr ∝ 1/GFR because production is constant.
  const cr0 = (female ? 0.75 : 0.9) * vary(rng, 0.05) * (gfrAge / gfr0);

  return {
    weightKg: w,
    ibwKg,
    bsaM2,
    ageY: profile.ageY,
    female,
    copd,
    hf,
    dm,
    ckd,
    bloodVolume0Ml,
    hr0,
    hrMax,
    chronoGain: bb ? bb.chronoGain : 1,
    febrileGain: profile.confounders?.afebrileResponse === true ? AFEBRILE_GAIN : 1,
    // One set point: a contained bacterial infection's fever is the higher of the two pyrogen drives.
    traitFeverC: profile.confounders?.containedInfection === true ? BACTERIAL_FEVER_C : profile.confounders?.nonBacterialFever === true ? NON_BACTERIAL_FEVER_C : 0,
    chronicAfRateBpm: profile.confounders?.chronicAfRateBpm ?? 0,
    co0LPerMin: co0,
    q0MlPerS: q0,
    sv0Ml: sv0,
    map0,
    pp0,
    cvp0,
    pcwp0,
    paMean0,
    psv0,
    rSys,
    rVr,
    rP,
    cSa,
    cSv,
    cPa,
    cPv,
    v0Sa,
    v0Sv,
    v0Pa,
    v0Pv,
    cPp,
    cPpPa,
    eesL,
    v0esL,
    aEdL,
    kEdL,
    v0edL,
    eesR,
    v0esR,
    aEdR,
    kEdR,
    v0edR,
    fill0,
    venMobMaxMl,
    rr0,
    vt0Ml,
    ve0LPerMin: ve0,
    vdAnatMl,
    compliance0: 100 * (ibwKg / 73) * (copd ? 1.2 : 1), // respiratory-system compliance ≈ 100 mL/cmH2O (West); emphysema ↑
    resistance0: 2.5 * (copd ? 2.5 : 1), // airway resistance ≈ 1.5–3 cmH2O/L/s (West); COPD ↑ (GOLD)
    frcL: (30 * ibwKg) / 1000, // supine FRC ≈ 30 mL/kg (Wahba 1991)
    shunt0: 0.02 + 0.0003 * Math.max(0, profile.ageY - 30), // physiological shunt 2–3 % (West); A–a widens with age
    lowVq0: copd ? 0.25 : 0.03, // perfusion fraction to low-V/Q units (Wagner 1977 MIGET; COPD Rodriguez-Roisin 1991)
    vqLow: copd ? 0.25 : 0.5,
    hcvr: (copd ? 0.8 : 2.0) * vary(rng, 0.1), // CO2 response ≈ 2 L/min/mmHg (Read 1967); blunted in COPD
    paco2Set,
    veMax0: copd ? 35 : 120, // ≈ MVV×0.7; COPD MVV ≈ 35×FEV1 (GOLD)
    vo2_0,
    rq,
    lactate0: 0.9, // REFERENCES.md#pulse-standard-adult lactate 0.6–1.7 mmol/L
    lacVdL: 0.5 * w, // lactate distribution ≈ 0.5 L/kg (Levraut 1998)
    lacClMax: 7.9 * size, // Vmax so basal turnover ≈ 0.8 mmol/kg/h at 0.9 mmol/L (Connor 1982; Levraut 1998)
    lacKm: 6, // hepatic lactate uptake Km ≈ 5–6 mmol/L (Levraut 1998)
    cco2: 0.8 * w, // effective body CO2 capacitance ≈ 60 mL/mmHg: apnoeic PaCO2 rise 3–4 mmHg/min (Stock 1988)
    hco3Base: ckd ? 21 : 24.4 + (copd ? 0.35 * (paco2Set - 40) : 0), // chronic resp. acidosis +3.5/10 mmHg (Brackett 1965); CKD acidosis
    tempSetC: 37 + 0.15 * (vary(rng, 1) - 1), // REFERENCES.md#pulse-standard-adult core 37 °C
    kf: 6.67 * size, // whole-body filtration coefficient 6.67 mL/min/mmHg (Guyton & Hall ch.16)
    capRatio: 0, // calibrated in fluids.initFluids so baseline filtration equals lymph flow
    pi0: -3, // interstitial fluid pressure (Guyton & Hall ch.16)
    ci: 12 * w, // interstitial compliance ≈ 12 mL/mmHg/kg in the non-oedema range (Guyton 1965; rat 14–18, Reed & Wiig 1981)
    visf0Ml: 0.15 * w * 1000, // interstitial fluid ≈ 15 % of body weight (Guyton & Hall ch.25)
    sigma0: 0.9, // protein reflection coefficient (Michel 1997)
    piOnc0: 28, // plasma colloid osmotic pressure 28 mmHg (Guyton & Hall)
    piIsf: 8, // interstitial colloid osmotic pressure 8 mmHg (Guyton & Hall)
    protein0G: 0, // computed in engine from plasma volume at 7 g/dL
    lymph0: 2 * size, // lymph flow ≈ 2 mL/min (Guyton & Hall ch.16)
    gfr0,
    cr0,
    k0: ckd ? 4.9 : 4.2, // K 3.5–5.0 (Tietz); CKD tends to high-normal (KDIGO)
    hb0: (female ? 13.5 : 15) * (ckd ? 0.78 : 1) * vary(rng, 0.04), // REFERENCES.md#pulse-standard-adult Hb 13.8–17.2 (male); anaemia of CKD
    gb: (dm ? 140 : 92) * vary(rng, 0.03), // REFERENCES.md#pulse-standard-adult glucose 90–100; T2DM fasting ≥126 (ADA 2024)
    sg: 0.025, // glucose effectiveness /min (Bergman 1979)
    p2: 0.025, // remote insulin decay /min (Bergman 1979)
    si: (dm ? 2e-4 : 5e-4) * vary(rng, 0.1), // insulin sensitivity /min per µU/mL (Bergman 1981; T2DM ↓)
    vgDl: 1.7 * w, // glucose distribution 1.7 dL/kg (Dalla Man 2007)
    viMl: 120 * w, // insulin distribution 0.12 L/kg
    // insulin clearance /min (MCR ≈ 1.2 L/min; Ferrannini 1983); the kidney clears ≈ 30 % of circulating
    // insulin (Rabkin 1984 Diabetologia 27:351; Duckworth 1998 Endocr Rev 19:608), so CKD prolongs
    // insulin action: renal share scaled by GFR/GFR(age).
    nIns: 0.13 * (0.7 + 0.3 * (gfr0 / gfrAge)),
    ib: dm ? 15 : 8, // fasting insulin µU/mL (Bergman 1979); hyperinsulinaemic T2DM
    secretionMult: dm ? 0.5 : 1, // β-cell dysfunction in T2DM (DeFronzo 2009)
  };
}

/**
 * Fraction of the equilibrium filling volume reached during diastole: 1 − exp(−t_dia/τ), τ = 0.2 s,
 * systole 0.37·√RR (Bazett 1920). Makes CO fall at very high heart rates.
 */
export function fillFraction(hrBpm: number): number {
  const rr = 60 / (hrBpm > 20 ? hrBpm : 20);
  const tDia = rr - 0.37 * Math.sqrt(rr);
  return tDia > 0 ? 1 - dexp(-tDia / 0.2) : 0;
}
