/**
 * NEWS2 from the bedside monitor. Every parameter is the median of the last 60 s (NEWS2 is designed for
 * intermittent observations; a 1-Hz value would flicker). Consciousness is NOT observable from the
 * monitor: it is scored Alert (0), so this is a lower bound of the true NEWS2 — the finding says so.
 * Oxygen comes from 'oxygen' intervention events; scale 2 beds are listed in params.scale2Beds.
 * A finding when the Chart 2 response band rises to low–medium (a single red score), medium (5–6) or
 * high (≥ 7) (RANK), repeated every params.repeatS (default 900 s) while the band stays at low–medium or
 * above, with the band of that moment; re-armed once back in the low band with a total ≤ 2. A finding is
 * an instant: a band reached hours before an episode must be re-reported or that episode counts as missed
 * (modules/README.md § Persistent conditions).
 * Beside the findings, the NEWS2 total is published each minute as the score stream 'news2' (0–20 points;
 * evaluation reads it as points / 20), so AUROC and calibration are computed from the score, not from
 * the rising-band findings (evaluation/METRICS.md § Score streams).
 */
import type { BedSecondInput, FindingDraft, ModuleContext, SecondAnswer } from '../../twin-engine/modules-host/contract';
import { news2, type News2Result } from './news2';

const WINDOW_S = 60;
/** Seconds between published score values (the host's minimum interval). */
const SCORE_EVERY_S = 60;
/** Bands that produce a finding; 'low-medium' (a single red score) asks for an urgent ward review. */
const RANK: Record<News2Result['response'], number> = { none: 0, low: 0, 'low-medium': 1, medium: 2, high: 3 };
const SEVERITY = ['info', 'low', 'medium', 'high'] as const;

interface Bed {
  hist: Record<'rr' | 'spo2' | 'sbp' | 'hr' | 'temp', number[]>;
  onOxygen: boolean;
  reported: number;
  /** Simulated time of the last finding. */
  lastS: number;
}

function median(a: number[]): number {
  const v = a.filter((x) => x === x).sort((x, y) => x - y);
  if (v.length < a.length / 2) return NaN; // mostly missing: no score
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

export default function create(ctx: ModuleContext) {
  const repeatS = Number(ctx.params.repeatS ?? 900);
  const scale2 = new Set((ctx.params.scale2Beds as string[] | undefined) ?? []);
  const beds = new Map<string, Bed>();
  return {
    onSecond(input: BedSecondInput): SecondAnswer {
      let b = beds.get(input.bedId);
      if (!b) beds.set(input.bedId, (b = { hist: { rr: [], spo2: [], sbp: [], hr: [], temp: [] }, onOxygen: false, reported: 0, lastS: 0 }));
      for (const e of input.events) {
        if (e.kind === 'intervention' && e.intervention === 'oxygen') {
          const d = e.detail as { flowLPerMin?: number; fio2?: number; stop?: boolean } | null;
          b.onOxygen = !(d && (d.stop === true || d.flowLPerMin === 0 || d.fio2 === 0.21));
        }
      }
      const n = input.numerics;
      const val = (x: number | null | undefined) => (typeof x === 'number' ? x : NaN);
      const push = (k: keyof Bed['hist'], x: number) => {
        const h = b!.hist[k];
        h.push(x);
        if (h.length > WINDOW_S) h.shift();
      };
      push('rr', val(n.rrBpm));
      push('spo2', val(n.spo2Pct));
      push('sbp', val(n.artSysMmHg ?? n.nibpSysMmHg));
      push('hr', val(n.hrBpm ?? n.prBpm));
      push('temp', val(n.tempC));
      if (b.hist.rr.length < WINDOW_S) return [];
      const m = { rr: median(b.hist.rr), spo2: median(b.hist.spo2), sbp: median(b.hist.sbp), hr: median(b.hist.hr), temp: median(b.hist.temp) };
      if (Object.values(m).some((x) => x !== x)) return [];
      const r = news2({ rrBpm: m.rr, spo2Pct: m.spo2, onOxygen: b.onOxygen, sbpMmHg: m.sbp, hrBpm: m.hr, consciousness: 'A', tempC: m.temp, scale2: scale2.has(input.bedId) });
      const rank = RANK[r.response];
      const scores = input.simTimeS % SCORE_EVERY_S === 0 ? [{ label: 'news2', value: r.total }] : [];
      const findings: FindingDraft[] = [];
      const rise = rank > b.reported;
      if (rise || (rank > 0 && input.simTimeS - b.lastS >= repeatS)) {
        b.reported = Math.max(b.reported, rank);
        b.lastS = input.simTimeS;
        const p = r.parts;
        findings.push({
          label: 'sepsis',
          score: Math.min(1, r.total / 20),
          severity: SEVERITY[rank],
          message: `NEWS2 ≥ ${r.total} (${r.response} clinical response${rise ? '' : ', persisting'}; consciousness not observed, scored Alert)`,
          evidence: { news2: r.total, rr: p.rr, spo2: p.spo2, air: p.air, sbp: p.sbp, hr: p.hr, temp: p.temp, red: r.red },
        });
      } else if (rank === 0 && r.total <= 2) b.reported = 0; // re-armed only back in the low band
      return { findings, scores };
    },
  };
}
