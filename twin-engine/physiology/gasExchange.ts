/**
 * Gas exchange: alveolar O2 with an FRC store (apnoea desaturation), body CO2 store, a three-
 * compartment lung (normal units, low-V/Q units, true shunt; Riley & Cournand 1949; West),
 * the Severinghaus (1979) O2 dissociation curve with pH/temperature/PCO2 correction, O2 contents,
 * EtCO2. Slow system (dt = 1 s).
 */
import { clamp, type Ctx, type PhysiologySystem } from './model';
import { dexp, dlog10, dpow } from '../util/detmath';

/** Barometric pressure and water vapour pressure at 37 °C (mmHg). */
const PB_MMHG = 760;
const PH2O_MMHG = 47;
/** 0.863 = conversion in the alveolar ventilation equation (STPD→BTPS, mmHg) (West). */
const K_VA = 0.863;
/** Hüfner's constant (mL O2/g Hb) and O2 solubility (mL/dL/mmHg) (Nunn's Applied Respiratory Physiology). */
const HUFNER = 1.34;
const O2_SOL = 0.003;

/** Severinghaus 1979 (J Appl Physiol 46:599) saturation (fraction) for a standard PO2. */
export function severinghaus(po2: number): number {
  if (po2 <= 0) return 0;
  return 1 / (23400 / (po2 * po2 * po2 + 150 * po2) + 1);
}

let shiftFactor = 1;
let hbNow = 15;
function content(po2: number): number {
  return HUFNER * hbNow * severinghaus(po2 * shiftFactor) + O2_SOL * po2;
}
function invertContent(c: number): number {
  let lo = 0.5;
  let hi = 800;
  if (c <= content(lo)) return lo;
  if (c >= content(hi)) return hi;
  for (let i = 0; i < 30; i++) {
    const mid = 0.5 * (lo + hi);
    if (content(mid) < c) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

export const gasExchange: PhysiologySystem = {
  name: 'gasExchange',
  step(ctx: Ctx, dt: number): void {
    const { s, x, p, e } = ctx;
    const dtMin = dt / 60;
    const ventilated = x.ventOn > 0 && s.intubated;
    const fio2 = ventilated ? x.ventFio2 : x.o2Fio2;
    s.fio2 = fio2;
    const pio2 = fio2 * (PB_MMHG - PH2O_MMHG);
    const va = x.vaLPerMin;
    const frc = p.frcL * (s.position === 'upright' ? 1.2 : 1) * (1 - 0.5 * clamp(s.shuntFraction, 0, 0.8));
    // O2 debt of blood that stood still in the tissues (metabolism) is carried back to the lung with
    // the circulation (mixing time constant = blood volume / CO) and repaid from alveolar gas there.
    const vbL = s.bloodVolumeMl > 100 ? s.bloodVolumeMl / 1000 : 0.1;
    const debt = x.o2DebtMlDl;
    const repaid = debt * (1 - dexp((-s.coLPerMin / vbL) * dtMin));
    x.o2DebtMlDl = debt - repaid;
    // O2 taken up from the alveoli = tissue VO2 carried by flow + repayment of the debt; zero with no
    // pulmonary blood flow (the unperfused lung is a closed store).
    const vo2Flow = s.vo2MlPerMin - x.vo2StoreMlPerMin;
    const uptake = (vo2Flow > 0 ? vo2Flow : 0) + (repaid * 10 * vbL) / dtMin;
    // Alveolar O2: FRC store washed by alveolar ventilation, emptied by O2 uptake
    // (dPAO2/dt = [VA(PIO2 − PAO2) − 863·uptake]/FRC); steady state = alveolar gas equation. In apnoea
    // (VA = 0) PAO2 falls by 863·VO2/FRC ≈ 100 mmHg/min from room air — apnoeic desaturation within
    // 1–2 min without pre-oxygenation (Benumof 1997 Anesthesiology 87:979; Farmery & Roe 1996).
    // The circulating blood's O2 store buffers alveolar PO2 changes: effective capacitance =
    // FRC/0.863 + Vb·dC/dPO2, large on the steep part of the dissociation curve (Farmery & Roe 1996
    // Br J Anaesth 76:284; Benumof 1997). Only blood that reaches the lung takes part (× flow).
    let pao2A = s.pao2AlveolarMmHg;
    // content() uses module-level ODC settings: set them for THIS patient first (several models share
    // the module; determinism requires no carry-over between instances).
    shiftFactor = dpow(
      10,
      0.024 * (37 - s.coreTempC) + 0.4 * (s.ph - 7.4) + 0.06 * dlog10(40 / (s.paco2MmHg > 1 ? s.paco2MmHg : 1)),
    );
    hbNow = s.hbGDl > 1 ? s.hbGDl : 1;
    const dCdP = (content(pao2A + 1) - content(pao2A > 2 ? pao2A - 1 : 1)) / (pao2A > 2 ? 2 : pao2A);
    const perf = clamp(s.coLPerMin / p.co0LPerMin, 0, 1);
    const frcEff = frc + K_VA * perf * dCdP * (vbL * 10); // blood O2 capacitance, mL/mmHg (Vb in dL)
    if (va > 0.05) {
      const target = pio2 - (K_VA * uptake) / va;
      pao2A = target + (pao2A - target) * dexp((-va / frcEff) * dtMin);
    } else {
      pao2A += ((va * (pio2 - pao2A) - K_VA * uptake) / frcEff) * dtMin;
    }
    pao2A = clamp(pao2A, 1, pio2 > 1 ? pio2 : 1);
    s.pao2AlveolarMmHg = pao2A;

    // CO2 body store: C·dPaCO2/dt = VCO2 − VA·PaCO2/0.863 (Stock 1988; West), with elimination
    // limited by pulmonary blood flow when CO is very low. VCO2 includes the CO2 that tissues keep
    // producing from stored O2 after flow stops, and the CO2 released by bicarbonate titration of
    // lactic acid (Wasserman 1967) — so PaCO2 rises in untreated arrest (mixed acidosis; Weil 1986
    // NEJM 315:153: mixed-venous PCO2 ≈ 74 mmHg during CPR).
    const coRatio = s.coLPerMin / p.co0LPerMin;
    const g = clamp((1.6 * coRatio) / (1 + 0.6 * coRatio), 0, 1);
    let vco2 = p.rq * s.vo2MlPerMin + x.vco2BufferMlPerMin;
    if (vco2 < 0) vco2 = 0;
    const elim = ((va * s.paco2MmHg) / K_VA) * (0.25 + 0.75 * g);
    s.paco2MmHg = clamp(s.paco2MmHg + ((vco2 - elim) / p.cco2) * dtMin, 5, 250);

    // Lung compartments.
    const peep = s.peepCmH2O;
    const recruit = clamp(peep / 20, 0, 0.6); // recruitable shunt falls with PEEP (Gattinoni 2006)
    const edema = 0.012 * Math.max(0, s.pcwpMmHg - 18); // hydrostatic oedema above PCWP ≈ 18 (Guyton & Hall ch.39)
    const shunt = clamp(p.shunt0 + e.shuntAdd * (1 - recruit) + edema, 0, 0.85);
    const lowVq = clamp(p.lowVq0 + e.lowVqAdd, 0, 0.95 - shunt);
    s.shuntFraction = shunt;
    x.lowVqFrac = lowVq;

    const paco2 = s.paco2MmHg;
    // Severinghaus virtual-PO2 correction for temperature, pH and PCO2 (Severinghaus 1979).
    shiftFactor = dpow(
      10,
      0.024 * (37 - s.coreTempC) + 0.4 * (s.ph - 7.4) + 0.06 * dlog10(40 / (paco2 > 1 ? paco2 : 1)),
    );
    hbNow = s.hbGDl > 1 ? s.hbGDl : 1;
    const cN = content(pao2A);
    // Low-V/Q units: solve VA_L(PIO2 − P)/713 = Q_L(Cc(P) − Cv)/100 by bisection (Riley two-compartment).
    const co = s.coLPerMin > 0.3 ? s.coLPerMin : 0.3;
    // Disease-added low-V/Q units ventilate at V/Q ≈ 0.1 (MIGET in asthma/COPD, Wagner 1977;
    // Rodriguez-Roisin 1991); baseline units at p.vqLow.
    const vqMix = lowVq > 1e-6 ? (p.lowVq0 * p.vqLow + (lowVq - p.lowVq0) * 0.1) / lowVq : p.vqLow;
    const r = ((vqMix > 0.02 ? vqMix : 0.02) * va) / co;
    const cv = x.cvo2MlDl;
    let lo = 1;
    let hi = pio2 > 2 ? pio2 : 2;
    for (let i = 0; i < 24; i++) {
      const mid = 0.5 * (lo + hi);
      const gas = (r * (pio2 - mid)) / 713;
      const blood = (content(mid) - cv) / 100;
      if (gas > blood) lo = mid;
      else hi = mid;
    }
    const cL = content(0.5 * (lo + hi));
    const nonShunt = 1 - shunt;
    const cMix = ((nonShunt - lowVq) * cN + lowVq * cL) / nonShunt;
    // Shunt equation with Fick: CaO2 = Cc' − s/(1−s)·VO2/(10·CO) (Berggren 1942).
    const avd = (vo2Flow > 0 ? vo2Flow : 0) / (10 * co);
    // Arterial content = pulmonary end-capillary mix − shunt admixture − O2 debt of blood that has
    // stood in the tissues (no-flow desaturation).
    const cao2 = Math.max(0.3, cMix - (shunt / nonShunt) * avd - x.o2DebtMlDl);
    x.cao2MlDl = cao2;
    x.cvo2MlDl = Math.max(0.1, cao2 - avd);
    s.pao2MmHg = invertContent(cao2);
    s.sao2Pct = 100 * severinghaus(s.pao2MmHg * shiftFactor);
    s.svo2Pct = clamp((100 * x.cvo2MlDl) / (HUFNER * hbNow), 0, 100);
    s.do2MlPerMin = 10 * s.coLPerMin * cao2;
    // EtCO2 = PaCO2 diluted by alveolar dead space and reduced when lung perfusion is low
    // (Weil 1985 CPR; Grmec 2002). No exhaled gas in apnoea.
    s.etco2MmHg = s.apnea ? 0 : paco2 * (1 - x.alvDeadSpaceFrac) * g;
  },
};
