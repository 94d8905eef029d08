/**
 * Truth episodes, computed from the HIDDEN state with hysteresis (separate onset/offset thresholds)
 * and minimum durations. Onset/offset times are back-dated to when the criterion first held.
 * Severity is the worst seen while the episode is open. Thresholds and sources: MODEL.md § Episodes.
 */
import { R } from './electrophysiology';
import type { Ctx } from './model';
import { EPISODE_LABELS, type EpisodeChange, type EpisodeSeverity, type TruthEpisode } from './types';

export interface EpisodeTrackerState {
  pendOn: number[];
  pendOff: number[];
  open: number[];
  counter: number;
  list: TruthEpisode[];
  changes: EpisodeChange[];
}

export function createEpisodeTracker(): EpisodeTrackerState {
  const n = EPISODE_LABELS.length;
  return {
    pendOn: new Array<number>(n).fill(-1),
    pendOff: new Array<number>(n).fill(-1),
    open: new Array<number>(n).fill(-1),
    counter: 0,
    list: [],
    changes: [],
  };
}

/** [onset minimum duration s, offset minimum duration s] per label (EPISODE_LABELS order). */
const MIN_S: readonly (readonly [number, number])[] = [
  [60, 60], // hypotension
  [30, 60], // hypoxemia
  [30, 30], // tachycardia
  [30, 30], // bradycardia
  [5, 5], // atrial_fibrillation
  [5, 5], // atrial_flutter
  [5, 5], // svt
  [5, 5], // av_block
  [3, 5], // ventricular_tachycardia
  [3, 5], // ventricular_fibrillation
  [3, 5], // asystole
  [3, 5], // pea
  [60, 120], // shock
  [300, 1800], // sepsis
  [300, 600], // septic_shock
  [60, 120], // respiratory_failure
  [60, 300], // hypoglycemia
  [600, 600], // hyperglycemia
  [3, 30], // cardiac_arrest
  [60, 120], // hypercapnia
  [60, 300], // fever
  [60, 300], // hypothermia
];

const SEV: readonly EpisodeSeverity[] = ['mild', 'moderate', 'severe'];
let sevOut = 0;
function sev3(moderate: boolean, severe: boolean): number {
  return severe ? 2 : moderate ? 1 : 0;
}

/** 1 = onset criterion holds, 0 = offset criterion holds, 0.5 = inside the hysteresis band. */
function evaluate(i: number, ctx: Ctx): number {
  const { s, x, e } = ctx;
  const pumping = x.pumping > 0;
  const r = x.rhythmIndex;
  switch (i) {
    case 0: // hypotension: MAP < 65 mmHg (SSC 2021 target); off ≥ 70
      sevOut = sev3(s.mapMmHg < 55, s.mapMmHg < 45);
      return s.mapMmHg < 65 ? 1 : s.mapMmHg >= 70 ? 0 : 0.5;
    case 1: // hypoxemia: true SaO2 < 90 % (BTS 2017); off ≥ 92
      sevOut = sev3(s.sao2Pct < 85, s.sao2Pct < 75);
      return s.sao2Pct < 90 ? 1 : s.sao2Pct >= 92 ? 0 : 0.5;
    case 2: // tachycardia: HR > 100 (AHA 2020); off ≤ 95
      sevOut = sev3(s.hrBpm > 120, s.hrBpm > 150);
      return pumping && s.hrBpm > 100 ? 1 : !pumping || s.hrBpm <= 95 ? 0 : 0.5;
    case 3: // bradycardia: HR < 50 (AHA 2020 bradycardia algorithm); off ≥ 55
      sevOut = sev3(s.hrBpm < 42, s.hrBpm < 35);
      return pumping && s.hrBpm < 50 ? 1 : !pumping || s.hrBpm >= 55 ? 0 : 0.5;
    case 4:
      sevOut = sev3(s.hrBpm > 110, s.hrBpm > 150);
      return r === R.af ? 1 : 0;
    case 5:
      sevOut = sev3(s.hrBpm > 110, s.hrBpm > 150);
      return r === R.flutter ? 1 : 0;
    case 6:
      sevOut = sev3(true, s.mapMmHg < 65);
      return r === R.svt ? 1 : 0;
    case 7:
      sevOut = r === R.av3 ? 2 : r === R.mobitz1 || r === R.mobitz2 ? 1 : 0;
      return r === R.av1 || r === R.mobitz1 || r === R.mobitz2 || r === R.av3 ? 1 : 0;
    case 8:
      sevOut = pumping ? 1 : 2;
      return r === R.vt ? 1 : 0;
    case 9:
      sevOut = 2;
      return r === R.vf ? 1 : 0;
    case 10:
      sevOut = 2;
      return r === R.asystole ? 1 : 0;
    case 11:
      sevOut = 2;
      return r === R.pea ? 1 : 0;
    case 12: {
      // shock: hypotension with hyperlactataemia (Cecconi 2014 ESICM consensus)
      sevOut = sev3(s.lactateMmolL > 4, s.lactateMmolL > 8);
      const hypo = s.mapMmHg < 65 || s.sbpMmHg < 90;
      if (hypo && s.lactateMmolL > 2) return 1;
      return (s.mapMmHg >= 68 && s.sbpMmHg >= 92) || s.lactateMmolL < 1.8 ? 0 : 0.5;
    }
    case 13: {
      // sepsis: infection + acute SOFA rise ≥ 2 (Singer 2016 Sepsis-3)
      const rise = s.sofaScore - x.sofaBaseline;
      sevOut = sev3(rise >= 4, rise >= 6);
      if (s.infectionLoad >= 0.05 && rise >= 2) return 1;
      return s.infectionLoad < 0.02 || rise < 1 ? 0 : 0.5;
    }
    case 14: {
      // septic shock: sepsis + vasopressor needed for MAP ≥ 65 + lactate > 2 (Singer 2016). An
      // untreated MAP < 65 counts as a vasopressor requirement.
      const sepsisOpen = ctx.s.infectionLoad >= 0.02 && s.sofaScore - x.sofaBaseline >= 2;
      sevOut = sev3(true, s.lactateMmolL > 4);
      const need = e.pressorMcgKgMin > 0 || s.mapMmHg < 65;
      if (sepsisOpen && need && s.lactateMmolL > 2) return 1;
      return !sepsisOpen || s.lactateMmolL < 1.8 || (!need && s.mapMmHg >= 68) ? 0 : 0.5;
    }
    case 15: {
      // respiratory failure: PaO2 < 60 (type 1) or PaCO2 > 50 with pH < 7.35 (type 2) (BTS 2017)
      const t2 = s.paco2MmHg > 50 && s.ph < 7.35;
      sevOut = sev3(s.pao2MmHg < 50 || s.ph < 7.25, s.pao2MmHg < 45 || s.ph < 7.2);
      if (s.pao2MmHg < 60 || t2) return 1;
      return s.pao2MmHg >= 65 && !(s.paco2MmHg > 48 && s.ph < 7.37) ? 0 : 0.5;
    }
    case 16: // hypoglycaemia: < 70 level 1, < 54 level 2 (ADA 2024)
      sevOut = sev3(s.glucoseMgDl < 54, s.glucoseMgDl < 40);
      return s.glucoseMgDl < 70 ? 1 : s.glucoseMgDl >= 80 ? 0 : 0.5;
    case 17: // hyperglycaemia: > 180 mg/dL inpatient target (ADA 2024)
      sevOut = sev3(s.glucoseMgDl > 250, s.glucoseMgDl > 400);
      return s.glucoseMgDl > 180 ? 1 : s.glucoseMgDl <= 170 ? 0 : 0.5;
    case 18: // cardiac arrest: arrest rhythm / pulseless VT or no effective output
      sevOut = 2;
      return !pumping || s.mapMmHg < 25 ? 1 : s.mapMmHg >= 40 ? 0 : 0.5;
    case 19: // hypercapnia: PaCO2 > 45 (references.md PaCO2 ≈ 40)
      sevOut = sev3(s.paco2MmHg > 55, s.paco2MmHg > 70);
      return s.paco2MmHg > 45 ? 1 : s.paco2MmHg <= 43 ? 0 : 0.5;
    case 20: // fever ≥ 38.0 °C (IDSA/SCCM 2008)
      sevOut = sev3(s.coreTempC >= 39, s.coreTempC >= 40);
      return s.coreTempC >= 38 ? 1 : s.coreTempC < 37.8 ? 0 : 0.5;
    case 21: // hypothermia < 35 °C; 32/28 °C grades (Brown 2012 NEJM)
      sevOut = sev3(s.coreTempC < 32, s.coreTempC < 28);
      return s.coreTempC < 35 ? 1 : s.coreTempC >= 35.3 ? 0 : 0.5;
  }
  return 0;
}

export function stepEpisodes(tr: EpisodeTrackerState, ctx: Ctx): void {
  const t = ctx.s.timeS;
  const n = EPISODE_LABELS.length;
  for (let i = 0; i < n; i++) {
    const v = evaluate(i, ctx);
    const openIdx = tr.open[i];
    if (openIdx < 0) {
      if (v === 1) {
        if (tr.pendOn[i] < 0) tr.pendOn[i] = t;
        if (t - tr.pendOn[i] >= MIN_S[i][0]) {
          tr.counter++;
          const ep: TruthEpisode = {
            id: `${EPISODE_LABELS[i]}-${tr.counter}`,
            label: EPISODE_LABELS[i],
            onsetS: tr.pendOn[i],
            offsetS: null,
            severity: SEV[sevOut],
          };
          tr.open[i] = tr.list.length;
          tr.list.push(ep);
          tr.changes.push({ type: 'onset', episode: ep });
          tr.pendOn[i] = -1;
          tr.pendOff[i] = -1;
        }
      } else tr.pendOn[i] = -1;
    } else {
      const ep = tr.list[openIdx];
      if (v === 1 && SEV.indexOf(ep.severity) < sevOut) ep.severity = SEV[sevOut];
      if (v === 0) {
        if (tr.pendOff[i] < 0) tr.pendOff[i] = t;
        if (t - tr.pendOff[i] >= MIN_S[i][1]) {
          ep.offsetS = tr.pendOff[i];
          tr.changes.push({ type: 'offset', episode: ep });
          tr.open[i] = -1;
          tr.pendOff[i] = -1;
        }
      } else tr.pendOff[i] = -1;
    }
  }
}
