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
    // CNS ischaemic response below MAP ≈ 50 mmHg (Guyton & Hall ch.18).
    const isch = 0.4 * clamp((50 - map) / 25, 0, 1);
    const d = clamp(baro + chemo + isch + e.sympAdd, -0.5, 0.9);
    x.sympDrive = d;
    // Effector gains: max sympathetic roughly doubles HR, +50 % contractility, +70 % SVR
    // (Guyton & Hall ch.18; Ursino 1998 gains); vagal dominance halves HR.
    const hrT = d >= 0 ? 1 + 1.4 * d : 1 + 0.9 * d;
    const contrT = d >= 0 ? 1 + 1.0 * d : 1 + 0.5 * d;
    const svrT = d >= 0 ? 1 + 1.2 * d : 1 + 0.8 * d;
    const venT = d >= 0 ? p.venMobMaxMl * (d > 0.5 ? 1 : d / 0.5) : 0.3 * p.venMobMaxMl * (d / 0.5);
    x.hrAuto += (hrT - x.hrAuto) * aHr;
    x.contrAuto += (contrT - x.contrAuto) * aContr;
    x.svrAuto += (svrT - x.svrAuto) * aSvr;
    x.venMobMl += (venT - x.venMobMl) * aVen;

    // Sinus node rate: autonomic multiplier, temperature (+8.5 /min per °C, Karjalainen 1986;
    // hypothermic bradycardia ≈ −4.5 %/°C, Mallet 2002), drugs (β-agonists/blockers) and hypoxic
    // myocardial depression.
    const t = s.coreTempC;
    let hr = p.hr0 * x.hrAuto * e.hrMult;
    if (t >= 37) hr += 8.5 * (t - 37);
    else hr *= 1 - 0.045 * (37 - t);
    hr += e.hrAddBpm;
    if (x.myoO2 < 0.6) hr *= 0.4 + x.myoO2;
    x.hrSinusBpm = clamp(hr, 20, p.hrMax);
  },
};
