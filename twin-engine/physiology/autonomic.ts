/**
 * Autonomic control: arterial baroreflex + peripheral/central chemoreflex + CNS ischaemic response,
 * acting on heart rate, contractility, systemic resistance and venous unstressed volume through
 * first-order effectors with the time constants of Ursino 1998 (Am J Physiol 275:H1733).
 * Runs every fast step (dt = 0.1 s).
 */
import { clamp, type Ctx, type PhysiologySystem } from './model';
import { dexp } from '../util/detmath';

/** Width of the baroreceptor sigmoid (mmHg); saturation ≈ ±30 mmHg around the set point
 *  (Kent 1972; Ursino 1998 afferent characteristic). */
const BARO_SLOPE_MMHG = 8;
/** Cardiopulmonary (low-pressure) reflex: unloading of atrial/venous stretch receptors as CVP falls
 *  constricts resistance vessels and the splanchnic veins before arterial pressure falls ("non-hypotensive"
 *  central hypovolaemia; Zoller 1972 J Clin Invest 51:2967, REFERENCES.md#cardiopulmonary-reflex).
 *  Gains fitted to Guyton's plateau (REFERENCES.md#guyton-hemorrhage): +15 % SVR at full unloading
 *  (CVP → 0), and the whole reflex venous reserve mobilised once CVP has halved. */
const CP_SVR_GAIN = 0.15;
const CP_VEN_GAIN = 2;
/** CNS ischaemic response: begins below MAP 60 mmHg, maximal at 15–20 mmHg (Guyton & Hall ch.18). */
const ISCH_ONSET_MMHG = 60;
const ISCH_MAX_MMHG = 20;
/** Venous reserve only the CNS ischaemic response mobilises, as a fraction of blood volume: the
 *  reflex can shift up to 7.5 mL/kg out of the capacitance vessels (Shoukas & Sagawa 1973,
 *  REFERENCES.md#reflex-venous-capacity), ≈ 5 % of the blood volume by the baroreflex (params
 *  venMobMaxMl), the rest (≈ 2 %) in this last-ditch response. It flattens MAP between 30 and 40 %
 *  loss as in Guyton's curve (REFERENCES.md#guyton-hemorrhage). */
const ISCH_VEN_FRACTION = 0.02;
/** Effector time constants (s), Ursino 1998 Table 2: HR (vagal/sympathetic) ≈ 2 s, Emax 8 s,
 *  resistance 6 s, unstressed venous volume 20 s. */
const TAU_HR_S = 2;
const TAU_CONTR_S = 8;
const TAU_SVR_S = 6;
const TAU_VEN_S = 20;

let cachedDt = -1;
let aHr = 0;
let aContr = 0;
let aSvr = 0;
let aVen = 0;

export const autonomic: PhysiologySystem = {
  name: 'autonomic',
  step(ctx: Ctx, dt: number): void {
    const { s, x, p, e } = ctx;
    if (dt !== cachedDt) {
      cachedDt = dt;
      aHr = 1 - dexp(-dt / TAU_HR_S);
      aContr = 1 - dexp(-dt / TAU_CONTR_S);
      aSvr = 1 - dexp(-dt / TAU_SVR_S);
      aVen = 1 - dexp(-dt / TAU_VEN_S);
    }
    const map = s.mapMmHg;
    // Baroreflex: sympathetic activity rises as MAP falls below the set point (−0.5..+0.5).
    const baro = 1 / (1 + dexp((map - p.map0) / BARO_SLOPE_MMHG)) - 0.5;
    // Peripheral chemoreflex to hypoxaemia and hypercapnia raises sympathetic outflow
    // (Kara 2003 Hypertension; Somers 1989).
    const chemo =
      0.25 * clamp((60 - s.pao2MmHg) / 30, 0, 1) + 0.15 * clamp((s.paco2MmHg - p.paco2Set - 5) / 20, 0, 1);
    // CNS ischaemic response (0..1).
    const ischU = clamp((ISCH_ONSET_MMHG - map) / (ISCH_ONSET_MMHG - ISCH_MAX_MMHG), 0, 1);
    const isch = 0.4 * ischU;
    const d = clamp(baro + chemo + isch + e.sympAdd, -0.5, 0.9);
    x.sympDrive = d;
    // Effector gains: max sympathetic roughly doubles HR, +50 % contractility, +70 % SVR
    // (Guyton & Hall ch.18; Ursino 1998 gains); vagal dominance halves HR.
    // The cardiopulmonary reflex (unloading 0..1) acts on resistance and veins, not on HR (Zoller 1972).
    const hrT = d >= 0 ? 1 + 1.4 * d : 1 + 0.9 * d;
    const contrT = d >= 0 ? 1 + 1.0 * d : 1 + 0.5 * d;
    const cpU = clamp((p.cvp0 - s.cvpMmHg) / p.cvp0, 0, 1);
    const svrT = (d >= 0 ? 1 + 1.2 * d : 1 + 0.8 * d) + CP_SVR_GAIN * cpU;
    const venT = d >= 0 ? p.venMobMaxMl * clamp(d / 0.5 + CP_VEN_GAIN * cpU, 0, 1) + ISCH_VEN_FRACTION * p.bloodVolume0Ml * ischU : 0.3 * p.venMobMaxMl * (d / 0.5);
    x.hrAuto += (hrT - x.hrAuto) * aHr;
    x.contrAuto += (contrT - x.contrAuto) * aContr;
    x.svrAuto += (svrT - x.svrAuto) * aSvr;
    x.venMobMl += (venT - x.venMobMl) * aVen;

    // Sinus node rate: autonomic multiplier, temperature (+8.5 /min per °C, Karjalainen 1986;
    // hypothermic bradycardia ≈ −4.5 %/°C, Mallet 2002), drugs (β-agonists/blockers) and hypoxic
    // myocardial depression.
    const t = s.coreTempC;
    // A β-blocked node reaches only chronoGain of the sympathetic rise (params.betaBlockade); vagal
    // slowing is untouched. chronoGain 1 keeps the typical arithmetic exactly.
    const auto = p.chronoGain === 1 || x.hrAuto <= 1 ? x.hrAuto : 1 + p.chronoGain * (x.hrAuto - 1);
    let hr = p.hr0 * auto * e.hrMult;
    if (t >= 37) hr += 8.5 * (t - 37);
    else hr *= 1 - 0.045 * (37 - t);
    hr += e.hrAddBpm;
    if (x.myoO2 < 0.6) hr *= 0.4 + x.myoO2;
    x.hrSinusBpm = clamp(hr, 20, p.hrMax);
  },
};
