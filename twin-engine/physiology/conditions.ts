/**
 * Conditions: each active condition has an onset ramp, a severity and its own course, and acts only
 * on model parameters (the Effects), never on displayed numbers. Infection (sepsis, pneumonia)
 * drives a shared systemic inflammation state; infarct size persists after a STEMI is stopped.
 * Slow system (dt = 1 s); runs after pharmacology so drug PD (e.g. β2, epinephrine) is available.
 */
import { clamp, OD_OPIOID_SLOT, type ConditionRecord, type Ctx, type PhysiologySystem } from './model';
import type { ConditionKind } from './types';
import { RHYTHMS } from './rhythm';
import { dexp } from '../util/detmath';

/** Default seconds to full severity per kind (typical clinical onset; documented in MODEL.md). */
export const DEFAULT_RAMP_S: Record<ConditionKind, number> = {
  hemorrhage: 0,
  sepsis: 0,
  stemi: 3 * 3600, // infarct completes over ~3–6 h without reperfusion (Reimer 1977 wavefront)
  cardiogenic_shock: 600,
  pulmonary_embolism: 60,
  tension_pneumothorax: 300,
  asthma_exacerbation: 900,
  copd_exacerbation: 1800,
  pneumonia: 0,
  ards: 3600,
  opioid_overdose: 0,
  anaphylaxis: 300, // symptoms within 5–30 min of exposure (Simons 2011 WAO)
  hypoglycemia: 1800,
  dka: 6 * 3600, // DKA evolves over < 24 h (Kitabchi 2009)
  fever: 1800,
  hypothermia: 0,
  arrhythmia: 0,
};

const VF_INDEX = RHYTHMS.indexOf('ventricular_fibrillation');

export function numParam(c: ConditionRecord, key: string, dflt: number): number {
  const v = c.params[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : dflt;
}

export function severityNow(c: ConditionRecord, t: number): number {
  const r = c.rampS > 0 ? clamp((t - c.startedS) / c.rampS, 0, 1) : 1;
  return c.severity * r;
}

/** Opioid overdose: morphine-equivalent mg (default 10 + 30·severity) into the overdose slot. */
export function overdoseDoseMg(c: ConditionRecord): number {
  return numParam(c, 'doseMg', 10 + 30 * c.severity);
}

/** Infection growth (1/h) and innate clearance (1/h): logistic bacterial growth with doubling of
 *  hours in vivo (Kumar 2006 time-to-antibiotics mortality gradient implies progression over h). */
const GROWTH_PER_H = 0.25;
const INNATE_CLEAR_PER_H = 0.05;
/**
 * Pressure below which a bleeding vessel stops bleeding: small arteries close at a critical closing
 * pressure of ≈ 20 mmHg with tone (Burton 1951 Am J Physiol 164:319), lower when dilated; 10 mmHg
 * here. Without it a torn vessel would keep draining an exsanguinated circulation at near-zero
 * pressure, past the point where blood can still flow out.
 */
const BLEED_CLOSING_MMHG = 10;
/** Combined severity per kind slot (KIND_SLOT), reused every slow step: the step allocates nothing. */
const COMB = new Float64Array(6);

export const conditions: PhysiologySystem = {
  name: 'conditions',
  step(ctx: Ctx, dt: number): void {
    const { s, x, p, e, conditions: list } = ctx;
    const t = s.timeS;
    const h = dt / 3600;
    const bv0 = p.bloodVolume0Ml;
    let infection = 0;
    let inflamSrc = 0;
    let infarctTarget = 0;
    // Two conditions of one kind are one worse disease, not two mechanisms added: a second PE
    // obstructs part of the bed the first left open, a second anaphylactic exposure raises the one
    // mediator level. Their severities combine as independent fractions, 1 − Π(1 − sᵢ) ≤ 1, and
    // the kind's effects are applied once, so no stack of conditions drives a parameter beyond
    // what severity 1 of that kind does.
    const comb = COMB;
    comb.fill(0);
    // A non-bacterial fever the patient came in with is one more pyrogen drive on the one set point.
    let feverC = p.traitFeverC;
    let coldC = 0;
    let stemiSev = -1;
    let anaphylaxisM = 0;
    let hypoglycemiaDm = 0;
    let tpxTension = 0;
    let tpxDec = 0;
    for (let i = 0; i < list.length; i++) {
      const c = list[i];
      const sv = severityNow(c, t);
      switch (c.kind) {
        case 'hemorrhage': {
          // Bleeding slows as arterial pressure falls (orifice flow ∝ √ΔP, Torricelli).
          const limit = numParam(c, 'volumeMl', Infinity);
          if (c.st1 >= limit) break;
          const rate = numParam(c, 'rateMlPerMin', 300 * c.severity) * (c.rampS > 0 ? sv / c.severity || 0 : 1);
          const pf = numParam(c, 'pressureDependent', 1) > 0 ? Math.sqrt(clamp((s.mapMmHg - BLEED_CLOSING_MMHG) / (p.map0 - BLEED_CLOSING_MMHG), 0, 1.5)) : 1;
          const r = rate * pf * (c.st0 > 0 ? 0.05 : 1); // control: tourniquet/pressure stops ≈ 95 %
          e.bleedMlPerMin += r;
          c.st1 += r * (dt / 60);
          break;
        }
        case 'sepsis':
        case 'pneumonia': {
          if (c.st0 === 0 && c.st1 === 0) c.st0 = 0.2 + 0.5 * c.severity; // initial load
          c.st1 = 1;
          const l = c.st0;
          const growth = GROWTH_PER_H * (0.5 + c.severity) * l * (1 - l);
          c.st0 = clamp(l + (growth - (INNATE_CLEAR_PER_H + e.abxKillPerH) * l) * h, 0, 1);
          if (c.st0 > infection) infection = c.st0;
          if (c.kind === 'sepsis') {
            inflamSrc = Math.max(inflamSrc, c.st0 * (0.6 + 0.6 * c.severity));
          } else {
            // Consolidation: shunt and low V/Q, stiffer lung, tachypnoea (West; Light 1981).
            e.shuntAdd += 0.35 * c.st0 * (0.5 + c.severity);
            e.lowVqAdd += 0.1 * c.st0;
            e.complianceMult *= 1 - 0.25 * c.st0;
            e.driveAddLPerMin += 3 * c.st0;
            inflamSrc = Math.max(inflamSrc, 0.5 * c.st0);
          }
          break;
        }
        case 'stemi': {
          // Infarct grows toward 10–45 % of the LV (Reimer 1977); ST elevation while occluded.
          infarctTarget = Math.max(infarctTarget, (0.1 + 0.35 * c.severity) * (sv / (c.severity || 1)));
          stemiSev = Math.max(stemiSev, c.severity); // one culprit territory: the worst sets ST and pain
          if (ctx.rng.next() < 0.03 * c.severity * h && x.pumping > 0) x.secondaryRhythm = VF_INDEX; // VF hazard ≈ 3 %/h (Mehta 2009)
          break;
        }
        case 'cardiogenic_shock':
        case 'pulmonary_embolism':
        case 'asthma_exacerbation':
        case 'copd_exacerbation':
        case 'ards':
        case 'dka':
          comb[KIND_SLOT[c.kind]] = 1 - (1 - comb[KIND_SLOT[c.kind]]) * (1 - sv);
          break;
        case 'tension_pneumothorax':
          // One pleural space under tension: a second tension pneumothorax raises the one pleural
          // pressure toward the maximum severity 1 stands for, it does not add a second 16 mmHg.
          // Decompressed ones (needle in) combine separately, since their residual effect is smaller.
          if (c.st0 > 0) tpxDec = 1 - (1 - tpxDec) * (1 - sv);
          else tpxTension = 1 - (1 - tpxTension) * (1 - sv);
          break;
        case 'opioid_overdose':
          if (c.st0 === 0) {
            x.drugDepot[OD_OPIOID_SLOT] += overdoseDoseMg(c) * 1000;
            c.st0 = 1;
          }
          break;
        case 'anaphylaxis': {
          // Mediator level rises over the ramp, wanes after ~4 h (biphasic ignored); epinephrine
          // reduces mediator release and functionally antagonises (Simons 2011; Sampson 2006).
          const age = t - c.startedS;
          const wane = age < 14400 ? 1 : dexp(-(age - 14400) / 7200);
          const target = sv * wane * (1 - 0.7 * e.epi);
          c.st0 += (target - c.st0) * (1 - dexp(-dt / 120));
          anaphylaxisM = 1 - (1 - anaphylaxisM) * (1 - c.st0);
          break;
        }
        case 'hypoglycemia':
          // Insulin/sulfonylurea excess. The excess is relative to the patient's own insulin need:
          // insulin-treated T2DM needs ≈ 2–3× the insulin of an insulin-sensitive adult for the same
          // glucose-lowering effect (SI ×0.4 here; Bergman 1981; DeFronzo 2009), so the same severity
          // is the same relative overdose and can cause level-2 hypoglycaemia in any patient
          // (Cryer 2013; ADA 2024 §6: insulin and sulfonylureas are the main causes).
          hypoglycemiaDm = 1 - (1 - hypoglycemiaDm) * (1 - sv);
          break;
        case 'fever':
          // One hypothalamic set point: the highest pyrogen drive sets it (fevers do not add up).
          feverC = Math.max(feverC, (1 + 2.5 * c.severity) * (sv / (c.severity || 1)));
          break;
        case 'hypothermia':
          coldC = Math.max(coldC, 12 * sv); // cold exposure; severity 1 → target 25 °C
          break;
        case 'arrhythmia':
          break; // handled by electrophysiology.ts
      }
    }
    if (stemiSev >= 0) {
      e.stElevMm += 1 + 3 * stemiSev;
      e.sympAdd += 0.08 * stemiSev; // pain/anxiety
    }
    if (anaphylaxisM > 0) {
      const m = anaphylaxisM * (1 - 0.5 * e.epi);
      e.svrMult *= 1 - 0.7 * m;
      e.venousCapMl += 0.2 * bv0 * m;
      e.kfMult *= 1 + 8 * m;
      e.sigmaMult *= 1 - 0.6 * m;
      e.resistanceMult *= 1 + 5 * m;
      e.lowVqAdd += 0.15 * m;
      e.driveAddLPerMin += 3 * m;
      e.sympAdd += 0.1 * m;
    }
    if (tpxTension > 0 || tpxDec > 0) {
      // Positive pleural pressure impedes venous return (Barton 1995); lung collapse → shunt.
      e.pitMmHg += 16 * tpxTension + 1 * tpxDec;
      e.shuntAdd += 0.3 * tpxTension + 0.08 * tpxDec;
      e.complianceMult *= (1 - 0.5 * tpxTension) * (1 - 0.15 * tpxDec);
      e.driveAddLPerMin += 4 * tpxTension + 1 * tpxDec;
    }
    if (hypoglycemiaDm > 0) e.exoInsulinUPerH += (2 + 18 * hypoglycemiaDm) * (p.dm ? 2.5 : 1);
    e.coldC += coldC;
    applyCombined(ctx, comb, s.fio2);
    inflamSrc = Math.max(inflamSrc, 0.2 * comb[KIND_SLOT.ards]);
    s.infectionLoad = infection;
    // Systemic inflammation lags the infection (cytokine kinetics, Cohen 2002 Nature): after an
    // endotoxin challenge TNF peaks at ≈ 90 min with fever and tachycardia within 1–2 h (Michie 1988
    // NEJM 318:1481) ⇒ first-order lag τ 40 min (90 % at 90 min).
    x.inflammation += (inflamSrc - x.inflammation) * (1 - dexp(-dt / 2400));
    const inf = x.inflammation;
    // One hypothalamic set point: the systemic inflammation's pyrogens (afebrile responders:
    // params.AFEBRILE_GAIN) and any other fever drive do not add up; the highest sets it. A contained
    // infection that later becomes sepsis is the same infection, not a second fever.
    e.feverC += Math.max(feverC, inf > 1e-4 ? 2.0 * inf * p.febrileGain : 0);
    if (inf > 1e-4) {
      e.svrMult *= 1 - 0.7 * inf; // vasoplegia (Landry 2001 NEJM)
      // Vascular hyporesponsiveness to sympathetic/catecholamine constriction (NO, K-ATP channel
      // activation, α1-receptor down-regulation; Landry & Oliver 2001 NEJM 345:588): the
      // baroreflex cannot restore SVR.
      e.svrReflexGain *= 1 - 0.6 * inf;
      // Venodilation, net of what the reflex venous reserve (5 % of BV, autonomic.ts) wins back:
      // fitted with it so that the urosepsis course holds (untreated shock within 3 h, the hour-1 bundle
      // at 30 min prevents it; tests/scenario/regression). Was 0.14 against a 15 % reserve.
      e.venousCapMl += 0.1 * bv0 * inf;
      // Capillary leak: filtration coefficient ≈ 2× normal in septic shock (venous-congestion
      // plethysmography, Christ 1997 Intensive Care Med 23:297); albumin escape ≈ 3× (TER 5 → 15 %/h,
      // Fleck 1985 Lancet i:781) ⇒ σ 0.9 → ≈ 0.7.
      e.kfMult *= 1 + 1.2 * inf;
      e.sigmaMult *= 1 - 0.25 * inf;
      e.contractilityMult *= 1 - 0.3 * inf * inf; // septic cardiomyopathy
      e.vo2Mult *= 1 + 0.25 * inf; // hypermetabolism
      e.lactateProdMmolPerMin += 2.0 * inf * (p.weightKg / 77); // β2-driven aerobic glycolysis (Levy 2005)
      e.erMaxMult *= 1 - 0.3 * inf; // microcirculatory shunting
      e.driveAddLPerMin += 4 * inf;
      // Cytokine/C-fibre stimulation gives rapid shallow breathing beyond the metabolic drive:
      // RR > 20 is a SIRS criterion and RR ≥ 22 is present in most septic patients (Bone 1992;
      // Seymour 2016 JAMA 315:762, qSOFA derivation).
      e.rrMult *= 1 + 0.35 * inf;
      e.shuntAdd += 0.08 * inf * inf;
      e.gcsImpair = 1 - (1 - e.gcsImpair) * (1 - 0.35 * inf * inf);
      e.gfrMult *= 1 - 0.5 * inf * inf;
      e.wbcAdd += 12 * inf;
      e.plateletDropPerH += 6 * inf;
      e.bilirubinAdd += 2.5 * inf * inf;
      e.hepaticGlucoseMgPerKgMin += 1 * inf;
      e.siMult *= 1 - 0.5 * inf;
    }
    // Infarct size only grows (τ = ramp); it persists after reperfusion and depresses the LV.
    if (infarctTarget > x.infarctFrac) {
      const d = (infarctTarget - x.infarctFrac) * (1 - dexp(-dt / 1800));
      x.infarctFrac += d;
      e.troponinNgLPerH += (d / h) * 40000; // ≈ 1 ng/L per mg necrosis, hs-cTnT peaks 10³–10⁴ ng/L
    }
    if (x.infarctFrac > 0) {
      e.contractilityMult *= 1 - 1.2 * x.infarctFrac;
      e.lvStiffMult *= 1 + x.infarctFrac;
    }
  },
};

/** Kinds whose stacked conditions combine into one severity (see conditions.step). */
const KIND_SLOT = { cardiogenic_shock: 0, pulmonary_embolism: 1, asthma_exacerbation: 2, copd_exacerbation: 3, ards: 4, dka: 5 } as const;
/** Effects of the combined-severity kinds, once per kind. */
function applyCombined(ctx: Ctx, comb: Float64Array, fio2: number): void {
  const e = ctx.e;
  let sv: number;
  if ((sv = comb[KIND_SLOT.cardiogenic_shock]) > 0) {
    e.contractilityMult *= 1 - 0.7 * sv; // LV pump failure (Hochman 1999 SHOCK)
    e.rvContractilityMult *= 1 - 0.2 * sv;
    e.lvStiffMult *= 1 + 0.8 * sv; // diastolic dysfunction raises filling pressure
    // Inappropriate vasodilation (iNOS, SIRS): SVR in the SHOCK trial was not elevated despite
    // vasopressors (Hochman 2003 Circulation 107:2998; Kohsaka 2005 Arch Intern Med 165:1643).
    e.svrReflexGain *= 1 - 0.35 * sv;
  }
  if ((sv = comb[KIND_SLOT.pulmonary_embolism]) > 0) {
    // Obstruction of the pulmonary bed: PVR up several-fold when > 50 % obstructed (McIntyre 1971
    // Am J Cardiol 28:288); severity 1 ≈ 75 % obstruction (R ∝ 1/(1 − f) ≈ ×4) doubled by
    // serotonin/thromboxane vasoconstriction (Smulders 2000 Cardiovasc Res 48:23) → ×9.
    e.pvrMult *= 1 + 8 * sv;
    // Alveolar dead space of the embolised, ventilated units: VD/VT ≈ 0.5 at severity 1 with the
    // anatomical dead space, a PaCO2 − EtCO2 gap > 8 mmHg (McIntyre 1971). At 0.35 the dead-space
    // ventilation alone demanded ≈ 30 L/min and the rate ran to the model's ceiling (issue 13).
    e.alvDeadSpaceAdd += 0.2 * sv;
    // Hypoxaemia: blood diverted to non-embolised low-V/Q units plus atelectatic shunt, worsened
    // by the low mixed-venous O2 of a low CO (Santolicandro 1995 AJRCCM 152:336).
    // With the dead space above (was 0.35) the hyperventilation raised PAO2 and hid the hypoxaemia
    // of massive PE (PaO2 ≈ 50–60 mmHg at severity 1 here).
    e.lowVqAdd += 0.3 * sv;
    e.shuntAdd += 0.12 * sv;
    // Breathing: tachypnoea ≥ 20 /min in 70 % of PE (PIOPED; Stein 1991 Chest 100:598), in massive PE
    // ≈ 25–40 /min (docs/REFERENCES.md#pe-tachypnoea). The rate comes from the chemical drive of dead
    // space, hypoxaemia and lactic acidosis plus the rapid-shallow shift of low flow (respiration.ts,
    // shared with hemorrhage); a separate J-receptor drive and rate shift stacked on them drove a
    // massive PE to 60 /min (issue 13), so only a small irritant drive is kept.
    e.driveAddLPerMin += 1 * sv;
    // RV ischaemia: high RV wall stress with falling coronary perfusion pressure (Vlahakes 1981
    // Circulation 63:87), and ventricular interdependence: the dilated RV shifts the septum and,
    // within the pericardium, stiffens LV filling (Belenkie 1995 Circulation 92:546) — the
    // obstructive-shock spiral of massive PE (ESC 2019: SBP < 90 mmHg).
    e.rvContractilityMult *= 1 - 0.5 * sv * sv;
    e.lvStiffMult *= 1 + 0.8 * sv * sv;
    e.troponinNgLPerH += 20 * sv;
  }
  if ((sv = comb[KIND_SLOT.asthma_exacerbation]) > 0) {
    const b = sv * (1 - 0.75 * e.beta2); // β2-reversible bronchospasm (GINA 2024)
    e.resistanceMult *= 1 + 8 * b;
    e.lowVqAdd += 0.25 * sv;
    e.alvDeadSpaceAdd += 0.1 * sv;
    e.pitMmHg += 4 * b; // dynamic hyperinflation, auto-PEEP
    e.complianceMult *= 1 - 0.3 * b;
    e.driveAddLPerMin += 4 * sv;
    // Irritant-receptor drive and dynamic hyperinflation limit VT: acute severe asthma has
    // RR ≥ 25 and HR ≥ 110 (BTS/SIGN 158, 2019).
    e.rrMult *= 1 + 0.45 * sv;
    // Dyspnoea/anxiety and hypoxaemia raise sympathetic outflow (Kara 2003); with RR ≥ 25
    // the BTS acute-severe criterion HR ≥ 110 is reached near severity 1.
    e.sympAdd += 0.3 * sv;
  }
  if ((sv = comb[KIND_SLOT.copd_exacerbation]) > 0) {
    const b = sv * (1 - 0.4 * e.beta2);
    e.resistanceMult *= 1 + 2.5 * b;
    e.lowVqAdd += 0.2 * sv;
    e.alvDeadSpaceAdd += 0.08 * sv + 0.15 * sv * clamp((fio2 - 0.21) / 0.79, 0, 1); // O2-induced V/Q worsening (Aubier 1980; Robinson 2000)
    e.pitMmHg += 2 * b;
    e.driveAddLPerMin += 2 * sv;
    // Rapid shallow breathing in the exacerbation (VT falls, RR rises, VD/VT rises) is the main
    // cause of acute hypercapnia (Tobin 1986 Am Rev Respir Dis 134:1111; Aubier 1980 ARRD 122:747).
    e.rrMult *= 1 + 0.6 * sv;
    e.sympAdd += 0.1 * sv;
  }
  if ((sv = comb[KIND_SLOT.ards]) > 0) {
    e.shuntAdd += 0.45 * sv; // recruitable with PEEP (Gattinoni 2006)
    e.complianceMult *= 1 - 0.6 * sv;
    e.alvDeadSpaceAdd += 0.15 * sv;
    e.driveAddLPerMin += 5 * sv;
  }
  if ((sv = comb[KIND_SLOT.dka]) > 0) {
    e.insulinSecretionMult *= 1 - Math.min(1, 1.6 * sv); // absolute insulin deficiency (Kitabchi 2009)
    e.hepaticGlucoseMgPerKgMin += 5 * sv; // glucagon excess
    e.siMult *= 1 - 0.9 * sv; // marked insulin resistance in DKA (Kitabchi 2009)
    e.sgMult *= 1 - 0.7 * sv; // glucose effectiveness falls with insulin deficiency (Bergman 1981)
    e.ketoProdMmolLPerH += 3 * sv;
    e.giLossMlPerMin += 1.0 * sv; // vomiting
    e.potassiumAdd += 1.0 * sv; // hyperosmolar/insulin-deficit K shift
  }
}
