/**
 * Truth episodes, computed from the HIDDEN state with hysteresis (separate onset/offset thresholds)
 * and minimum durations. Onset/offset times are back-dated to when the criterion first held.
 * Severity is the worst seen while the episode is open. Thresholds and sources: MODEL.md § Episodes.
 */
import { R } from './electrophysiology';
import type { Ctx } from './model';
import { EPISODE_LABELS, type EpisodeChange, type EpisodeLabel, type EpisodeSeverity, type TruthEpisode } from './types';

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

const SEV: readonly EpisodeSeverity[] = ['mild', 'moderate', 'severe'];
let sevOut = 0;
function sev3(moderate: boolean, severe: boolean): number {
  return severe ? 2 : moderate ? 1 : 0;
}

/** What an episode criterion reads; one scratch object, refilled each step (no allocation). */
interface EpisodeInput {
  s: Ctx['s'];
  x: Ctx['x'];
  e: Ctx['e'];
  pumping: boolean;
  /** Index of the current rhythm in RHYTHMS (compare with R.*). */
  r: number;
}

interface EpisodeDef {
  /** [onset, offset] minimum durations (s): the criterion must hold this long before the change. */
  minS: readonly [number, number];
  /** 1 = onset criterion holds, 0 = offset criterion holds, 0.5 = inside the hysteresis band; sets sevOut. */
  evaluate(q: EpisodeInput): number;
}

/** Every truth episode by label (a label missing here fails the typecheck). */
const EPISODES: Record<EpisodeLabel, EpisodeDef> = {
  // hypotension: MAP < 65 mmHg (SSC 2021 target); off ≥ 70
  hypotension: {
    minS: [60, 60],
    evaluate({ s }) {
      sevOut = sev3(s.mapMmHg < 55, s.mapMmHg < 45);
      return s.mapMmHg < 65 ? 1 : s.mapMmHg >= 70 ? 0 : 0.5;
    },
  },
  // hypoxemia: true SaO2 < 90 % (BTS 2017); off ≥ 92
  hypoxemia: {
    minS: [30, 60],
    evaluate({ s }) {
      sevOut = sev3(s.sao2Pct < 85, s.sao2Pct < 75);
      return s.sao2Pct < 90 ? 1 : s.sao2Pct >= 92 ? 0 : 0.5;
    },
  },
  // tachycardia: HR > 100 (AHA 2020); off ≤ 95
  tachycardia: {
    minS: [30, 30],
    evaluate({ s, pumping }) {
      sevOut = sev3(s.hrBpm > 120, s.hrBpm > 150);
      return pumping && s.hrBpm > 100 ? 1 : !pumping || s.hrBpm <= 95 ? 0 : 0.5;
    },
  },
  // bradycardia: HR < 50 (AHA 2020 bradycardia algorithm); off ≥ 55
  bradycardia: {
    minS: [30, 30],
    evaluate({ s, pumping }) {
      sevOut = sev3(s.hrBpm < 42, s.hrBpm < 35);
      return pumping && s.hrBpm < 50 ? 1 : !pumping || s.hrBpm >= 55 ? 0 : 0.5;
    },
  },
  atrial_fibrillation: {
    minS: [5, 5],
    evaluate({ s, r }) {
      sevOut = sev3(s.hrBpm > 110, s.hrBpm > 150);
      return r === R.af ? 1 : 0;
    },
  },
  atrial_flutter: {
    minS: [5, 5],
    evaluate({ s, r }) {
      sevOut = sev3(s.hrBpm > 110, s.hrBpm > 150);
      return r === R.flutter ? 1 : 0;
    },
  },
  svt: {
    minS: [5, 5],
    evaluate({ s, r }) {
      sevOut = sev3(true, s.mapMmHg < 65);
      return r === R.svt ? 1 : 0;
    },
  },
  av_block: {
    minS: [5, 5],
    evaluate({ r }) {
      sevOut = r === R.av3 ? 2 : r === R.mobitz1 || r === R.mobitz2 ? 1 : 0;
      return r === R.av1 || r === R.mobitz1 || r === R.mobitz2 || r === R.av3 ? 1 : 0;
    },
  },
  ventricular_tachycardia: {
    minS: [3, 5],
    evaluate({ pumping, r }) {
      sevOut = pumping ? 1 : 2;
      return r === R.vt ? 1 : 0;
    },
  },
  ventricular_fibrillation: {
    minS: [3, 5],
    evaluate({ r }) {
      sevOut = 2;
      return r === R.vf ? 1 : 0;
    },
  },
  asystole: {
    minS: [3, 5],
    evaluate({ r }) {
      sevOut = 2;
      return r === R.asystole ? 1 : 0;
    },
  },
  pea: {
    minS: [3, 5],
    evaluate({ r }) {
      sevOut = 2;
      return r === R.pea ? 1 : 0;
    },
  },
  shock: {
    minS: [60, 120],
    evaluate({ s }) {
      // shock: hypotension with hyperlactataemia (Cecconi 2014 ESICM consensus)
      sevOut = sev3(s.lactateMmolL > 4, s.lactateMmolL > 8);
      const hypo = s.mapMmHg < 65 || s.sbpMmHg < 90;
      if (hypo && s.lactateMmolL > 2) return 1;
      return (s.mapMmHg >= 68 && s.sbpMmHg >= 92) || s.lactateMmolL < 1.8 ? 0 : 0.5;
    },
  },
  sepsis: {
    minS: [300, 1800],
    evaluate({ s, x }) {
      // sepsis: infection + acute SOFA rise ≥ 2 (Singer 2016 Sepsis-3)
      const rise = s.sofaScore - x.sofaBaseline;
      sevOut = sev3(rise >= 4, rise >= 6);
      if (s.infectionLoad >= 0.05 && rise >= 2) return 1;
      return s.infectionLoad < 0.02 || rise < 1 ? 0 : 0.5;
    },
  },
  septic_shock: {
    minS: [300, 600],
    evaluate({ s, x, e }) {
      // septic shock: sepsis + vasopressor needed for MAP ≥ 65 + lactate > 2 (Singer 2016). An
      // untreated MAP < 65 counts as a vasopressor requirement.
      const sepsisOpen = s.infectionLoad >= 0.02 && s.sofaScore - x.sofaBaseline >= 2;
      sevOut = sev3(true, s.lactateMmolL > 4);
      const need = e.pressorMcgKgMin > 0 || s.mapMmHg < 65;
      if (sepsisOpen && need && s.lactateMmolL > 2) return 1;
      return !sepsisOpen || s.lactateMmolL < 1.8 || (!need && s.mapMmHg >= 68) ? 0 : 0.5;
    },
  },
  respiratory_failure: {
    minS: [60, 120],
    evaluate({ s }) {
      // respiratory failure: PaO2 < 60 (type 1) or PaCO2 > 50 with pH < 7.35 (type 2) (BTS 2017)
      const t2 = s.paco2MmHg > 50 && s.ph < 7.35;
      sevOut = sev3(s.pao2MmHg < 50 || s.ph < 7.25, s.pao2MmHg < 45 || s.ph < 7.2);
      if (s.pao2MmHg < 60 || t2) return 1;
      return s.pao2MmHg >= 65 && !(s.paco2MmHg > 48 && s.ph < 7.37) ? 0 : 0.5;
    },
  },
  // hypoglycaemia: < 70 level 1, < 54 level 2 (ADA 2024)
  hypoglycemia: {
    minS: [60, 300],
    evaluate({ s }) {
      sevOut = sev3(s.glucoseMgDl < 54, s.glucoseMgDl < 40);
      return s.glucoseMgDl < 70 ? 1 : s.glucoseMgDl >= 80 ? 0 : 0.5;
    },
  },
  // hyperglycaemia: > 180 mg/dL inpatient target (ADA 2024)
  hyperglycemia: {
    minS: [600, 600],
    evaluate({ s }) {
      sevOut = sev3(s.glucoseMgDl > 250, s.glucoseMgDl > 400);
      return s.glucoseMgDl > 180 ? 1 : s.glucoseMgDl <= 170 ? 0 : 0.5;
    },
  },
  // cardiac arrest: arrest rhythm / pulseless VT or no effective output
  cardiac_arrest: {
    minS: [3, 30],
    evaluate({ s, pumping }) {
      sevOut = 2;
      return !pumping || s.mapMmHg < 25 ? 1 : s.mapMmHg >= 40 ? 0 : 0.5;
    },
  },
  // hypercapnia: PaCO2 > 45 (REFERENCES.md#pulse-standard-adult PaCO2 ≈ 40)
  hypercapnia: {
    minS: [60, 120],
    evaluate({ s }) {
      sevOut = sev3(s.paco2MmHg > 55, s.paco2MmHg > 70);
      return s.paco2MmHg > 45 ? 1 : s.paco2MmHg <= 43 ? 0 : 0.5;
    },
  },
  // fever ≥ 38.0 °C (IDSA/SCCM 2008)
  fever: {
    minS: [60, 300],
    evaluate({ s }) {
      sevOut = sev3(s.coreTempC >= 39, s.coreTempC >= 40);
      return s.coreTempC >= 38 ? 1 : s.coreTempC < 37.8 ? 0 : 0.5;
    },
  },
  // hypothermia < 35 °C; 32/28 °C grades (Brown 2012 NEJM)
  hypothermia: {
    minS: [60, 300],
    evaluate({ s }) {
      sevOut = sev3(s.coreTempC < 32, s.coreTempC < 28);
      return s.coreTempC < 35 ? 1 : s.coreTempC >= 35.3 ? 0 : 0.5;
    },
  },
};

// Compiled once to EPISODE_LABELS order, the order onsets are numbered and reported in.
const DEFS: readonly EpisodeDef[] = EPISODE_LABELS.map((l) => EPISODES[l]);
if (new Set(EPISODE_LABELS).size !== Object.keys(EPISODES).length) throw new Error('EPISODE_LABELS must list every episode of EPISODES exactly once');
const input: EpisodeInput = { s: undefined!, x: undefined!, e: undefined!, pumping: false, r: 0 };

export function stepEpisodes(tr: EpisodeTrackerState, ctx: Ctx): void {
  const t = ctx.s.timeS;
  const n = DEFS.length;
  input.s = ctx.s;
  input.x = ctx.x;
  input.e = ctx.e;
  input.pumping = ctx.x.pumping > 0;
  input.r = ctx.x.rhythmIndex;
  for (let i = 0; i < n; i++) {
    const v = DEFS[i].evaluate(input);
    const openIdx = tr.open[i];
    if (openIdx < 0) {
      if (v === 1) {
        if (tr.pendOn[i] < 0) tr.pendOn[i] = t;
        if (t - tr.pendOn[i] >= DEFS[i].minS[0]) {
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
        if (t - tr.pendOff[i] >= DEFS[i].minS[1]) {
          ep.offsetS = tr.pendOff[i];
          tr.changes.push({ type: 'offset', episode: ep });
          tr.open[i] = -1;
          tr.pendOff[i] = -1;
        }
      } else tr.pendOff[i] = -1;
    }
  }
}
