/**
 * Pharmacology: linear 1- or 2-compartment PK with first-order absorption depot (IM/SC/neb) and an
 * effect compartment (ke0), Emax/Hill PD, for every DrugId (dextrose and insulin are handled by the
 * glucose system) plus one internal slot for the opioid of an overdose. Opioids combine by Loewe
 * additivity; naloxone is a competitive antagonist. Amounts in µg, concentrations in ng/mL.
 * Slow system (dt = 1 s); runs first so that conditions can read the PD summary.
 */
import { clamp, DRUG_SLOT, DRUG_SLOT_NAMES, N_DRUG_SLOTS, type Ctx, type DrugSlotName, type PhysiologySystem } from './model';
import { dpow } from '../util/detmath';

/**
 * PK constants per slot: V1 (L/kg), k10, k12, k21, ke0 and the depot absorption rate ka (1/min);
 * dextrose and insulin are handled by the glucose system (null). Sources:
 * NE t½ ≈ 2.4 min, V ≈ 0.11 L/kg (Beloeil 2005 BJA); epinephrine t½ ≈ 2–3 min (Clutter 1980 JCI);
 * fentanyl V1 12.7 L, k12 0.47, k21 0.10, t½ke0 4.7 min (Scott & Stanski 1987 JPET; Scott 1985);
 * morphine Cl ≈ 1.2 L/min, slow blood–brain equilibration (Lötsch 2002 Clin Pharmacokinet);
 * naloxone Cl ≈ 30 mL/kg/min, t½ ≈ 60 min (Yassen 2007 Clin Pharmacokinet), blood–effect-site
 * equilibration t½ke0 ≈ 6.5 min (Olofsen 2010; docs/REFERENCES.md#naloxone-timing), ke0 = ln2/6.5;
 * salbutamol V ≈ 2 L/kg, t½ ≈ 4.6 h, ~10 % lung deposition from a nebuliser (Morgan 1986 Clin
 * Pharmacol Ther); amiodarone rapid distribution, very long terminal t½ (Latini 1984 Clin
 * Pharmacokinet); metoprolol V ≈ 3.2 L/kg, t½ ≈ 3.5 h (Regårdh 1980 Clin Pharmacokinet);
 * antibiotic: generic β-lactam V ≈ 0.25 L/kg, t½ 4 h; overdose opioid: one-compartment
 * morphine-equivalent (V 0.5 L/kg, t½ ≈ 70 min) with heroin/6-MAM's fast brain entry (Rook 2006).
 * Absorption from the depot: IM adrenaline Tmax ≈ 10 min (Simons 2001 JACI).
 */
const PK: Record<DrugSlotName, { v1LPerKg: number; k10: number; k12: number; k21: number; ke0: number; ka: number } | null> = {
  norepinephrine: { v1LPerKg: 0.11, k10: 0.29, k12: 0, k21: 0, ke0: 1, ka: 0.15 },
  epinephrine: { v1LPerKg: 0.11, k10: 0.25, k12: 0, k21: 0, ke0: 1, ka: 0.15 },
  fentanyl: { v1LPerKg: 0.17, k10: 0.083, k12: 0.47, k21: 0.1, ke0: 0.147, ka: 0.1 },
  morphine: { v1LPerKg: 0.23, k10: 0.068, k12: 0.1, k21: 0.02, ke0: 0.02, ka: 0.05 },
  naloxone: { v1LPerKg: 0.3, k10: 0.1, k12: 0.15, k21: 0.03, ke0: 0.107, ka: 0.1 },
  salbutamol: { v1LPerKg: 2.0, k10: 0.0025, k12: 0, k21: 0, ke0: 0.2, ka: 0.2 },
  amiodarone: { v1LPerKg: 0.2, k10: 0.001, k12: 0.05, k21: 0.0005, ke0: 0.1, ka: 0.05 },
  metoprolol: { v1LPerKg: 3.2, k10: 0.0033, k12: 0, k21: 0, ke0: 0.1, ka: 0.05 },
  dextrose: null,
  insulin: null,
  antibiotics: { v1LPerKg: 0.25, k10: 0.0029, k12: 0, k21: 0, ke0: 1, ka: 0.05 },
  overdose_opioid: { v1LPerKg: 0.5, k10: 0.01, k12: 0, k21: 0, ke0: 0.2, ka: 0.2 },
};
// Compiled to slot-indexed arrays once, for the allocation-free loop below.
const HAS_PK = DRUG_SLOT_NAMES.map((n) => PK[n] !== null);
const pkOf = (f: 'v1LPerKg' | 'k10' | 'k12' | 'k21' | 'ke0' | 'ka') => DRUG_SLOT_NAMES.map((n) => PK[n]?.[f] ?? 0);
const V1_L_PER_KG = pkOf('v1LPerKg');
const K10 = pkOf('k10');
const K12 = pkOf('k12');
const K21 = pkOf('k21');
const KE0 = pkOf('ke0');
const KA = pkOf('ka');
const {
  norepinephrine: NE,
  epinephrine: EPI,
  fentanyl: FENT,
  morphine: MORPH,
  naloxone: NALOX,
  salbutamol: SALB,
  amiodarone: AMIO,
  metoprolol: METO,
  antibiotics: ABX,
  overdose_opioid: OD_OPIOID,
} = DRUG_SLOT;
/** Naloxone competitive Ki at the effect site (ng/mL). With naloxone's ke0 above it puts 0.4 mg IV
 *  reversal of an overdose at the labelled timing: onset 1–2 min, peak ≈ 2–5 min (docs/REFERENCES.md#naloxone-timing:
 *  Narcan label, FDA 2018; Boyer 2012 NEJM 367:146). A Ki of 0.5 reversed within 15 s. */
const NALOXONE_KI = 1;

/** Hill helper: C^n / (EC50^n + C^n). */
function hill(c: number, ec50: number, n: number): number {
  if (c <= 0) return 0;
  const r = n === 1 ? c / ec50 : dpow(c / ec50, n);
  return r / (1 + r);
}


export const pharmacology: PhysiologySystem = {
  name: 'pharmacology',
  step(ctx: Ctx, dt: number): void {
    const { x, p, e } = ctx;
    const dtMin = dt / 60;
    const w = p.weightKg;
    for (let i = 0; i < N_DRUG_SLOTS; i++) {
      if (!HAS_PK[i]) continue;
      const dep = x.drugDepot[i];
      const absorb = dep > 0 ? KA[i] * dep * dtMin : 0;
      if (dep > 0) x.drugDepot[i] = dep - absorb;
      const a1 = x.drugCentral[i];
      const a2 = x.drugPeriph[i];
      const inf = x.drugInfusionMcgPerMin[i];
      if (a1 === 0 && a2 === 0 && absorb === 0 && inf === 0 && x.drugEffect[i] === 0) continue;
      const n1 = a1 + absorb + inf * dtMin + (-(K10[i] + K12[i]) * a1 + K21[i] * a2) * dtMin;
      const n2 = a2 + (K12[i] * a1 - K21[i] * a2) * dtMin;
      x.drugCentral[i] = n1 > 1e-9 ? n1 : 0;
      x.drugPeriph[i] = n2 > 1e-9 ? n2 : 0;
      const cp = x.drugCentral[i] / (V1_L_PER_KG[i] * w);
      const ce = x.drugEffect[i] + KE0[i] * (cp - x.drugEffect[i]) * dtMin;
      x.drugEffect[i] = ce > 1e-9 ? ce : 0;
    }
    const ce = x.drugEffect;
    // --- catecholamines and β-blockade (EC50s: Beloeil 2005; Clutter 1980 adrenaline thresholds) ---
    const alphaNe = hill(ce[NE], 5, 1.3);
    const alphaEpi = hill(ce[EPI], 8, 1.3);
    const b1Epi = hill(ce[EPI], 1.5, 1);
    const b2Epi = hill(ce[EPI], 1.0, 1);
    const bb = hill(ce[METO], 25, 1); // metoprolol β1 blockade (Regårdh 1980)
    const b2Sal = hill(ce[SALB], 2, 1); // salbutamol bronchodilation (Morgan 1986)
    const beta1 = (0.3 * hill(ce[NE], 10, 1) + b1Epi) * (1 - bb);
    const alpha = 1 - (1 - alphaNe) * (1 - alphaEpi);
    const beta2 = 1 - (1 - b2Epi) * (1 - b2Sal);
    e.alpha = alpha;
    e.beta1 = beta1;
    e.beta2 = beta2;
    e.betaBlock = bb;
    e.epi = b2Epi;
    // α1 vasoconstriction and venoconstriction (NE recruits unstressed volume; Persichini 2012).
    e.svrMult *= (1 + 1.5 * alpha) * (1 - 0.25 * b2Epi);
    e.venousCapMl -= 0.08 * p.bloodVolume0Ml * alpha;
    e.contractilityMult *= (1 + 0.6 * beta1) * (1 - 0.2 * bb);
    e.hrMult *= (1 + 0.5 * beta1) * (1 - 0.3 * bb);
    e.hrAddBpm += 12 * b2Sal;
    e.lactateProdMmolPerMin += (0.6 * b2Epi + 0.15 * b2Sal) * (w / 77); // β2 aerobic glycolysis (Levy 2005)
    e.hepaticGlucoseMgPerKgMin += 2 * b2Epi + 0.5 * b2Sal;
    e.potassiumAdd -= 0.6 * beta2; // β2 K shift ≈ −0.6 mmol/L (Brown 1983 NEJM)
    e.vo2Mult *= 1 + 0.2 * b1Epi; // calorigenic effect of adrenaline
    e.insulinSecretionMult *= 1 - 0.5 * alphaEpi; // α2 inhibition of insulin release
    // --- opioids: Loewe additivity of normalised effect-site concentrations; naloxone competitive
    // antagonism u/(1 + Cnal/Ki); ventilatory depression Emax model (Dahan 2010 Anesthesiology;
    // EC50 fentanyl ≈ 2.5 ng/mL, Bouillon 2003; morphine ≈ 60 ng/mL, Dahan 2004). ---
    let u = ce[FENT] / 2.5 + ce[MORPH] / 60 + ce[OD_OPIOID] / 150;
    u /= 1 + ce[NALOX] / NALOXONE_KI;
    const opi = (u * u) / (1 + u * u);
    e.opioid = opi;
    e.driveMult *= 1 - opi;
    // --- antiarrhythmic ---
    const amio = hill(ce[AMIO], 2000, 1); // therapeutic 1–2.5 mg/L (Latini 1984)
    e.amiodarone = amio;
    e.svrMult *= 1 - 0.15 * amio; // IV amiodarone vasodilation/hypotension
    e.hrMult *= 1 - 0.1 * amio;
    // --- antibiotic: bactericidal kill rate when above MIC (≈ 4 mg/L) ---
    e.abxKillPerH = 0.6 * hill(ce[ABX], 4000, 2);
    e.pressorMcgKgMin = clamp((x.drugInfusionMcgPerMin[NE] + x.drugInfusionMcgPerMin[EPI]) / w, 0, 100);
  },
};
