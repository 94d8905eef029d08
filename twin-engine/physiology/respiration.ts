/**
 * Respiration: chemical drive (central CO2/H+ and peripheral hypoxic chemoreflex), depression by
 * opioids and brainstem hypoperfusion, mechanical limits (compliance, airway resistance, muscle
 * fatigue), breathing pattern (rate/tidal volume), dead space, alveolar ventilation and work of
 * breathing; or the ventilator's settings when intubated and ventilated. Slow system (dt = 1 s).
 */
import { clamp, type Ctx, type PhysiologySystem } from './model';
import { dexp, dpow } from '../util/detmath';

/** Hypoxic ventilatory response VE = A/(PaO2 − 32) (Weil 1970 JCI 49:1061), A in L/min·mmHg. */
const WEIL_A = 150;
/** Metabolic acidosis drive (L/min per mmol/L HCO3 deficit) chosen so the closed loop reproduces
 *  Winters' formula PaCO2 = 1.5·HCO3 + 8 (Albert, Dell & Winters 1967). */
const METABOLIC_DRIVE = 2.6;
/** Peripheral chemoreflex to hypoperfusion: carotid-body discharge rises as its blood flow falls
 *  (stagnant hypoxia) once arterial pressure drops, independent of PaO2 (Landgren & Neil 1951 Acta
 *  Physiol Scand 23:158); with baroreceptor unloading it gives the rapid, shallow breathing of
 *  hemorrhage. Drive per unit fall of CO (× VE0) and rate-pattern shift, tuned so RR follows the
 *  ATLS classes (ATLS 10th ed. 2018, table 3-1: < 15 % loss RR 14–20, 15–30 % 20–30, 30–40 % 30–40,
 *  > 40 % > 35). */
const HYPOPERFUSION_DRIVE = 3;
const HYPOPERFUSION_RR_SHIFT = 1.2;
/** Time constant of the ventilatory response (s); peripheral ≈ 10 s, central ≈ 60–120 s (Dahan 1990). */
const TAU_DRIVE_S = 30;
/** Sustainable work of breathing (J/min) before fatigue (Roussos & Macklem 1982, TTdi 0.15). */
const WOB_FATIGUE_J_PER_MIN = 12;
/** PEEP transmitted to the pericardial/pleural space: ≈ 40 % (Pinsky 1997); 1 mmHg = 1.36 cmH2O. */
const PEEP_TRANSMISSION = 0.4;

export const respiration: PhysiologySystem = {
  name: 'respiration',
  step(ctx: Ctx, dt: number): void {
    const { s, x, p, e } = ctx;
    const awake = s.gcs >= 13;
    // Upper-airway obstruction in the unconscious, unprotected airway (Boidin 1985): resistance ×3.
    const obstructed = s.gcs <= 8 && !s.intubated && s.position !== 'recovery';
    const compliance = p.compliance0 * e.complianceMult;
    const resistance = p.resistance0 * e.resistanceMult * (obstructed ? 3 : 1);
    s.complianceMlPerCmH2O = compliance;
    s.airwayResistanceCmH2OPerLPerS = resistance;
    // Alveolar dead space: baseline 4 % (West) + disease + West zone 1 when pulmonary flow is low.
    const coRatio = s.coLPerMin / p.co0LPerMin;
    const lowFlowDs = 0.3 * clamp(1 - coRatio / 0.6, 0, 1);
    const alvDs = clamp(0.04 + (p.copd ? 0.08 : 0) + e.alvDeadSpaceAdd + lowFlowDs, 0, 0.9);
    x.alvDeadSpaceFrac = alvDs;
    // Fall of systemic (≈ carotid) flow below normal: 0 at rest, 1 at no flow.
    const hypoperf = clamp(1 - coRatio, 0, 1);

    let rr: number;
    let vt: number;
    const ventilated = x.ventOn > 0 && s.intubated;
    if (ventilated) {
      rr = x.ventRr;
      vt = x.ventVtMl;
      s.peepCmH2O = x.ventPeep;
      x.driveLPerMin = (rr * vt) / 1000;
      x.fatigue *= 1 - dt / 3600; // rested respiratory muscles recover (Laghi 1995)
    } else {
      s.peepCmH2O = 0;
      const pao2 = s.pao2MmHg;
      let demand =
        p.ve0LPerMin +
        p.hcvr * (s.paco2MmHg - p.paco2Set) +
        WEIL_A * Math.max(0, 1 / Math.max(3, pao2 - 32) - 1 / 63) +
        METABOLIC_DRIVE * (p.hco3Base - x.hco3MetabMmolL) +
        HYPOPERFUSION_DRIVE * p.ve0LPerMin * hypoperf +
        e.driveAddLPerMin;
      if (demand < 0) demand = 0;
      // Wakefulness drive keeps the awake subject breathing below the apnoeic threshold (Fink 1961).
      if (awake && demand < 0.5 * p.ve0LPerMin) demand = 0.5 * p.ve0LPerMin;
      demand *= e.driveMult;
      // Brainstem hypoperfusion: breathing stops within ~30 s of circulatory arrest (agonal gasps).
      demand *= clamp((s.mapMmHg - 15) / 25, 0, 1) * clamp(s.coLPerMin / (0.25 * p.co0LPerMin), 0, 1);
      // In cardiac arrest chest compressions do not restore effective spontaneous breathing (cerebral
      // flow during CPR ≈ 15–30 % of normal, Paradis 1989 Circulation 80:361; CPR-induced
      // consciousness in < 1 % of arrests, Olaussen 2015 Resuscitation 94:117): apnoea apart from
      // agonal gasps (Clark 1992 Ann Emerg Med 21:1464).
      if (x.pumping <= 0) demand = 0;
      // Severe hypoxaemia depresses the brainstem respiratory network itself (hypoxic ventilatory
      // depression; Neubauer 1990 J Appl Physiol 68:441): drive fades below PaO2 ≈ 30 mmHg.
      demand *= clamp((pao2 - 15) / 15, 0, 1);
      x.driveLPerMin += (demand - x.driveLPerMin) * (1 - dexp(-dt / TAU_DRIVE_S));
      // Mechanical ceiling: scales with airway conductance and compliance; fatigue lowers it.
      const veMax =
        p.veMax0 *
        dpow(p.resistance0 / resistance, 0.7) *
        dpow(compliance / p.compliance0, 0.3) *
        (1 - x.fatigue);
      const d = x.driveLPerMin;
      let ve = d / dpow(1 + dpow(d / (veMax > 0.1 ? veMax : 0.1), 4), 0.25);
      if (obstructed) ve *= 0.75;
      // Breathing pattern: rate rises with VE^0.6, faster in stiff lungs (rapid shallow breathing,
      // Tobin 1986); opioids slow the rate more than the depth (Bouillon 2003; Pattinson 2008).
      if (ve < 0.3) {
        rr = 0;
        vt = 0;
      } else {
        // Non-chemical afferents (airway irritant receptors, pulmonary C-fibres/J-receptors,
        // cytokines) shift the pattern to rapid shallow breathing at a given VE (Paintal 1969;
        // Widdicombe 2001), e.rrMult; fever adds thermal tachypnoea ≈ 2.2 /min per °C in febrile
        // children (Nijman 2012 BMJ 345:e4224), i.e. ≈ 10 % of the adult resting rate per °C
        // (thermal hyperpnoea, White 2006 J Appl Physiol 101:669).
        const thermal = 1 + 0.1 * clamp(s.coreTempC - 37, 0, 4);
        rr =
          p.rr0 *
          dpow(ve / p.ve0LPerMin, 0.6) *
          Math.sqrt(p.compliance0 / compliance) *
          e.rrMult *
          (1 + HYPOPERFUSION_RR_SHIFT * hypoperf) *
          thermal *
          (1 - 0.5 * e.opioid);
        rr = clamp(rr, 2, 60);
        vt = (ve * 1000) / rr;
        const vtMax = 40 * p.ibwKg; // ≈ 2/3 of vital capacity (60 mL/kg IBW)
        if (vt > vtMax) {
          vt = vtMax;
          rr = Math.min(60, (ve * 1000) / vt);
        }
      }
    }
    const vdAnat = p.vdAnatMl * (s.intubated ? 0.7 : 1); // ETT bypasses upper-airway dead space (Nunn 1959)
    const vdTot = vdAnat + alvDs * vt;
    const va = rr > 0 ? Math.max(0, (rr * (vt - vdTot)) / 1000) : 0;
    x.vaLPerMin = va;
    s.rrBpm = rr;
    s.tidalVolumeMl = vt;
    s.minuteVentLPerMin = (rr * vt) / 1000;
    s.deadSpaceFraction = vt > 0 ? clamp(vdTot / vt, 0, 1) : 1;
    s.apnea = rr < 2;

    // Work of breathing per breath: elastic VT²/2C + resistive R·V̇·VT (Otis 1950); Ti = 40 % of cycle.
    if (!ventilated && rr > 0) {
      const vtL = vt / 1000;
      const ti = (0.4 * 60) / rr;
      const el = (vtL * vtL) / (2 * (compliance / 1000));
      const res = resistance * (vtL / ti) * vtL;
      s.workOfBreathingJPerMin = rr * (el + res) * 0.0981; // 1 cmH2O·L = 0.0981 J
    } else {
      s.workOfBreathingJPerMin = 0;
    }
    const wob = s.workOfBreathingJPerMin;
    // Chronic hyperinflation flattens the diaphragm and lowers its pressure-generating capacity by
    // ≈ 30–40 % (Similowski 1991 NEJM 325:917), so the fatigue threshold (TTdi 0.15, Bellemare &
    // Grassino 1982) is reached at a lower work rate in COPD: load–capacity imbalance is the
    // mechanism of acute hypercapnic failure (Roussos & Macklem 1982; GOLD 2024).
    const wobLimit = WOB_FATIGUE_J_PER_MIN * (p.copd ? 0.6 : 1);
    if (wob > wobLimit) x.fatigue += ((wob / wobLimit - 1) * dt) / 1800;
    else x.fatigue -= (x.fatigue * dt) / 3600;
    x.fatigue = clamp(x.fatigue, 0, 0.85);
    // Positive intrathoracic pressure from PEEP impedes venous return (Pinsky 1997).
    e.pitMmHg += (PEEP_TRANSMISSION * s.peepCmH2O) / 1.36;
  },
};
