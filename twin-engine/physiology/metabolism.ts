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
    let vo2 = 0;
    if (avail > 1e-6) {
      const r = demand / avail;
      vo2 = demand / dpow(1 + r * r * r * r * r * r, 1 / 6); // smooth min(demand, avail)
    }
    s.vo2MlPerMin = vo2;

    // Lactate: basal production balanced by hepatic Michaelis–Menten clearance at 0.9 mmol/L,
    // clearance scaled with hepatic (≈ cardiac) flow (Levraut 1998; Kruse 1987).
    const l = s.lactateMmolL;
    const basal = (p.lacClMax * p.lactate0) / (p.lacKm + p.lactate0);
    // Anaerobic lactate is made in the hypoperfused tissue and reaches the blood only as fast as
    // that tissue is perfused (washout τ 2 min at normal flow, ∝ 1/flow): blood lactate rises slowly during
    // very low flow and surges on reperfusion ("lactate washout", Leavy, Weil & Rackow 1988 JAMA
    // 260:662).
    const flow = clamp(s.coLPerMin / p.co0LPerMin, 0, 1.3);
    const washout = x.lactateTissueMmol * (1 - dexp((-dtMin * flow) / TAU_WASHOUT_MIN));
    x.lactateTissueMmol += LACTATE_PER_ML_O2 * (demand - vo2) * dtMin - washout;
    const prod = basal + washout / dtMin + e.lactateProdMmolPerMin;
    const hep = dpow(clamp(s.coLPerMin / p.co0LPerMin, 0.05, 1.3), 0.7);
    const clear = ((p.lacClMax * l) / (p.lacKm + l)) * hep;
    s.lactateMmolL = clamp(l + ((prod - clear) / p.lacVdL) * dtMin, 0.2, 30);

    // Bicarbonate: metabolic component (lactate and ketoacids titrate HCO3 1:1) + renal
    // compensation + acute CO2 buffering (+0.1 per mmHg ↑, +0.2 per mmHg ↓; Brackett 1965; Arbus 1969).
    const paco2 = s.paco2MmHg;
    const compTarget = 0.25 * (paco2 - p.paco2Set) * (p.ckd ? 0.5 : 1);
    x.renalCompMmolL += (compTarget - x.renalCompMmolL) * (dt / (TAU_RENAL_H * 3600));
    // Lactic acid is buffered ≈ 60 % by bicarbonate and ≈ 40 % by non-bicarbonate (intracellular,
    // bone) buffers: ΔAG/ΔHCO3 ≈ 1.6 in lactic acidosis (Rastegar 2007 JASN 18:2429); ketoacids ≈ 1:1.
    const metab =
      p.hco3Base - LACTATE_HCO3_TITRATION * (s.lactateMmolL - p.lactate0) - s.ketonesMmolL + x.renalCompMmolL;
    x.hco3MetabMmolL = metab;
    const acute = paco2 >= p.paco2Set ? 0.1 * (paco2 - p.paco2Set) : 0.2 * (paco2 - p.paco2Set);
    const hco3 = clamp(metab + acute, 2, 60);
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
