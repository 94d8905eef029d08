/**
 * Laboratory-type variables and scores: WBC, platelets, bilirubin, troponin, potassium, peripheral
 * perfusion index and the SOFA score (Vincent 1996 Intensive Care Med 22:707). Slow system (1 s).
 */
import { clamp, type Ctx, type PhysiologySystem } from './model';
import { dexp } from '../util/detmath';

/** hs-cTnT elimination t½ ≈ 7–20 h; 12 h used (Giannitsis 2010). */
const TROP_K_PER_H = Math.LN2 / 12;
/** Normal hs troponin ≈ 5 ng/L (99th percentile 14 ng/L; Thygesen 2018 UDMI). */
const TROP0 = 5;

export function sofa(
  pfRatio: number,
  ventilated: boolean,
  platelets: number,
  bilirubin: number,
  map: number,
  pressorMcgKgMin: number,
  gcs: number,
  creatinine: number,
  urineMlPerDay: number,
): number {
  let r = 0;
  if (pfRatio < 400) r = 1;
  if (pfRatio < 300) r = 2;
  if (pfRatio < 200 && ventilated) r = 3;
  if (pfRatio < 100 && ventilated) r = 4;
  let c = 0;
  if (platelets < 150) c = 1;
  if (platelets < 100) c = 2;
  if (platelets < 50) c = 3;
  if (platelets < 20) c = 4;
  let l = 0;
  if (bilirubin >= 1.2) l = 1;
  if (bilirubin >= 2) l = 2;
  if (bilirubin >= 6) l = 3;
  if (bilirubin >= 12) l = 4;
  let cv = 0;
  if (map < 70) cv = 1;
  if (pressorMcgKgMin > 0) cv = 3; // NE ≤ 0.1 µg/kg/min
  if (pressorMcgKgMin > 0.1) cv = 4;
  let n = 0;
  if (gcs < 15) n = 1;
  if (gcs < 13) n = 2;
  if (gcs < 10) n = 3;
  if (gcs < 6) n = 4;
  let k = 0;
  if (creatinine >= 1.2) k = 1;
  if (creatinine >= 2) k = 2;
  if (creatinine >= 3.5 || urineMlPerDay < 500) k = 3;
  if (creatinine >= 5 || urineMlPerDay < 200) k = 4;
  return r + c + l + cv + n + k;
}

export const labs: PhysiologySystem = {
  name: 'labs',
  step(ctx: Ctx, dt: number): void {
    const { s, x, p, e } = ctx;
    const h = dt / 3600;
    // Leukocytosis follows inflammation (τ 6 h); normal 7 ×10⁹/L (4–11, Tietz).
    s.wbc10e9L += (7 + e.wbcAdd - s.wbc10e9L) * (1 - dexp(-h / 6));
    // Platelets consumed in sepsis, regenerated over days (normal 250; Tietz).
    s.plateletsE9L = clamp(s.plateletsE9L + (-e.plateletDropPerH + (250 - s.plateletsE9L) / 120) * h, 5, 600);
    s.bilirubinMgDl += (0.6 + e.bilirubinAdd - s.bilirubinMgDl) * (1 - dexp(-h / 12));
    // Troponin: infarct release + demand ischaemia when myocardial O2 index < 0.7 (type 2 MI).
    const release = e.troponinNgLPerH + 200 * Math.max(0, 0.7 - x.myoO2);
    s.troponinNgL = clamp(s.troponinNgL + (release + TROP_K_PER_H * (TROP0 - s.troponinNgL)) * h, 0, 1e6);
    // Potassium: baseline + acidaemia shift ≈ 0.1 mmol/L per mmol/L HCO3 deficit (Adrogué &
    // Madias 1981), insulin uptake (DeFronzo 1980), β2 shift (in e.potassiumAdd), renal retention.
    const acid = 0.1 * Math.max(0, p.hco3Base - x.hco3MetabMmolL);
    const ins = -0.004 * Math.max(0, x.insulinUuMl - p.ib);
    const renal = 0.4 * clamp(s.creatinineMgDl / p.cr0 - 1.5, 0, 6);
    s.potassiumMmolL = clamp(p.k0 + acid + ins + renal + e.potassiumAdd, 1.5, 9.5);
    // Peripheral perfusion (skin flow ∝ pressure / cutaneous resistance; cold peripheries with
    // sympathetic vasoconstriction, warm in vasoplegia; Lima 2009 Crit Care Med).
    const cut = x.svrAuto * e.svrMult * (s.coreTempC < 35 ? 1 + 0.2 * (35 - s.coreTempC) : 1);
    s.peripheralPerfusion = x.pumping > 0 || s.cprActive ? clamp(s.mapMmHg / p.map0 / Math.sqrt(cut), 0, 1) * (x.pumping > 0 ? 1 : 0.3) : 0;
    s.sofaScore = sofa(
      s.pao2MmHg / (s.fio2 > 0.2 ? s.fio2 : 0.21),
      s.intubated && x.ventOn > 0,
      s.plateletsE9L,
      s.bilirubinMgDl,
      s.mapMmHg,
      e.pressorMcgKgMin,
      s.gcs,
      s.creatinineMgDl,
      s.urineMlPerH * 24,
    );
  },
};
