/**
 * Shock index = HR / SBP (Allgöwer & Burri 1967); normal 0.5–0.7, > 0.9 elevated, ≥ 1.0 significant
 * (docs/REFERENCES.md#shock-index; the 0.7 and 1.0 cut-offs in ED sepsis: docs/REFERENCES.md#berger-2013). Arterial-line systolic when present, else the last
 * NIBP. A finding when the index reaches 1.0 (sustained 30 s), repeated every params.repeatS (default
 * 900 s) while the condition persists, i.e. until the index falls below 0.9 (hysteresis), which re-arms.
 * A finding is an instant: without the repeat, an index raised by early tachycardia hours before the
 * shock episode would leave that episode without a finding (modules/README.md § Persistent conditions).
 * Each minute the median index of the last 60 s, capped at 2.5, is published as the score stream
 * 'shock-index' (evaluated as index / 2.5).
 */
import type { BedSecondInput, FindingDraft, ModuleContext, SecondAnswer } from '../../twin-engine/modules-host/contract';

const SUSTAIN_S = 30;
const SCORE_EVERY_S = 60;
/** Top of the published scale: indices above it (HR 150 / SBP 60) are all "profound shock". */
const SCORE_MAX = 2.5;

function median(a: number[]): number {
  const v = [...a].sort((x, y) => x - y);
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}
export const shockIndex = (hrBpm: number, sbpMmHg: number) => hrBpm / sbpMmHg;

export default function create(ctx?: ModuleContext) {
  const repeatS = Number(ctx?.params.repeatS ?? 900);
  const beds = new Map<string, { raised: boolean; aboveS: number; recent: number[]; lastS: number }>();
  return {
    onSecond(input: BedSecondInput): SecondAnswer {
      let b = beds.get(input.bedId);
      if (!b) beds.set(input.bedId, (b = { raised: false, aboveS: 0, recent: [], lastS: 0 }));
      const n = input.numerics;
      const sbp = n.artSysMmHg ?? n.nibpSysMmHg ?? null;
      const hr = n.hrBpm ?? n.prBpm ?? null;
      if (sbp === null || hr === null || sbp <= 0) return [];
      const si = shockIndex(hr, sbp);
      b.recent.push(si);
      if (b.recent.length > SCORE_EVERY_S) b.recent.shift();
      const scores = input.simTimeS % SCORE_EVERY_S === 0 ? [{ label: 'shock-index', value: Math.min(SCORE_MAX, median(b.recent)) }] : [];
      b.aboveS = si >= 1.0 ? b.aboveS + 1 : 0;
      if (b.raised && si < 0.9) b.raised = false;
      const first = !b.raised && b.aboveS >= SUSTAIN_S;
      if (first || (b.raised && input.simTimeS - b.lastS >= repeatS)) {
        b.raised = true;
        b.lastS = input.simTimeS;
        const f: FindingDraft = {
          label: 'shock',
          score: Math.min(1, si / 1.4),
          severity: si >= 1.3 ? 'high' : 'medium',
          message: `Shock index ${si.toFixed(2)} (HR ${Math.round(hr)} / SBP ${Math.round(sbp)})${first ? '' : ', persisting'}`,
          evidence: { shockIndex: Math.round(si * 100) / 100, hrBpm: hr, sbpMmHg: sbp },
        };
        return { scores, findings: [f] };
      }
      return { scores };
    },
  };
}
