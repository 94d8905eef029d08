/**
 * Interventions: validate the request (throwing an Error that names the problem and the allowed
 * range) and change the MODEL (infusion rates, drug depots, FiO2, ventilator, rhythm via shocks),
 * never displayed numbers. Shock outcomes are drawn from the seeded event PRNG.
 */
import { DRUG_IDS, INTERVENTION_KINDS, type DrugId, type InterventionSpec, type VentilatorSettings } from './types';
import { clamp, type Ctx } from './model';
import { DRUG_SLOT } from './model';
import { isPulselessVt, primaryArrhythmia, R, removeCondition } from './electrophysiology';
import { dexp } from '../util/detmath';

function fail(kind: string, msg: string): never {
  throw new Error(`applyIntervention(${kind}): ${msg}`);
}
function range(kind: string, name: string, v: unknown, lo: number, hi: number, unit: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi)
    fail(kind, `${name} must be a number in ${lo}..${hi} ${unit}, got ${String(v)}`);
  return v as number;
}

/** Bolus dose limits (mg) and allowed routes per drug (BNF / AHA 2020 / local ICU protocols). */
const BOLUS_MG: Record<DrugId, [number, number, string[]]> = {
  norepinephrine: [0.001, 0.1, ['iv']],
  epinephrine: [0.01, 1, ['iv', 'im']],
  fentanyl: [0.01, 1, ['iv', 'im']],
  morphine: [0.5, 50, ['iv', 'im', 'sc']],
  naloxone: [0.04, 10, ['iv', 'im', 'sc']],
  salbutamol: [0.1, 20, ['neb', 'inh', 'iv']],
  amiodarone: [50, 450, ['iv']],
  metoprolol: [1, 20, ['iv']],
  dextrose: [1000, 50000, ['iv']],
  insulin: [0, 0, ['iv', 'sc']], // in units, see below
  antibiotics: [100, 5000, ['iv', 'im']],
};
/** Infusion limits (µg/kg/min). */
const INFUSION_MCG_KG_MIN: Record<DrugId, number> = {
  norepinephrine: 3,
  epinephrine: 2,
  fentanyl: 0.1,
  morphine: 1,
  naloxone: 0.2,
  salbutamol: 0.5,
  amiodarone: 20,
  metoprolol: 2,
  dextrose: 15000,
  insulin: 0,
  antibiotics: 100,
};
/** Inhaled/nebulised salbutamol: ≈ 10 % reaches the lungs (Morgan 1986). */
const NEB_FRACTION = 0.1;
/** 1 IU insulin = 34.7 µg (WHO International Standard). */
const MCG_PER_IU = 34.7;

function validateVentilator(kind: string, v: VentilatorSettings | undefined): VentilatorSettings {
  if (!v || typeof v !== 'object') fail(kind, 'ventilator settings { tidalVolumeMl, rrBpm, peepCmH2O, fio2 } are required');
  range(kind, 'ventilator.tidalVolumeMl', v.tidalVolumeMl, 200, 1000, 'mL');
  range(kind, 'ventilator.rrBpm', v.rrBpm, 4, 40, '/min');
  range(kind, 'ventilator.peepCmH2O', v.peepCmH2O, 0, 24, 'cmH2O');
  range(kind, 'ventilator.fio2', v.fio2, 0.21, 1, '(fraction)');
  return v;
}

function setVentilator(ctx: Ctx, v: VentilatorSettings): void {
  const x = ctx.x;
  x.ventOn = 1;
  x.ventVtMl = v.tidalVolumeMl;
  x.ventRr = v.rrBpm;
  x.ventPeep = v.peepCmH2O;
  x.ventFio2 = v.fio2;
}

function drugOf(spec: InterventionSpec): DrugId {
  if (!spec.drug || DRUG_IDS.indexOf(spec.drug) < 0)
    fail(spec.kind, `drug must be one of ${DRUG_IDS.join(', ')}, got ${String(spec.drug)}`);
  return spec.drug as DrugId;
}

export function applyIntervention(ctx: Ctx, spec: InterventionSpec): void {
  if (!spec || typeof spec !== 'object') throw new Error('applyIntervention: spec must be an object');
  const kind = spec.kind;
  if (INTERVENTION_KINDS.indexOf(kind) < 0)
    throw new Error(`applyIntervention: unknown kind '${String(kind)}'; allowed: ${INTERVENTION_KINDS.join(', ')}`);
  const { s, x, p, rng } = ctx;
  switch (kind) {
    case 'oxygen': {
      if (spec.device === 'ventilator') {
        if (!s.intubated) fail(kind, "device 'ventilator' requires an intubated patient (apply 'intubation' first)");
        setVentilator(ctx, validateVentilator(kind, spec.ventilator));
        return;
      }
      if (spec.fio2 !== undefined) {
        x.o2Fio2 = range(kind, 'fio2', spec.fio2, 0.21, 1, '(fraction)');
        if (s.intubated && x.ventOn > 0) x.ventFio2 = x.o2Fio2;
        return;
      }
      const flow = range(kind, 'flowLPerMin', spec.flowLPerMin, 0, 15, 'L/min');
      // Delivered FiO2 (BTS O2 guideline 2017, O'Driscoll Thorax 72:i1): nasal cannula ≈ 0.21 +
      // 0.04/L (≤ 6 L/min → 0.24–0.44); simple mask 5–10 L/min → 0.40–0.60; non-rebreather
      // 10–15 L/min → 0.60–0.90.
      if (spec.device === 'nasal_cannula') {
        range(kind, 'flowLPerMin', flow, 0, 6, 'L/min for nasal_cannula');
        x.o2Fio2 = 0.21 + 0.04 * flow;
      } else if (spec.device === 'simple_mask') {
        if (flow > 0) range(kind, 'flowLPerMin', flow, 5, 10, 'L/min for simple_mask');
        x.o2Fio2 = flow > 0 ? 0.2 + 0.04 * flow : 0.21;
      } else if (spec.device === 'nrb_mask') {
        if (flow > 0) range(kind, 'flowLPerMin', flow, 10, 15, 'L/min for nrb_mask');
        x.o2Fio2 = flow > 0 ? 0.6 + 0.06 * (flow - 10) : 0.21;
      } else fail(kind, "device must be 'nasal_cannula', 'simple_mask', 'nrb_mask' or 'ventilator' (or give fio2)");
      return;
    }
    case 'fluid_bolus': {
      const vol = spec.volumeMl === undefined ? 500 : range(kind, 'volumeMl', spec.volumeMl, 1, 3000, 'mL');
      const rate = spec.rateMlPerH === undefined ? 2000 : range(kind, 'rateMlPerH', spec.rateMlPerH, 1, 20000, 'mL/h');
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
      const rate = range(kind, 'rateMlPerH', spec.rateMlPerH, 0, 1000, 'mL/h');
      if (spec.fluid === 'blood') {
        x.bloodRemainingMl = rate > 0 ? 1e6 : 0;
        x.bloodRateMlPerMin = rate / 60;
      } else x.crystInfRateMlPerMin = rate / 60;
      return;
    }
    case 'blood_transfusion': {
      const vol = spec.volumeMl === undefined ? 300 : range(kind, 'volumeMl', spec.volumeMl, 50, 3000, 'mL');
      const rate = spec.rateMlPerH === undefined ? 600 : range(kind, 'rateMlPerH', spec.rateMlPerH, 1, 20000, 'mL/h');
      x.bloodRemainingMl += vol;
      x.bloodRateMlPerMin = rate / 60;
      return;
    }
    case 'drug_bolus': {
      const drug = drugOf(spec);
      const [lo, hi, routes] = BOLUS_MG[drug];
      const route = spec.route ?? (drug === 'salbutamol' ? 'neb' : 'iv');
      if (routes.indexOf(route) < 0) fail(kind, `route for ${drug} must be one of ${routes.join(', ')}, got ${route}`);
      if (drug === 'insulin') {
        const units =
          spec.doseUnits !== undefined
            ? spec.doseUnits
            : spec.doseMcg !== undefined
              ? spec.doseMcg / MCG_PER_IU
              : spec.doseMg !== undefined
                ? (spec.doseMg * 1000) / MCG_PER_IU
                : undefined;
        const u = range(kind, 'insulin dose (doseUnits)', units, 0.5, 50, 'units');
        if (route === 'sc') x.scInsulinDepotU += u;
        else x.insulinUuMl += (u * 1e6) / p.viMl;
        return;
      }
      const mg = spec.doseMg !== undefined ? spec.doseMg : spec.doseMcg !== undefined ? spec.doseMcg / 1000 : undefined;
      if (mg === undefined) fail(kind, `doseMg or doseMcg is required for ${drug}`);
      range(kind, `${drug} dose`, mg, lo, hi, 'mg');
      if (drug === 'dextrose') {
        x.glucoseDepotMg += mg as number;
        return;
      }
      const slot = DRUG_SLOT[drug];
      const mcg = (mg as number) * 1000;
      if (route === 'iv') x.drugCentral[slot] += mcg;
      else x.drugDepot[slot] += mcg * (route === 'neb' || route === 'inh' ? NEB_FRACTION : 1);
      return;
    }
    case 'drug_infusion': {
      const drug = drugOf(spec);
      if (drug === 'insulin') {
        x.insulinInfUPerH = range(kind, 'rateUnitsPerH', spec.rateUnitsPerH, 0, 50, 'units/h');
        return;
      }
      if (drug === 'dextrose') {
        if (spec.rateMlPerH !== undefined) x.dextroseInfMgPerMin = (range(kind, 'rateMlPerH (D10)', spec.rateMlPerH, 0, 500, 'mL/h') * 100) / 60;
        else x.dextroseInfMgPerMin = (range(kind, 'rateMcgPerKgPerMin', spec.rateMcgPerKgPerMin, 0, 15000, 'µg/kg/min') * p.weightKg) / 1000;
        return;
      }
      const r = range(kind, 'rateMcgPerKgPerMin', spec.rateMcgPerKgPerMin, 0, INFUSION_MCG_KG_MIN[drug], `µg/kg/min for ${drug}`);
      x.drugInfusionMcgPerMin[DRUG_SLOT[drug]] = r * p.weightKg;
      return;
    }
    case 'stop_infusion': {
      if (spec.drug !== undefined) {
        const drug = drugOf(spec);
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
      const energy =
        spec.energyJ === undefined ? (kind === 'defibrillation' ? 200 : 120) : range(kind, 'energyJ', spec.energyJ, 1, 360, 'J');
      shock(ctx, kind === 'cardioversion', energy, rng.next());
      return;
    }
    case 'pacing': {
      const r = spec.pacingRateBpm === undefined ? 70 : spec.pacingRateBpm;
      if (r !== 0) range(kind, 'pacingRateBpm', r, 30, 180, '/min (0 = off)');
      s.pacingRateBpm = r;
      return;
    }
    case 'needle_decompression':
      for (const c of ctx.conditions) if (c.kind === 'tension_pneumothorax') c.st0 = 1;
      return;
    case 'intubation': {
      s.intubated = true;
      // Default lung-protective settings: VT 7 mL/kg IBW, RR 14, PEEP 5 (ARDSNet 2000).
      const v = spec.ventilator
        ? validateVentilator(kind, spec.ventilator)
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
      const pos = spec.position;
      if (pos !== 'supine' && pos !== 'upright' && pos !== 'legs_raised' && pos !== 'recovery')
        fail(kind, `position must be supine, upright, legs_raised or recovery, got ${String(pos)}`);
      s.position = pos;
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
