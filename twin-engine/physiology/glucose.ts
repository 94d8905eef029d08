/**
 * Glucose–insulin: Bergman minimal model (Bergman 1979 Am J Physiol 236:E667) with glucose-
 * dependent insulin secretion, exogenous IV/SC insulin and dextrose, stress hyperglycaemia,
 * counter-regulation, glucosuria, and ketoacid kinetics for DKA. Slow system (dt = 1 s).
 */
import { clamp, type Ctx, type PhysiologySystem } from './model';

/** Insulin secretion Hill curve half-maximal glucose (mg/dL) and exponent (Grodsky 1972). */
const SEC_K = 150;
const SEC_N = 3;
/** Regular insulin SC absorption rate (1/min), t½ ≈ 1 h (Binder 1984). */
const KA_SC_INSULIN = 0.012;
/** IV dextrose bolus enters over ~2 min. */
const K_DEXTROSE = 0.5;
/** Counter-regulation (glucagon, adrenaline) up to ≈ 2 mg/kg/min below 70 mg/dL (Cryer 2013). */
const COUNTER_MG_KG_MIN = 2;

function hill(g: number): number {
  const gn = g * g * g;
  return gn / (SEC_K * SEC_K * SEC_K + gn);
}

export const glucose: PhysiologySystem = {
  name: 'glucose',
  step(ctx: Ctx, dt: number): void {
    const { s, x, p, e } = ctx;
    const dtMin = dt / 60;
    const g = s.glucoseMgDl;
    const i = x.insulinUuMl;
    // Endogenous secretion (µU/min): baseline n·Ib·Vi, glucose-responsive with β-cell gain.
    const sec0 = p.nIns * p.ib * p.viMl;
    const rel = hill(g) / hill(p.gb) - 1;
    const sec = Math.max(0, sec0 * (1 + p.secretionMult * (SEC_N / 3) * rel)) * e.insulinSecretionMult;
    const scAbs = KA_SC_INSULIN * x.scInsulinDepotU;
    x.scInsulinDepotU -= scAbs * dtMin;
    const exoU = (x.insulinInfUPerH + e.exoInsulinUPerH) / 60 + scAbs; // U/min
    x.insulinUuMl = clamp(i + (-p.nIns * i + (sec + exoU * 1e6) / p.viMl) * dtMin, 0, 5000);
    // Remote insulin action X (1/min).
    const p3 = p.si * e.siMult * p.p2;
    x.insulinRemoteX += (-p.p2 * x.insulinRemoteX + p3 * (x.insulinUuMl - p.ib)) * dtMin;
    // Glucose appearance (mg/min).
    const dex = K_DEXTROSE * x.glucoseDepotMg;
    x.glucoseDepotMg -= dex * dtMin;
    const counter = p.weightKg * COUNTER_MG_KG_MIN * clamp((70 - g) / 30, 0, 1) * (p.dm ? 0.6 : 1);
    const ra = dex + x.dextroseInfMgPerMin + e.hepaticGlucoseMgPerKgMin * p.weightKg + counter;
    const dg = -(p.sg * e.sgMult + x.insulinRemoteX) * g + p.sg * p.gb + (ra - x.glucosuriaMgPerMin) / p.vgDl;
    s.glucoseMgDl = clamp(g + dg * dtMin, 10, 1500);

    // Ketoacids (β-hydroxybutyrate + acetoacetate): production when insulin is deficient,
    // insulin-dependent utilisation (Kitabchi 2009 ADA DKA consensus; Barnes 1977 kinetics).
    const deficit = clamp(1 - x.insulinUuMl / 20, 0, 1);
    const k = s.ketonesMmolL;
    const prodH = e.ketoProdMmolLPerH * deficit;
    const clearH = k * (0.1 + 0.25 * clamp(x.insulinUuMl / 30, 0, 1));
    s.ketonesMmolL = clamp(k + ((prodH - clearH) * dt) / 3600, 0, 25);
  },
};
