/**
 * Electrophysiology: myocardial O2 supply/demand, the current rhythm (arrhythmia conditions,
 * secondary arrests from hypoxia/hyperkalaemia/hypothermia, pacing, chemical cardioversion, ROSC),
 * the ventricular rate model per rhythm, QRS width and ST elevation. Slow system (dt = 1 s).
 */
import { RHYTHMS, type Rhythm } from './rhythm';
import { clamp, type ConditionRecord, type Ctx, type PhysiologySystem } from './model';
import { numParam, severityNow } from './conditions';
import { dexp, dpow } from '../util/detmath';

/**
 * Short names for the rhythm indices the hot paths compare against, looked up by rhythm name once at
 * load, so adding or reordering a rhythm in RHYTHMS cannot mislabel one.
 */
export const R = {
  sinus: rhythmIndex('sinus'),
  brady: rhythmIndex('sinus_bradycardia'),
  tachy: rhythmIndex('sinus_tachycardia'),
  af: rhythmIndex('atrial_fibrillation'),
  flutter: rhythmIndex('atrial_flutter'),
  svt: rhythmIndex('svt'),
  av1: rhythmIndex('av_block_1'),
  mobitz1: rhythmIndex('av_block_2_mobitz1'),
  mobitz2: rhythmIndex('av_block_2_mobitz2'),
  av3: rhythmIndex('av_block_3'),
  vt: rhythmIndex('ventricular_tachycardia'),
  vf: rhythmIndex('ventricular_fibrillation'),
  asystole: rhythmIndex('asystole'),
  pea: rhythmIndex('pea'),
  paced: rhythmIndex('paced'),
} as const;

export function rhythmIndex(r: Rhythm): number {
  return RHYTHMS.indexOf(r);
}

/** The latest active arrhythmia condition, or null. */
export function primaryArrhythmia(list: ConditionRecord[]): ConditionRecord | null {
  for (let i = list.length - 1; i >= 0; i--) if (list[i].kind === 'arrhythmia') return list[i];
  return null;
}

export function isPulselessVt(c: ConditionRecord | null): boolean {
  return c !== null && c.params.rhythm === 'ventricular_tachycardia' && (numParam(c, 'pulseless', 0) > 0 || c.severity >= 0.8);
}

/** Remove a condition record in place (rare event). */
export function removeCondition(list: ConditionRecord[], c: ConditionRecord): void {
  const i = list.indexOf(c);
  if (i >= 0) list.splice(i, 1);
}

export const electrophysiology: PhysiologySystem = {
  name: 'electrophysiology',
  step(ctx: Ctx, dt: number): void {
    const { s, x, p, e, rng, conditions: list } = ctx;
    const perMin = dt / 60;
    // Myocardial O2 balance: supply ∝ CaO2 × coronary flow (autoregulated down to ≈ 60 % of the
    // normal perfusion pressure, Hoffman 1990), demand ∝ rate–pressure product (Gobel 1978).
    const cao2Norm = 1.34 * p.hb0 * 0.975 + 0.29;
    const cpp = s.dbpMmHg - Math.max(0, s.pcwpMmHg);
    const cpp0 = p.map0 - 0.42 * p.pp0 - p.pcwp0;
    const supply = (x.cao2MlDl / cao2Norm) * clamp(cpp / (0.6 * cpp0), 0, 1.2);
    const rpp = (s.hrBpm * s.sbpMmHg) / (p.hr0 * (p.map0 + 0.58 * p.pp0));
    const demand = x.pumping > 0 ? Math.max(0.3, rpp) : 0.3;
    const target = clamp(supply / Math.sqrt(demand), 0, 1.5);
    x.myoO2 += (target - x.myoO2) * (1 - dexp(-dt / 10));
    // Contractility: ischaemia, acidosis (Mitchell 1972), hypothermia.
    const myo = x.myoO2;
    if (myo < 0.8) e.contractilityMult *= 0.3 + (0.7 * myo) / 0.8;
    if (s.ph < 7.2) e.contractilityMult *= clamp(1 - 1.5 * (7.2 - s.ph), 0.4, 1);
    if (s.coreTempC < 34) e.contractilityMult *= clamp(1 - 0.03 * (34 - s.coreTempC), 0.5, 1);

    // --- secondary arrests ---
    const k = s.potassiumMmolL;
    if (x.pumping > 0 && myo < 0.3) x.myoLowS += dt;
    else x.myoLowS = 0;
    if (x.secondaryRhythm < 0) {
      if (x.myoLowS > 60) x.secondaryRhythm = R.pea; // hypoxic/ischaemic PEA (Ornato ACLS; Littmann 2014)
      else if (k > 8.5) x.secondaryRhythm = R.vf; // hyperkalaemic arrest (Weisberg 2008)
      else if (s.coreTempC < 24) x.secondaryRhythm = R.asystole; // (Brown 2012 NEJM)
      else if (s.coreTempC < 28 && rng.next() < 0.1 * perMin) x.secondaryRhythm = R.vf;
    }
    const primary = primaryArrhythmia(list);
    // Untreated VF/PEA degenerates to asystole (Weisfeldt 2002 JAMA three-phase model).
    const untreated = x.untreatedArrestS;
    if (x.secondaryRhythm === R.vf && untreated > 600) x.secondaryRhythm = R.asystole;
    if (x.secondaryRhythm === R.pea && untreated > 900) x.secondaryRhythm = R.asystole;
    // ROSC from a secondary PEA/asystole requires CPR and a corrected cause (4 H's & 4 T's); hazard
    // per minute raised by adrenaline (AHA 2020; PARAMEDIC2 2018).
    if ((x.secondaryRhythm === R.pea || x.secondaryRhythm === R.asystole) && s.cprActive) {
      const ok = s.pao2MmHg > 60 && k < 7 && s.coreTempC > 30 && s.bloodVolumeMl > 0.7 * p.bloodVolume0Ml && e.pitMmHg < 8 && e.opioid < 0.99;
      const haz = ok ? (x.secondaryRhythm === R.pea ? 0.3 : 0.08) * (0.5 + e.epi) : 0;
      if (haz > 0 && rng.next() < haz * perMin) {
        x.secondaryRhythm = -1;
        x.myoO2 = 0.8;
      }
    }
    // Chemical cardioversion: amiodarone for AF/VT, β-blockade occasionally for SVT (ESC 2019/2020).
    if (primary !== null && x.secondaryRhythm < 0) {
      const r = primary.params.rhythm;
      let haz = 0;
      if (r === 'atrial_fibrillation' || r === 'atrial_flutter') haz = 0.01 * e.amiodarone;
      else if (r === 'svt') haz = 0.05 * e.betaBlock + 0.05 * e.amiodarone;
      else if (r === 'ventricular_tachycardia' && !isPulselessVt(primary)) haz = 0.05 * e.amiodarone;
      if (haz > 0 && rng.next() < haz * perMin) removeCondition(list, primary);
    }
    const prim = primaryArrhythmia(list);

    // --- current rhythm ---
    let idx: number;
    if (x.secondaryRhythm >= 0) idx = x.secondaryRhythm;
    else if (prim !== null) idx = rhythmIndex(prim.params.rhythm as Rhythm);
    else idx = p.chronicAfRateBpm > 0 ? R.af : R.sinus; // permanent AF (Confounders.chronicAfRateBpm)
    const sev = prim !== null ? severityNow(prim, s.timeS) : 0;
    let sinusFactor = 0;
    let rate = 0;
    let svFactor = 1;
    let pumping = 1;
    switch (idx) {
      case R.sinus:
      case R.brady:
      case R.tachy:
        if (prim !== null && x.secondaryRhythm < 0 && idx !== R.sinus) {
          rate = numParam(prim, 'rateBpm', idx === R.brady ? 40 : 130) * dpow(x.hrAuto, 0.3);
        } else sinusFactor = 1;
        break;
      case R.af: // AV-nodal rate limited; loss of atrial kick ≈ 15–20 % of SV (ESC AF 2020)
        rate = (prim !== null ? numParam(prim, 'rateBpm', 100 + 60 * sev) : p.chronicAfRateBpm) * Math.sqrt(x.hrAuto) * (1 - 0.35 * e.betaBlock) * (1 - 0.25 * e.amiodarone);
        svFactor = 0.85;
        break;
      case R.flutter: // 2:1 conduction → 150, 4:1 with AV-nodal blockade
        rate = numParam(prim!, 'rateBpm', 150) * (e.betaBlock > 0.5 ? 0.5 : 1);
        svFactor = 0.9;
        break;
      case R.svt:
        rate = numParam(prim!, 'rateBpm', 180) * (1 - 0.15 * e.betaBlock);
        svFactor = 0.95;
        break;
      case R.av1:
        sinusFactor = 1;
        break;
      case R.mobitz1:
        sinusFactor = 0.8; // Wenckebach cycles drop ≈ 1 in 5 beats
        break;
      case R.mobitz2:
        sinusFactor = 0.6; // 2:1–3:2 conduction
        break;
      case R.av3: // junctional/ventricular escape 30–45 /min (ESC pacing 2021)
        rate = numParam(prim!, 'rateBpm', 38) + 10 * e.beta1;
        svFactor = 0.85;
        break;
      case R.vt:
        rate = numParam(prim!, 'rateBpm', 170);
        if (isPulselessVt(prim)) pumping = 0;
        else svFactor = 0.55; // AV dissociation, dyssynchrony
        break;
      case R.vf:
      case R.asystole:
        pumping = 0;
        rate = 0;
        break;
      case R.pea:
        pumping = 0;
        rate = prim !== null && x.secondaryRhythm < 0 ? numParam(prim, 'rateBpm', 50) : 45;
        break;
      case R.paced:
        rate = numParam(prim!, 'rateBpm', 70);
        svFactor = 0.9;
        break;
    }
    // Transcutaneous/transvenous pacing captures when the intrinsic ventricular rate is slower and
    // the myocardium can respond (not in VF/VT/asystole; AHA 2020 bradycardia algorithm).
    const paceRate = s.pacingRateBpm;
    if (paceRate > 0 && idx !== R.vf && idx !== R.vt && idx !== R.asystole && idx !== R.pea) {
      const intrinsic = sinusFactor > 0 ? x.hrSinusBpm * sinusFactor : rate;
      if (intrinsic < paceRate) {
        idx = R.paced;
        sinusFactor = 0;
        rate = paceRate;
        svFactor = 0.9; // loss of AV synchrony with ventricular pacing
        pumping = 1;
      }
    }
    if (idx === R.sinus || idx === R.brady || idx === R.tachy) {
      if (sinusFactor > 0) {
        const hr = x.hrSinusBpm;
        idx = hr > 100 ? R.tachy : hr < 60 ? R.brady : R.sinus;
      } else idx = rate > 100 ? R.tachy : rate < 60 ? R.brady : R.sinus;
    }
    x.rhythmIndex = idx;
    x.rhythmSinusFactor = sinusFactor;
    x.rhythmRateBpm = rate;
    x.rhythmSvFactor = svFactor;
    x.pumping = pumping;
    s.rhythm = RHYTHMS[idx];
    if (pumping === 0) {
      x.arrestS += dt;
      if (!s.cprActive) x.untreatedArrestS += dt;
    } else {
      x.arrestS = 0;
      x.untreatedArrestS = 0;
    }
    // QRS: ventricular rhythms wide; hyperkalaemia widens (> 6.5 mmol/L; Mattu 2000); amiodarone.
    let qrs = 90;
    if (idx === R.vt) qrs = 160;
    else if (idx === R.av3) qrs = 130;
    else if (idx === R.paced) qrs = 150;
    if (k > 6.5) qrs += 25 * (k - 6.5);
    qrs += 10 * e.amiodarone;
    if (s.coreTempC < 32) qrs += 15;
    s.qrsWidthMs = qrs;
    s.stElevationMm = e.stElevMm;
  },
};
