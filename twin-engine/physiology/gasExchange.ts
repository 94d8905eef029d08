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
    // Alveolar O2: FRC store washed by alveolar ventilation, emptied by O2 uptake
    // (dPAO2/dt = [VA(PIO2 − PAO2) − 863·VO2]/FRC); steady state = alveolar gas equation.
    let pao2A = s.pao2AlveolarMmHg;
    if (va > 0.05) {
      const target = pio2 - (K_VA * s.vo2MlPerMin) / va;
      pao2A = target + (pao2A - target) * dexp((-va / frc) * dtMin);
    } else {
      pao2A += ((va * (pio2 - pao2A) - K_VA * s.vo2MlPerMin) / frc) * dtMin;
    }
    pao2A = clamp(pao2A, 1, pio2 > 1 ? pio2 : 1);
    s.pao2AlveolarMmHg = pao2A;

    // CO2 body store: C·dPaCO2/dt = VCO2 − VA·PaCO2/0.863 (Stock 1988; West), with elimination
    // limited by pulmonary blood flow when CO is very low.
    const coRatio = s.coLPerMin / p.co0LPerMin;
    const g = clamp((1.6 * coRatio) / (1 + 0.6 * coRatio), 0, 1);
    const vco2 = p.rq * s.vo2MlPerMin;
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
    const avd = s.vo2MlPerMin / (10 * co);
    const cao2 = Math.max(0.3, cMix - (shunt / nonShunt) * avd);
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
