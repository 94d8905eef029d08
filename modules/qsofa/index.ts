/**
 * qSOFA from the monitor: 60-s medians of RR and systolic BP. Mentation cannot be observed, so it never
 * scores and the module is positive only when both RR ≥ 22 and SBP ≤ 100 hold (a sensitivity loss the
 * model card states). A finding when it turns positive, repeated every params.repeatS (default 900 s)
 * while it stays positive (a finding is an instant: modules/README.md § Persistent conditions); re-armed
 * after 5 min negative. The points (0–3) are published each minute as the score stream 'qsofa'
 * (evaluated as points / 3).
 */
import type { BedSecondInput, ModuleContext, SecondAnswer } from '../../twin-engine/modules-host/contract';
import { qsofa } from './qsofa';

const WINDOW_S = 60;
const REARM_S = 300;
const SCORE_EVERY_S = 60;

function median(a: number[]): number {
  const v = a.filter((x) => x === x).sort((x, y) => x - y);
  if (v.length < a.length / 2) return NaN;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

export default function create(ctx?: ModuleContext) {
  const repeatS = Number(ctx?.params.repeatS ?? 900);
  const beds = new Map<string, { rr: number[]; sbp: number[]; fired: boolean; negativeS: number; lastS: number }>();
  return {
    onSecond(input: BedSecondInput): SecondAnswer {
      let b = beds.get(input.bedId);
      if (!b) beds.set(input.bedId, (b = { rr: [], sbp: [], fired: false, negativeS: 0, lastS: 0 }));
      const n = input.numerics;
      b.rr.push(typeof n.rrBpm === 'number' ? n.rrBpm : NaN);
      const sbp = n.artSysMmHg ?? n.nibpSysMmHg;
      b.sbp.push(typeof sbp === 'number' ? sbp : NaN);
      if (b.rr.length > WINDOW_S) b.rr.shift();
      if (b.sbp.length > WINDOW_S) b.sbp.shift();
      if (b.rr.length < WINDOW_S) return [];
      const rr = median(b.rr);
      const s = median(b.sbp);
      if (rr !== rr || s !== s) return [];
      const q = qsofa({ rrBpm: rr, sbpMmHg: s, alteredMentation: false });
      const scores = input.simTimeS % SCORE_EVERY_S === 0 ? [{ label: 'qsofa', value: q.points }] : [];
      const rise = q.positive && !b.fired;
      if (rise || (q.positive && input.simTimeS - b.lastS >= repeatS)) {
        b.fired = true;
        b.negativeS = 0;
        b.lastS = input.simTimeS;
        return { scores, findings: [{
          label: 'sepsis',
          score: q.points / 3,
          severity: 'medium',
          message: `qSOFA ${q.points}/3 (RR ${Math.round(rr)}/min, SBP ${Math.round(s)} mmHg; mentation not observed${rise ? '' : '; persisting'})`,
          evidence: { qsofa: q.points, rrBpm: rr, sbpMmHg: s },
        }] };
      }
      if (!q.positive && b.fired && ++b.negativeS >= REARM_S) b.fired = false;
      if (q.positive) b.negativeS = 0; // the 5 min negative must be consecutive
      return { scores };
    },
  };
}
