/**
 * Metabolism and acid–base: O2 demand (temperature Q10, shivering, work of breathing, disease),
 * supply-dependent VO2 above the critical DO2, lactate kinetics, bicarbonate/pH by Henderson–
 * Hasselbalch with acute buffering and slow renal compensation, base excess (Van Slyke), and core
 * temperature. Slow system (dt = 1 s).
 */
import { clamp, type Ctx, type PhysiologySystem } from './model';
import { dexp, dlog10, dpow } from '../util/detmath';

/** Q10 of whole-body VO2 ≈ 2 (≈ 7 %/°C) (Bruder 1998 Crit Care Med). */
const Q10 = 2;
/** Whole-body O2 extraction ratio at the critical DO2 ≈ 0.6 (critical DO2 ≈ 5 mL/kg/min; Ronco 1993 JAMA; Shoemaker 1992). */
const ER_MAX = 0.6;
/** Lactate produced per mL O2 deficit (mmol/mL): 0.0446 mmol O2 × ~5 ATP, halved for hypoxic
 *  down-regulation of demand (Hochachka 1996). */
const LACTATE_PER_ML_O2 = 0.12;
/** O2 cost of breathing (mL O2 per J of mechanical work; respiratory muscle efficiency ≈ 10 %,
 *  Otis 1954). */
const O2_PER_J = 2;
/** Time constant of core temperature toward its target (min): fever rises ~1 °C per 30–60 min
 *  (Mackowiak 1998). */
const TAU_TEMP_MIN = 40;
/** Renal compensation of chronic respiratory acidosis: +0.35 mmol/L per mmHg over 3–5 days
 *  (Brackett 1965; Schwartz 1965); the acute 0.1/mmHg is applied instantly. */
const TAU_RENAL_H = 48;
/** Washout time constant of tissue lactate at normal flow (min) (Leavy 1988; muscle–blood lactate
 *  equilibration within minutes, Connor 1982). */
const TAU_WASHOUT_MIN = 2;
/** Fraction of a lactic-acid load titrated by bicarbonate: 1/1.6 (delta ratio, Rastegar 2007). */
const LACTATE_HCO3_TITRATION = 0.625;
/** Flow-independent (diffusive, monocarboxylate-transporter) efflux of tissue lactate into the
 *  extracellular fluid, time constant in min: muscle lactate/H+ efflux via MCT1/MCT4 equilibrates
 *  within minutes (Juel 1997 Physiol Rev 77:321), and lactate crosses the capillary wall freely into
 *  stagnant capillary blood, so even with no flow the tissue lactate reaches the whole-body
 *  extracellular pool that a blood sample shows as soon as any flow (CPR, ROSC) resumes. */
const TAU_DIFFUSION_MIN = 4;
/** Hypoxic metabolic down-regulation: lactate production per mL O2 deficit falls as the deficit
 *  grows, 0.12/(1 + deficit/K). In global ischaemia ATP turnover is suppressed and ischaemic
 *  acidosis inhibits phosphofructokinase (Hochachka 1996 PNAS 93:9493; Boutilier 2001 J Exp Biol
 *  204:3171). K (mL O2/min) chosen so that untreated no-flow arrest raises whole-body lactate by
 *  ≈ 0.4 mmol/L/min, i.e. ≈ 8–9 mmol/L at 20 min — the range of initial lactate after prolonged
 *  arrest (Kliegel 2004 Resuscitation 62:279; Donnino 2007 Resuscitation 75:229: median initial
 *  lactate ≈ 8–12 mmol/L). Moderate deficits (≤ 30 mL/min, shock) are reduced by ≤ 12 %. */
const LACTATE_DEFICIT_K_ML = 250;
/** Time constant (min) at which tissue can draw the extractable O2 of the blood standing in it when
 *  flow stops: accessible blood O2 (≈ 0.5 L, of which ≈ 60 % extractable) lasts ≈ 1–2 min of resting VO2
 *  (Nunn's Applied Respiratory Physiology, O2 stores; Farmery & Roe 1996 Br J Anaesth 76:284). */
const TAU_O2_STORE_MIN = 1;
/** Fraction of the blood volume that stands in contact with tissue when flow stops (capillaries,
 *  venules and small veins ≈ half of the systemic blood; large veins and arteries are not drained by
 *  tissue without flow) (Guyton & Hall ch.15 blood volume distribution; Rothe 1983). */
const O2_STORE_BLOOD_FRAC = 0.5;
/** CO2 released per mmol lactic acid titrated by bicarbonate: 22.3 mL (molar volume, STPD); the
 *  "non-metabolic" CO2 of lactic acidosis (Wasserman 1967 J Appl Physiol 22:71; Beaver 1986). */
const CO2_ML_PER_MMOL = 22.3;

/** Regional dysoxia of low-flow states. Sympathetic vasoconstriction cuts splanchnic, renal and
 *  skeletal-muscle flow out of proportion to cardiac output (splanchnic flow −40 % after a 15 %
 *  bleed with MAP unchanged, Price 1966 Circ Res 18:469), so these beds pass their own critical O2
 *  delivery long before the whole body's (the gut first, Nelson 1987 J Appl Physiol 63:387): lactate
 *  and base deficit rise in hemorrhage while global VO2 is still supply-independent (Rixen & Siegel
 *  2005 Crit Care 9:441: base deficit and lactate as O2-debt correlates; docs/REFERENCES.md#hemorrhage-o2-debt). Unmet share of demand =
 *  REGIONAL_SHARE · ramp(fall of CO from REGIONAL_ONSET over REGIONAL_SPAN): these beds are about half of
 *  resting VO2 (Guyton & Hall ch.15); onset and span tuned so that a class's loss, held for the first
 *  hour, gives the ATLS base-deficit classes (docs/REFERENCES.md#atls-hemorrhage-classes: 0 to −2,
 *  −2 to −6, −6 to −10, ≤ −10 mEq/L; tests/physiology/hemorrhage-atls.test.ts). */
const REGIONAL_ONSET = 0.12;
const REGIONAL_SHARE = 0.4;
const REGIONAL_SPAN = 0.7;
/** Non-lactate strong anions made per mmol of anaerobic lactate: ischaemic tissue releases phosphate,
 *  urate and other unmeasured anions beside lactate, so the base deficit of hemorrhagic and traumatic
 *  shock exceeds what its lactate explains (unmeasured anions / strong ion gap rise with lactate in
 *  major vascular injury, Kaplan & Kellum 2004 Crit Care Med 32:1120). Ratio tuned with the regional
 *  constants above to the ATLS base-deficit classes with class III lactate ≈ 4–6 mmol/L; cleared with
 *  perfusion over ≈ 1 h. */
const ANION_PER_LACTATE = 1.2;
const TAU_ANION_CLEAR_MIN = 60;

/** Smooth min(demand, avail) (≈ 1 % below the smaller one at the crossover). */
function smoothMin(demand: number, avail: number): number {
  if (avail <= 1e-6) return 0;
  const r = demand / avail;
  return demand / dpow(1 + r * r * r * r * r * r, 1 / 6);
}

/** Hepatic/renal clearance scales with flow^0.7 (none without flow; Kruse 1987 Chest 92:1003). */
function hepFlow(ratio: number): number {
  return dpow(clamp(ratio, 0, 1.3), 0.7);
}

export const metabolism: PhysiologySystem = {
  name: 'metabolism',
  step(ctx: Ctx, dt: number): void {
    const { s, x, p, e } = ctx;
    const dtMin = dt / 60;
    const t = s.coreTempC;
    // Shivering when core is below its (hypothalamic) target and above ~32 °C (Bruder 1998).
    const shiver = t > 32 && s.gcs > 8 ? 1.5 * clamp((x.tempTargetC - t - 0.3) / 2, 0, 1) : 0;
    const demand =
      p.vo2_0 * dpow(Q10, (t - 37) / 10) * e.vo2Mult * (1 + shiver) +
      O2_PER_J * Math.max(0, s.workOfBreathingJPerMin - 2);
    x.vo2DemandMlPerMin = demand;
    const avail = ER_MAX * e.erMaxMult * s.do2MlPerMin;
    const vo2Flow = smoothMin(demand, avail);
    // With inadequate flow, tissue keeps consuming the O2 of the blood standing in its capillaries
    // and veins (extractable down to (1 − ER_MAX) of the lung content), until that store is used up;
    // the debt is repaid in the lung when flow resumes (gasExchange). Without this, VO2 and VCO2
    // would stop the instant the heart stops.
    const vbDl = s.bloodVolumeMl > 100 ? s.bloodVolumeMl / 100 : 1;
    const cLung = x.cao2MlDl + x.o2DebtMlDl;
    const storeMl = Math.max(0, O2_STORE_BLOOD_FRAC * ER_MAX * e.erMaxMult * cLung - x.o2DebtMlDl) * vbDl;
    // Only blood that is not being renewed (flow < ≈ 15 % of normal, i.e. arrest without CPR) is a
    // store beyond the extraction limit; with flow the limit ER_MAX·DO2 already applies.
    const stagnant = clamp(1 - s.coLPerMin / (0.15 * p.co0LPerMin), 0, 1);
    const vo2 = smoothMin(demand, avail + (stagnant * storeMl) / TAU_O2_STORE_MIN);
    let fromStore = vo2 - vo2Flow;
    if (fromStore < 0) fromStore = 0;
    if (fromStore * dtMin > storeMl) fromStore = storeMl / dtMin;
    x.vo2StoreMlPerMin = fromStore;
    x.o2DebtMlDl += (fromStore * dtMin) / vbDl;
    s.vo2MlPerMin = vo2Flow + fromStore;

    // Lactate: basal production balanced by hepatic Michaelis–Menten clearance at 0.9 mmol/L,
    // clearance scaled with hepatic (≈ cardiac) flow (Levraut 1998; Kruse 1987).
    const l = s.lactateMmolL;
    const basal = (p.lacClMax * p.lactate0) / (p.lacKm + p.lactate0);
    // Anaerobic lactate is made in the hypoperfused tissue and reaches the blood only as fast as
    // that tissue is perfused (washout τ 2 min at normal flow, ∝ 1/flow): blood lactate rises slowly during
    // very low flow and surges on reperfusion ("lactate washout", Leavy, Weil & Rackow 1988 JAMA
    // 260:662).
    // A flow-independent diffusive efflux (TAU_DIFFUSION_MIN) keeps the whole-body pool rising when
    // there is no flow at all (untreated arrest), instead of trapping all lactate in the tissue.
    const flow = clamp(s.coLPerMin / p.co0LPerMin, 0, 1.3);
    const washout =
      x.lactateTissueMmol * (1 - dexp(-dtMin * (flow / TAU_WASHOUT_MIN + 1 / TAU_DIFFUSION_MIN)));
    // Regional dysoxia (REGIONAL_SHARE above): its unmet demand is the floor of the deficit, and VO2
    // falls with it (VO2 falls in hemorrhage before the global critical DO2; Shoemaker 1988 Chest).
    // Only a beating circulation redistributes its flow by reflex; arrest and CPR (no pumping) are the
    // global supply limit and the stagnant-blood store above, calibrated on arrest lactate (Kliegel 2004).
    const lowFlow = x.pumping > 0 ? 1 - s.coLPerMin / p.co0LPerMin : 0;
    const rr = lowFlow > REGIONAL_ONSET ? clamp((lowFlow - REGIONAL_ONSET) / REGIONAL_SPAN, 0, 1) : 0;
    const regional = demand * REGIONAL_SHARE * rr;
    let deficit = demand - s.vo2MlPerMin;
    if (deficit < regional) {
      deficit = regional;
      s.vo2MlPerMin = demand - regional;
    }
    if (deficit < 0) deficit = 0;
    const anaerobic = ((LACTATE_PER_ML_O2 * deficit) / (1 + deficit / LACTATE_DEFICIT_K_ML)) * dtMin;
    x.lactateTissueMmol += anaerobic - washout;
    // Their companion anions reach the extracellular fluid with the lactate (same washout).
    const ua = x.anaerobicAnionMmolL;
    x.anaerobicAnionMmolL =
      ua + (ANION_PER_LACTATE * washout) / p.lacVdL - ua * (1 - dexp((-dtMin * hepFlow(s.coLPerMin / p.co0LPerMin)) / TAU_ANION_CLEAR_MIN));
    const prod = basal + washout / dtMin + e.lactateProdMmolPerMin;
    // Hepatic (and renal) uptake needs perfusion: none without flow (the ischaemic liver itself
    // becomes a lactate producer; Kruse 1987 Chest 92:1003).
    const hep = dpow(flow, 0.7);
    const clear = ((p.lacClMax * l) / (p.lacKm + l)) * hep;
    s.lactateMmolL = clamp(l + ((prod - clear) / p.lacVdL) * dtMin, 0.2, 30);
    // Bicarbonate titration of the lactic acid added (or regenerated on its clearance) releases (or
    // takes up) CO2 into the body CO2 store (gasExchange adds it to VCO2).
    x.vco2BufferMlPerMin =
      (CO2_ML_PER_MMOL * LACTATE_HCO3_TITRATION * (s.lactateMmolL - l) * p.lacVdL) / dtMin;

    // Bicarbonate: metabolic component (lactate and ketoacids titrate HCO3 1:1) + renal
    // compensation + acute CO2 buffering (+0.1 per mmHg ↑, +0.2 per mmHg ↓; Brackett 1965; Arbus 1969).
    const paco2 = s.paco2MmHg;
    const compTarget = 0.25 * (paco2 - p.paco2Set) * (p.ckd ? 0.5 : 1);
    x.renalCompMmolL += (compTarget - x.renalCompMmolL) * (dt / (TAU_RENAL_H * 3600));
    // Lactic acid is buffered ≈ 60 % by bicarbonate and ≈ 40 % by non-bicarbonate (intracellular,
    // bone) buffers: ΔAG/ΔHCO3 ≈ 1.6 in lactic acidosis (Rastegar 2007 JASN 18:2429); ketoacids ≈ 1:1.
    const metab =
      p.hco3Base -
      LACTATE_HCO3_TITRATION * (s.lactateMmolL - p.lactate0 + x.anaerobicAnionMmolL) -
      s.ketonesMmolL +
      x.renalCompMmolL;
    // No negative concentration, even when the acid load of a long arrest exceeds the bicarbonate.
    x.hco3MetabMmolL = metab > 1 ? metab : 1;
    const acute = paco2 >= p.paco2Set ? 0.1 * (paco2 - p.paco2Set) : 0.2 * (paco2 - p.paco2Set);
    const hco3 = clamp(x.hco3MetabMmolL + acute, 2, 60);
    s.hco3MmolL = hco3;
    // Henderson–Hasselbalch, pK 6.1, CO2 solubility 0.0307 mmol/L/mmHg.
    s.ph = clamp(6.1 + dlog10(hco3 / (0.0307 * paco2)), 6.5, 7.9);
    // Standard base excess (Van Slyke equation, CLSI C46-A2 / Siggaard-Andersen 1977).
    s.baseExcessMmolL = 0.93 * (hco3 - 24.4 + 14.8 * (s.ph - 7.4));

    // Core temperature relaxes toward the target set by the hypothalamus (fever) or the
    // environment (cold exposure); no heat transport without circulation (slower).
    x.tempTargetC = p.tempSetC + e.feverC - e.coldC;
    const tau = TAU_TEMP_MIN * (s.coLPerMin < 0.5 ? 4 : 1);
    s.coreTempC = t + (x.tempTargetC - t) * (1 - dexp(-dtMin / tau));
  },
};
