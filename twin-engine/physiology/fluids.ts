/**
 * Fluids and kidney: infusions and bleeding, Starling capillary exchange with lymph return
 * (Guyton & Hall ch.16), plasma protein and haemoglobin mass (dilution), capillary leak, GFR with
 * autoregulation, urine output (volume feedback, osmotic diuresis), creatinine kinetics, fluid
 * balance, posture-dependent venous pooling, blood viscosity. Slow system (dt = 1 s).
 */
import type { Params } from './params';
import { clamp, type Ctx, type Hidden, type PhysiologySystem } from './model';
import { dexp } from '../util/detmath';

/** Landis & Pappenheimer (1963) colloid osmotic pressure (mmHg) of plasma protein C (g/dL). */
function landis(c: number): number {
  return 2.1 * c + 0.16 * c * c + 0.009 * c * c * c;
}
const LANDIS_7 = landis(7);
/** Plasma total protein 7 g/dL (Tietz). */
export const PROTEIN0_G_DL = 7;
/** Haematocrit ≈ 2.94 × Hb (g/dL) / 100 ("rule of three"). */
export const HCT_PER_HB = 0.0294;
/** Packed red cells: ≈ 300 mL per unit, Hb ≈ 20 g/dL (Hct 0.55–0.65) (AABB Technical Manual). */
export const PRBC_HB_G_PER_ML = 0.2;
/** Normal urine output 1 mL/kg/h (Guyton & Hall ch.26); implicit oral intake balances it at rest. */
const URINE_ML_PER_KG_H = 1;
/** Osmotic diuresis ≈ 9 mL water per g glucose excreted (5.55 mOsm/g at ~600 mOsm/L). */
const OSMOTIC_ML_PER_MG = 0.009;
/** Interstitial protein ≈ 2 g/dL (πi ≈ 8 mmHg; Guyton & Hall ch.16; Noddeland 1982 human subcutis). */
const ISF_PROTEIN0_G_DL = 2;
/** Renal glucose threshold (mg/dL) (Guyton & Hall ch.28). */
const GLUCOSE_THRESHOLD = 180;

/** Calibrate capillary pressure ratio so that baseline filtration equals lymph flow. */
export function initFluids(p: Params, x: Hidden): void {
  const pc0 = p.lymph0 / p.kf + p.pi0 + p.sigma0 * (p.piOnc0 - p.piIsf);
  p.capRatio = (pc0 - p.psv0) / (p.map0 - p.psv0);
  const pv = p.bloodVolume0Ml * (1 - p.hb0 * HCT_PER_HB);
  p.protein0G = (PROTEIN0_G_DL * pv) / 100;
  x.proteinG = p.protein0G;
  x.hbMassG = (p.hb0 * p.bloodVolume0Ml) / 100;
  x.visfMl = p.visf0Ml;
  x.isfProteinG = (ISF_PROTEIN0_G_DL * p.visf0Ml) / 100;
}

export const fluids: PhysiologySystem = {
  name: 'fluids',
  step(ctx: Ctx, dt: number): void {
    const { s, x, p, e } = ctx;
    const dtMin = dt / 60;
    const bv = s.bloodVolumeMl > 100 ? s.bloodVolumeMl : 100;
    const hb = (100 * x.hbMassG) / bv;
    s.hbGDl = hb;
    const hct = clamp(hb * HCT_PER_HB, 0.05, 0.75);
    const pv = bv * (1 - hct);
    const protC = (100 * x.proteinG) / pv;
    // Posture: standing pools ≈ 500 mL in the legs (Smit 1999); passive leg raising returns
    // ≈ 150–300 mL (Monnet & Teboul 2008).
    if (s.position === 'upright') e.venousCapMl += 0.09 * p.bloodVolume0Ml;
    else if (s.position === 'legs_raised') e.venousCapMl -= 0.05 * p.bloodVolume0Ml;
    // Blood viscosity: SVR falls with haemodilution (Pries 1992 in vivo viscosity law, linearised).
    e.svrMult *= dexp(2.0 * (hct - p.hb0 * HCT_PER_HB));

    // Starling exchange; capillary pressure from the pre/post-capillary resistance ratio
    // (Pappenheimer & Soto-Rivera 1948), arteriolar tone raising pre-capillary resistance.
    const map = s.mapMmHg;
    const psv = x.psvMmHg;
    const m = (1 + (x.svrAuto - 1) * e.svrReflexGain) * e.svrMult;
    const ratio = p.capRatio / (p.capRatio + m * (1 - p.capRatio));
    const pc = psv + ratio * (map - psv);
    const dv = x.visfMl - p.visf0Ml;
    // Interstitial compliance rises ~5× once Pi exceeds 0 (oedema; Guyton 1965).
    const piAt0 = -p.pi0 * p.ci;
    const pi = dv <= piAt0 ? p.pi0 + dv / p.ci : (dv - piAt0) / (5 * p.ci);
    const sigma = p.sigma0 * e.sigmaMult;
    const onc = (p.piOnc0 * landis(protC)) / LANDIS_7;
    // Interstitial oncotic pressure ∝ interstitial protein concentration: protein-free filtrate
    // dilutes it ("washdown"), the main safety factor against oedema — more than the rise of Pi
    // (Reed & Wiig 1981 Acta Physiol Scand 113:297; Guyton & Hall ch.16). This is why an isotonic
    // infusion ends up shared between plasma and interstitium instead of leaving the plasma.
    const isfC = (100 * x.isfProteinG) / (x.visfMl > 1 ? x.visfMl : 1);
    const piI = (p.piIsf * isfC) / ISF_PROTEIN0_G_DL;
    const jv = p.kf * e.kfMult * (pc - pi - sigma * (onc - piI));
    const lymph = p.lymph0 * clamp(1 + 2.5 * (pi - p.pi0), 0.1, 20); // lymph curve (Guyton & Hall ch.16)
    const netCap = jv - lymph; // plasma → interstitium (mL/min)
    x.visfMl += netCap * dtMin;
    if (x.visfMl < 0.3 * p.visf0Ml) x.visfMl = 0.3 * p.visf0Ml;
    // Protein: convective (1 − σ) and diffusive transcapillary flux in, lymph return out (Michel
    // 1997 two-pore/Starling; permeability–surface product calibrated so resting influx = lymph
    // return at 2 g/dL); hepatic synthesis restores plasma protein over days (albumin t½ ≈ 3 weeks).
    const ps = (p.lymph0 * (ISF_PROTEIN0_G_DL - (1 - p.sigma0) * PROTEIN0_G_DL)) / (PROTEIN0_G_DL - ISF_PROTEIN0_G_DL);
    const jpIn = (Math.max(0, jv) * (1 - sigma) * protC + ps * (protC - isfC)) / 100; // g/min
    const jpOut = (lymph * isfC) / 100;
    x.isfProteinG += (jpIn - jpOut) * dtMin;
    if (x.isfProteinG < 1) x.isfProteinG = 1;
    x.proteinG += (-jpIn + jpOut + (p.protein0G - x.proteinG) / (3 * 1440)) * dtMin;

    // Infusions (mL/min).
    let cryst = x.crystInfRateMlPerMin;
    if (x.crystBolusRemainingMl > 0) {
      const r = Math.min(x.crystBolusRateMlPerMin, x.crystBolusRemainingMl / dtMin);
      cryst += r;
      x.crystBolusRemainingMl -= r * dtMin;
    }
    let blood = 0;
    if (x.bloodRemainingMl > 0) {
      blood = Math.min(x.bloodRateMlPerMin, x.bloodRemainingMl / dtMin);
      x.bloodRemainingMl -= blood * dtMin;
    }
    cryst += x.dextroseInfMgPerMin / 100; // D10 carrier volume
    // The model takes shed blood from the systemic veins (netVenousIn): a bleed that outlasts the
    // circulation stops when they are empty (at most half of what they hold per step), instead of
    // booking blood — and haemoglobin — that is no longer there. What is left stands at zero pressure in
    // arteries and the pulmonary bed, with no flow to carry it to the wound.
    const sysMl = x.vSvMl - 2;
    const bleed = Math.min(e.bleedMlPerMin, sysMl > 0 ? (0.5 * sysMl) / dtMin : 0);
    x.bleedRateMlPerMin = bleed;
    x.cumBleedMl += bleed * dtMin;
    x.hbMassG += (PRBC_HB_G_PER_ML * blood - (bleed * hb) / 100) * dtMin;
    x.proteinG -= ((bleed * (1 - hct) * protC) / 100) * dtMin;
    if (x.hbMassG < 1) x.hbMassG = 1;
    if (x.proteinG < 1) x.proteinG = 1;

    // Kidney: GFR autoregulated 80–180 mmHg, falling linearly to 0 at MAP 40 (Guyton & Hall ch.26);
    // renal sympathetic vasoconstriction lowers GFR.
    const auto = map >= 80 ? 1 : clamp((map - 40) / 40, 0, 1);
    const gfr = p.gfr0 * auto * e.gfrMult * (1 - 0.3 * clamp(x.sympDrive, 0, 1));
    x.gfrMlPerMin = gfr;
    // Urine: baseline 1 mL/kg/h × GFR ratio × volume feedback (ADH/ANP, pressure natriuresis;
    // Guyton renal–body-fluid feedback) + osmotic diuresis from glucosuria.
    const urineBase = (URINE_ML_PER_KG_H * p.weightKg) / 60;
    const vol = clamp(1 + 6 * (bv / p.bloodVolume0Ml - 1), 0.15, 5);
    const glucosuriaMgMin = (gfr / 100) * Math.max(0, s.glucoseMgDl - GLUCOSE_THRESHOLD);
    x.glucosuriaMgPerMin = glucosuriaMgMin;
    const urine = urineBase * (gfr / p.gfr0) * vol + OSMOTIC_ML_PER_MG * glucosuriaMgMin;
    s.urineMlPerH = urine * 60;
    // Creatinine: constant production, renal clearance = GFR, distribution in total body water.
    const vdDl = 6 * p.weightKg;
    const prod = (p.cr0 * p.gfr0) / 100;
    s.creatinineMgDl = clamp(s.creatinineMgDl + ((prod - (gfr / 100) * s.creatinineMgDl) / vdDl) * dtMin, 0.2, 20);

    // Net volume to the venous compartment (implicit intake = baseline urine; insensible loss is
    // matched by implicit intake and omitted from both sides).
    const netMlMin = cryst + blood + urineBase - urine - bleed - netCap - e.giLossMlPerMin;
    x.netVenousInMlPerS = netMlMin / 60;
    s.fluidBalanceMl += (cryst + blood + urineBase - urine - bleed - e.giLossMlPerMin) * dtMin;
  },
};
