/**
 * Subgroup breakdowns (METRICS.md § Fairness): every event metric by sex, age band, Monk skin-tone
 * group and comorbidity, each group compared with the rest of the cohort. A gap is flagged when its
 * interval excludes 0; groups with fewer than MIN_EPISODES target episodes are marked low-power
 * because their sensitivity interval is too wide to mean much.
 */
import { Prng } from '../util/prng';
import { median, newcombeDiff, quantile, sum, wilson } from './stats';
import type { PatientEventSummary } from './event-metrics';
import type { Estimate, PatientProfileLite, ScoringOptions } from './types';

export const MIN_EPISODES = 10;

interface GroupDef {
  key: string;
  test: (p: PatientProfileLite) => boolean;
}

export const FACTORS: readonly { factor: string; groups: readonly GroupDef[] }[] = [
  { factor: 'sex', groups: [{ key: 'female', test: (p) => p.sex === 'female' }, { key: 'male', test: (p) => p.sex === 'male' }] },
  {
    factor: 'age_band',
    groups: [
      { key: '18-44', test: (p) => p.ageY < 45 },
      { key: '45-64', test: (p) => p.ageY >= 45 && p.ageY < 65 },
      { key: '65-79', test: (p) => p.ageY >= 65 && p.ageY < 80 },
      { key: '80+', test: (p) => p.ageY >= 80 },
    ],
  },
  {
    factor: 'skin_tone',
    groups: [
      { key: 'monk_1-4', test: (p) => p.skinToneMonk <= 4 },
      { key: 'monk_5-7', test: (p) => p.skinToneMonk >= 5 && p.skinToneMonk <= 7 },
      { key: 'monk_8-10', test: (p) => p.skinToneMonk >= 8 },
    ],
  },
  {
    factor: 'comorbidity',
    groups: [
      { key: 'none', test: (p) => p.comorbidities.length === 0 },
      ...(['copd', 'heart_failure', 'diabetes', 'ckd'] as const).map((c) => ({ key: c, test: (p: PatientProfileLite) => p.comorbidities.includes(c) })),
    ],
  },
];

export interface GroupRow {
  factor: string;
  group: string;
  patients: number;
  episodes: number;
  sensitivity: Estimate;
  ppv: Estimate;
  falseAlarmsPerPatientHour: number | null;
  latencyMedianS: number | null;
  gaps: {
    sensitivity: Estimate;
    ppv: Estimate;
    falseAlarmsPerPatientHour: Estimate;
    latencyMedianS: Estimate;
  };
  flagged: string[];
  lowPower: boolean;
}

const faRate = (ps: readonly PatientEventSummary[]) => {
  const h = sum(ps.map((p) => p.hours));
  return h > 0 ? sum(ps.map((p) => p.falseAlerts)) / h : null;
};
const latMed = (ps: readonly PatientEventSummary[]) => median(ps.flatMap((p) => p.latenciesS));

/** Percentile-bootstrap interval of stat(group) − stat(rest), resampling each side independently. */
function diffBootstrap(g: readonly PatientEventSummary[], r: readonly PatientEventSummary[], stat: (ps: readonly PatientEventSummary[]) => number | null, o: ScoringOptions, salt: number): Estimate {
  const a = stat(g);
  const b = stat(r);
  if (a === null || b === null) return { value: null, lo: null, hi: null, method: 'bootstrap' };
  const rng = new Prng((o.seed ^ salt) >>> 0);
  const out: number[] = [];
  const draw = (ps: readonly PatientEventSummary[]) => Array.from({ length: ps.length }, () => ps[Math.floor(rng.next() * ps.length)]);
  for (let k = 0; k < o.bootstrapB; k++) {
    const x = stat(draw(g));
    const y = stat(draw(r));
    if (x !== null && y !== null) out.push(x - y);
  }
  const alpha = (1 - o.confidence) / 2;
  return { value: a - b, lo: quantile(out, alpha), hi: quantile(out, 1 - alpha), method: 'bootstrap (group vs rest)' };
}

const excludesZero = (e: Estimate) => e.lo !== null && e.hi !== null && (e.lo > 0 || e.hi < 0);

export function fairnessTable(profiles: readonly PatientProfileLite[], ps: readonly PatientEventSummary[], o: ScoringOptions, salt = 0): GroupRow[] {
  const rows: GroupRow[] = [];
  let gi = 0;
  for (const f of FACTORS) {
    for (const g of f.groups) {
      gi++;
      const inG = profiles.map((p) => g.test(p));
      const G = ps.filter((_, i) => inG[i]);
      const R = ps.filter((_, i) => !inG[i]);
      const ep = (xs: readonly PatientEventSummary[]) => sum(xs.map((p) => p.episodes));
      const det = (xs: readonly PatientEventSummary[]) => sum(xs.map((p) => p.detected));
      const tp = (xs: readonly PatientEventSummary[]) => sum(xs.map((p) => p.tp));
      const al = (xs: readonly PatientEventSummary[]) => sum(xs.map((p) => p.tp + p.fp));
      const gaps = {
        sensitivity: newcombeDiff(det(G), ep(G), det(R), ep(R), o.confidence),
        ppv: newcombeDiff(tp(G), al(G), tp(R), al(R), o.confidence),
        falseAlarmsPerPatientHour: diffBootstrap(G, R, faRate, o, (salt + 7919 * gi) >>> 0),
        latencyMedianS: diffBootstrap(G, R, latMed, o, (salt + 104729 * gi) >>> 0),
      };
      rows.push({
        factor: f.factor,
        group: g.key,
        patients: G.length,
        episodes: ep(G),
        sensitivity: wilson(det(G), ep(G), o.confidence),
        ppv: wilson(tp(G), al(G), o.confidence),
        falseAlarmsPerPatientHour: faRate(G),
        latencyMedianS: latMed(G),
        gaps,
        flagged: (Object.keys(gaps) as (keyof typeof gaps)[]).filter((k) => excludesZero(gaps[k])),
        lowPower: ep(G) < MIN_EPISODES,
      });
    }
  }
  return rows;
}
