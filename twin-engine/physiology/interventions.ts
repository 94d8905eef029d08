/**
 * Interventions: validate the request (throwing an Error that names the problem and the allowed
 * range) and change the MODEL (infusion rates, drug depots, FiO2, ventilator, rhythm via shocks),
 * never displayed numbers. Shock outcomes are drawn from the seeded event PRNG.
 */
import { INTERVENTION_KINDS, type InterventionSpec, type VentilatorSettings } from './types';
import { bolusMg, DRUG_LIMITS, insulinUnits, interventionProblem, problemText } from './intervention-params';
import { clamp, type Ctx } from './model';
import { DRUG_SLOT } from './model';
import { isPulselessVt, primaryArrhythmia, R, removeCondition } from './electrophysiology';
import { dexp } from '../util/detmath';

function fail(kind: string, msg: string): never {
  throw new Error(`applyIntervention(${kind}): ${msg}`);
}

/** Inhaled/nebulised salbutamol: ≈ 10 % reaches the lungs (Morgan 1986). */
const NEB_FRACTION = 0.1;

function setVentilator(ctx: Ctx, v: VentilatorSettings): void {
  const x = ctx.x;
  x.ventOn = 1;
  x.ventVtMl = v.tidalVolumeMl;
  x.ventRr = v.rrBpm;
  x.ventPeep = v.peepCmH2O;
  x.ventFio2 = v.fio2;
}

export function applyIntervention(ctx: Ctx, spec: InterventionSpec): void {
  if (!spec || typeof spec !== 'object') throw new Error('applyIntervention: spec must be an object');
  const kind = spec.kind;
  if (INTERVENTION_KINDS.indexOf(kind) < 0)
    throw new Error(`applyIntervention: unknown kind '${String(kind)}'; allowed: ${INTERVENTION_KINDS.join(', ')}`);
  // Every value against the one table of ranges the scenario checker also uses (intervention-params.ts).
  const problem = interventionProblem(spec);
  if (problem) fail(kind, problemText(problem));
  const { s, x, p, rng } = ctx;
  switch (kind) {
    case 'oxygen': {
      if (spec.device === 'ventilator') {
        if (!s.intubated) fail(kind, "device 'ventilator' requires an intubated patient (apply 'intubation' first)");
        setVentilator(ctx, spec.ventilator!);
        return;
      }
      if (spec.fio2 !== undefined) {
        x.o2Fio2 = spec.fio2;
        if (s.intubated && x.ventOn > 0) x.ventFio2 = x.o2Fio2;
        return;
      }
      const flow = spec.flowLPerMin ?? 0;
      // Delivered FiO2 (BTS O2 guideline 2017, O'Driscoll Thorax 72:i1): nasal cannula ≈ 0.21 +
      // 0.04/L (≤ 6 L/min → 0.24–0.44); simple mask 5–10 L/min → 0.40–0.60; non-rebreather
      // 10–15 L/min → 0.60–0.90.
      if (spec.device === 'nasal_cannula') x.o2Fio2 = 0.21 + 0.04 * flow;
      else if (spec.device === 'simple_mask') x.o2Fio2 = flow > 0 ? 0.2 + 0.04 * flow : 0.21;
      else x.o2Fio2 = flow > 0 ? 0.6 + 0.06 * (flow - 10) : 0.21;
      return;
    }
    case 'fluid_bolus': {
      const vol = spec.volumeMl ?? 500;
      const rate = spec.rateMlPerH ?? 2000;
      if (spec.fluid === 'blood') {
        x.bloodRemainingMl += vol;
        x.bloodRateMlPerMin = rate / 60;
      } else {
        x.crystBolusRemainingMl += vol;
        x.crystBolusRateMlPerMin = rate / 60;
      }
      return;
    }
    case 'fluid_infusion': {
      const rate = spec.rateMlPerH!;
      if (spec.fluid === 'blood') {
        x.bloodRemainingMl = rate > 0 ? 1e6 : 0;
        x.bloodRateMlPerMin = rate / 60;
      } else x.crystInfRateMlPerMin = rate / 60;
      return;
    }
    case 'blood_transfusion': {
      const vol = spec.volumeMl ?? 300;
      const rate = spec.rateMlPerH ?? 600;
      x.bloodRemainingMl += vol;
      x.bloodRateMlPerMin = rate / 60;
      return;
    }
    case 'drug_bolus': {
      const drug = spec.drug!;
      const route = spec.route ?? DRUG_LIMITS[drug].defaultRoute;
      if (drug === 'insulin') {
        const u = insulinUnits(spec)!;
        if (route === 'sc') x.scInsulinDepotU += u;
        else x.insulinUuMl += (u * 1e6) / p.viMl;
        return;
      }
      const mg = bolusMg(spec)!;
      if (drug === 'dextrose') {
        x.glucoseDepotMg += mg;
        return;
      }
      const slot = DRUG_SLOT[drug];
      const mcg = mg * 1000;
      if (route === 'iv') x.drugCentral[slot] += mcg;
      else x.drugDepot[slot] += mcg * (route === 'neb' || route === 'inh' ? NEB_FRACTION : 1);
      return;
    }
    case 'drug_infusion': {
      const drug = spec.drug!;
      if (drug === 'insulin') x.insulinInfUPerH = spec.rateUnitsPerH!;
      else if (drug === 'dextrose')
        x.dextroseInfMgPerMin = spec.rateMlPerH !== undefined ? (spec.rateMlPerH * 100) / 60 : (spec.rateMcgPerKgPerMin! * p.weightKg) / 1000;
      else x.drugInfusionMcgPerMin[DRUG_SLOT[drug]] = spec.rateMcgPerKgPerMin! * p.weightKg;
      return;
    }
    case 'stop_infusion': {
      if (spec.drug !== undefined) {
        const drug = spec.drug;
        if (drug === 'insulin') x.insulinInfUPerH = 0;
        else if (drug === 'dextrose') x.dextroseInfMgPerMin = 0;
        else x.drugInfusionMcgPerMin[DRUG_SLOT[drug]] = 0;
        return;
      }
      if (spec.fluid !== 'blood') {
        x.crystInfRateMlPerMin = 0;
        x.crystBolusRemainingMl = 0;
      }
      if (spec.fluid !== 'crystalloid') x.bloodRemainingMl = 0;
      return;
    }
    case 'defibrillation':
    case 'cardioversion': {
      const energy = spec.energyJ ?? (kind === 'defibrillation' ? 200 : 120);
      shock(ctx, kind === 'cardioversion', energy, rng.next());
      return;
    }
    case 'pacing': {
      s.pacingRateBpm = spec.pacingRateBpm ?? 70;
      return;
    }
    case 'needle_decompression':
      for (const c of ctx.conditions) if (c.kind === 'tension_pneumothorax') c.st0 = 1;
      return;
    case 'intubation': {
      s.intubated = true;
      // Default lung-protective settings: VT 7 mL/kg IBW, RR 14, PEEP 5 (ARDSNet 2000).
      const v = spec.ventilator
        ? spec.ventilator
        : { tidalVolumeMl: Math.round(7 * p.ibwKg), rrBpm: 14, peepCmH2O: 5, fio2: Math.max(0.4, x.o2Fio2) };
      setVentilator(ctx, v);
      return;
    }
    case 'extubation':
      s.intubated = false;
      x.ventOn = 0;
      x.ventPeep = 0;
      return;
    case 'cpr_start':
      s.cprActive = true;
      return;
    case 'cpr_stop':
      s.cprActive = false;
      return;
    case 'positioning': {
      s.position = spec.position!;
      return;
    }
    case 'hemorrhage_control':
      for (const c of ctx.conditions) if (c.kind === 'hemorrhage') c.st0 = 1;
      return;
  }
}

/**
 * Shock outcome. Defibrillation of VF/pulseless VT: first-shock success ≈ 85 % with biphasic
 * ≥ 150 J, falling with minutes of untreated VF (Weisfeldt 2002; Stiell 2007 BIPHASIC), improved by
 * amiodarone (ARREST, Kudenchuk 1999). Synchronised cardioversion: AF ≈ 85–90 % at ≥ 120 J,
 * flutter/SVT ≈ 95 %, VT with pulse ≈ 90 % (ESC 2020 AF; AHA 2020 tachycardia algorithm). A
 * synchronised shock cannot be delivered in VF (no R wave). Unsynchronised shocks of organised
 * rhythms with a pulse are treated like cardioversion.
 */
function shock(ctx: Ctx, sync: boolean, energyJ: number, u: number): void {
  const { x, e, s, conditions: list } = ctx;
  const idx = x.rhythmIndex;
  const prim = primaryArrhythmia(list);
  const shockable = idx === R.vf || (idx === R.vt && x.pumping === 0);
  if (shockable) {
    if (sync) return;
    let pr = 0.85 * Math.sqrt(Math.min(1, energyJ / 150)) * (0.35 + 0.65 * dexp(-x.untreatedArrestS / 300));
    pr += 0.1 * e.amiodarone;
    if (s.coreTempC < 30) pr *= 0.3; // refractory VF in hypothermia (Brown 2012)
    if (s.potassiumMmolL > 8) pr *= 0.2;
    if (u < clamp(pr, 0.02, 0.95)) {
      if (x.secondaryRhythm >= 0) x.secondaryRhythm = -1;
      else if (prim !== null && (prim.params.rhythm === 'ventricular_fibrillation' || isPulselessVt(prim))) removeCondition(list, prim);
      x.myoO2 = Math.max(x.myoO2, 0.6);
      x.pumping = 1;
    }
    return;
  }
  if (prim === null || x.secondaryRhythm >= 0) return;
  let pr = 0;
  if (idx === R.af) pr = energyJ >= 120 ? 0.88 : 0.5;
  else if (idx === R.flutter || idx === R.svt) pr = energyJ >= 50 ? 0.95 : 0.6;
  else if (idx === R.vt) pr = energyJ >= 100 ? 0.9 : 0.6;
  if (pr > 0 && u < pr) removeCondition(list, prim);
}
