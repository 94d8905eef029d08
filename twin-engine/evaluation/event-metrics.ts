/**
 * Event-level scoring: which truth episodes an alert source detected, which alerts were true, how
 * early, and what the alerts cost in burden. Definitions: METRICS.md §§ Event level, Timing, Burden.
 * Per-patient summaries come first so that the bootstrap can resample patients cheaply.
 */
import { bootstrap, median, quantile, sum, wilson } from './stats';
import type { Estimate, EvalAlert, EvalEpisode, PatientRecord, ScoringOptions } from './types';

export type AlertSource = 'module' | 'monitor';

/** One patient's counts for one alert source. */
export interface PatientEventSummary {
  hours: number;
  /** Target episodes, detected episodes and latencies (s; negative = before onset), pooled over targets. */
  episodes: number;
  detected: number;
  latenciesS: number[];
  /** Alerts carrying a target label that fell inside / outside a window of that label (per label). */
  tp: number;
  fp: number;
  /** Burden over every alert, whatever its label. */
  alerts: number;
  falseAlerts: number;
  technical: number;
  /** Seconds with at least one alarm showing (null for point findings). */
  alarmS: number | null;
  perLabel: Record<string, { episodes: number; detected: number; tp: number; fp: number; latenciesS: number[] }>;
  /** The cases behind sensitivity and PPV: target episodes no alert detected, and target-label alerts outside every window. */
  missed: { label: string; onsetS: number }[];
  falsePositives: { label: string; tS: number }[];
  /** The alerts counted in `falseAlerts` (near no episode of any label they claim): the false alarms a bedside team sees, with their code ('SPO2_LOW', 'shock') so a debrief can name them. */
  falseAlertList: { tS: number; code: string }[];
}

/** The detection window of an episode: [onset − early, end + late], end = offset or the end of the record. */
export function episodeWindow(ep: EvalEpisode, durationS: number, o: Pick<ScoringOptions, 'earlyS' | 'lateS'>): [number, number] {
  return [ep.onsetS - o.earlyS, (ep.offsetS ?? durationS) + o.lateS];
}

function inAnyWindow(t: number, wins: readonly [number, number][]): boolean {
  for (const [a, b] of wins) if (t >= a && t <= b) return true;
  return false;
}

export function alertsOf(r: PatientRecord, source: AlertSource): EvalAlert[] {
  return source === 'module' ? r.module : r.monitor;
}

export function summarisePatient(r: PatientRecord, source: AlertSource, o: ScoringOptions): PatientEventSummary {
  const alerts = [...alertsOf(r, source)].sort((a, b) => a.tS - b.tS);
  const s: PatientEventSummary = { hours: r.durationS / 3600, episodes: 0, detected: 0, latenciesS: [], tp: 0, fp: 0, alerts: 0, falseAlerts: 0, technical: 0, alarmS: null, perLabel: {}, missed: [], falsePositives: [], falseAlertList: [] };
  const windowsByLabel = new Map<string, [number, number][]>();
  for (const ep of r.episodes) {
    const w = windowsByLabel.get(ep.label) ?? [];
    w.push(episodeWindow(ep, r.durationS, o));
    windowsByLabel.set(ep.label, w);
  }
  for (const label of o.targets) {
    const pl = { episodes: 0, detected: 0, tp: 0, fp: 0, latenciesS: [] as number[] };
    const mine = alerts.filter((a) => a.labels.includes(label) && !a.technical);
    for (const ep of r.episodes) {
      if (ep.label !== label) continue;
      pl.episodes++;
      const [a, b] = episodeWindow(ep, r.durationS, o);
      const first = mine.find((x) => x.tS >= a && x.tS <= b);
      if (first) {
        pl.detected++;
        pl.latenciesS.push(first.tS - ep.onsetS);
      } else s.missed.push({ label, onsetS: ep.onsetS });
    }
    const wins = windowsByLabel.get(label) ?? [];
    for (const x of mine) {
      if (inAnyWindow(x.tS, wins)) pl.tp++;
      else {
        pl.fp++;
        s.falsePositives.push({ label, tS: x.tS });
      }
    }
    s.perLabel[label] = pl;
    s.episodes += pl.episodes;
    s.detected += pl.detected;
    s.tp += pl.tp;
    s.fp += pl.fp;
    s.latenciesS.push(...pl.latenciesS);
  }
  for (const x of alerts) {
    s.alerts++;
    if (x.technical) s.technical++;
    else if (x.informational) continue;
    else if (!x.labels.some((l) => inAnyWindow(x.tS, windowsByLabel.get(l) ?? []))) {
      s.falseAlerts++;
      s.falseAlertList.push({ tS: x.tS, code: x.code });
    }
  }
  if (source === 'monitor') s.alarmS = unionSeconds(alerts, r.durationS);
  return s;
}

/** Length of the union of [tS, endS) intervals clipped to [0, durationS]. */
export function unionSeconds(alerts: readonly EvalAlert[], durationS: number): number {
  const iv = alerts
    .map((a) => [Math.max(0, a.tS), Math.min(durationS, a.endS ?? durationS)] as [number, number])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let total = 0;
  let curA = -Infinity;
  let curB = -Infinity;
  for (const [a, b] of iv) {
    if (a > curB) {
      if (curB > curA) total += curB - curA;
      curA = a;
      curB = b;
    } else if (b > curB) curB = b;
  }
  if (curB > curA) total += curB - curA;
  return total;
}

export interface EventMetrics {
  episodes: number;
  detected: number;
  alerts: number;
  sensitivity: Estimate;
  ppv: Estimate;
  f1: Estimate;
  latencyMedianS: Estimate;
  latencyP90S: Estimate;
  /** Share of all target episodes detected with latency ≤ N s (N from withinS; 0 = at or before onset). */
  detectedWithin: { withinS: number; share: Estimate }[];
  falseAlarmsPerPatientHour: Estimate;
  alarmsPerBedPerDay: Estimate;
  technicalAlarms: number;
  timeInAlarmFraction: number | null;
  patientHours: number;
  perLabel: Record<string, { episodes: number; detected: number; tp: number; fp: number; sensitivity: Estimate; ppv: Estimate; latencyMedianS: number | null }>;
}

const f1Of = (se: number | null, ppv: number | null): number | null =>
  se === null || ppv === null ? null : se + ppv === 0 ? 0 : (2 * se * ppv) / (se + ppv);

/** Aggregate patient summaries (in patient order) into cohort metrics with intervals. */
export function aggregateEvents(ps: readonly PatientEventSummary[], o: ScoringOptions, seedSalt = 0): EventMetrics {
  const episodes = sum(ps.map((p) => p.episodes));
  const detected = sum(ps.map((p) => p.detected));
  const tp = sum(ps.map((p) => p.tp));
  const fp = sum(ps.map((p) => p.fp));
  const hours = sum(ps.map((p) => p.hours));
  const alerts = sum(ps.map((p) => p.alerts));
  const falseAlerts = sum(ps.map((p) => p.falseAlerts));
  const lat = ps.flatMap((p) => p.latenciesS);
  const se = wilson(detected, episodes, o.confidence);
  const ppv = wilson(tp, tp + fp, o.confidence);
  const bo = { B: o.bootstrapB, seed: (o.seed ^ seedSalt) >>> 0, confidence: o.confidence };
  const pick = (idx: Int32Array, f: (p: PatientEventSummary) => number) => {
    let s = 0;
    for (let i = 0; i < idx.length; i++) s += f(ps[idx[i]]);
    return s;
  };
  const pickLat = (idx: Int32Array) => {
    const out: number[] = [];
    for (let i = 0; i < idx.length; i++) for (const v of ps[idx[i]].latenciesS) out.push(v);
    return out;
  };
  const f1 = f1Of(se.value, ppv.value);
  const f1Ci = bootstrap(ps.length, (idx) => {
    const e = pick(idx, (p) => p.episodes);
    const t = pick(idx, (p) => p.tp);
    const f = pick(idx, (p) => p.fp);
    return f1Of(e ? pick(idx, (p) => p.detected) / e : null, t + f ? t / (t + f) : null);
  }, bo);
  const medCi = bootstrap(ps.length, (idx) => median(pickLat(idx)), { ...bo, seed: bo.seed + 1 });
  const p90Ci = bootstrap(ps.length, (idx) => quantile(pickLat(idx), 0.9), { ...bo, seed: bo.seed + 2 });
  const rate = (num: (p: PatientEventSummary) => number, scale: number, salt: number): Estimate => {
    const n = sum(ps.map(num));
    if (hours === 0) return { value: null, lo: null, hi: null, n, d: 0, method: 'bootstrap' };
    const ci = bootstrap(ps.length, (idx) => {
      const h = pick(idx, (p) => p.hours);
      return h > 0 ? (pick(idx, num) / h) * scale : null;
    }, { ...bo, seed: bo.seed + salt });
    return { value: (n / hours) * scale, lo: ci.lo, hi: ci.hi, n, d: hours, method: 'cluster bootstrap (patients)' };
  };
  const alarmS = ps.every((p) => p.alarmS === null) ? null : sum(ps.map((p) => p.alarmS ?? 0));
  const perLabel: EventMetrics['perLabel'] = {};
  for (const label of o.targets) {
    const rows = ps.map((p) => p.perLabel[label]).filter((x) => x !== undefined);
    const e = sum(rows.map((r) => r.episodes));
    const d = sum(rows.map((r) => r.detected));
    const t = sum(rows.map((r) => r.tp));
    const f = sum(rows.map((r) => r.fp));
    perLabel[label] = { episodes: e, detected: d, tp: t, fp: f, sensitivity: wilson(d, e, o.confidence), ppv: wilson(t, t + f, o.confidence), latencyMedianS: median(rows.flatMap((r) => r.latenciesS)) };
  }
  return {
    episodes,
    detected,
    alerts,
    sensitivity: se,
    ppv,
    f1: { value: f1, lo: f1Ci.lo, hi: f1Ci.hi, method: 'cluster bootstrap (patients)' },
    latencyMedianS: { value: median(lat), lo: medCi.lo, hi: medCi.hi, n: lat.length, method: 'cluster bootstrap (patients)' },
    latencyP90S: { value: quantile(lat, 0.9), lo: p90Ci.lo, hi: p90Ci.hi, n: lat.length, method: 'cluster bootstrap (patients)' },
    detectedWithin: o.withinS.map((w) => ({ withinS: w, share: wilson(lat.filter((l) => l <= w).length, episodes, o.confidence) })),
    falseAlarmsPerPatientHour: rate((p) => p.falseAlerts, 1, 3),
    alarmsPerBedPerDay: rate((p) => p.alerts, 24, 4),
    technicalAlarms: sum(ps.map((p) => p.technical)),
    timeInAlarmFraction: alarmS === null || hours === 0 ? null : alarmS / (hours * 3600),
    patientHours: hours,
    perLabel,
  };
}
