/**
 * score = clip((92 − mean SpO2 over the last 10 s) / 4, 0, 1); a finding when the score rises to ≥ 0.5
 * (mean ≤ 90 %), re-armed when it falls below 0.25 (mean > 91 %). Needs 10 valid seconds. The score
 * itself is published each minute as the score stream 'spo2-risk' (manifest `scores`).
 */
import type { BedSecondInput, FindingDraft, ModuleContext, ScoreDraft, SecondAnswer } from '../../../twin-engine/modules-host/contract';

const WINDOW_S = 10;
const SCORE_EVERY_S = 60;

export default function create(_ctx: ModuleContext) {
  const beds = new Map<string, { window: number[]; armed: boolean }>();
  return {
    onSecond(input: BedSecondInput): SecondAnswer {
      let st = beds.get(input.bedId);
      if (!st) beds.set(input.bedId, (st = { window: [], armed: true }));
      const v = input.numerics.spo2Pct;
      st.window.push(typeof v === 'number' ? v : NaN);
      if (st.window.length > WINDOW_S) st.window.shift();
      if (st.window.length < WINDOW_S || st.window.some((x) => x !== x)) return [];
      const mean = st.window.reduce((s, x) => s + x, 0) / WINDOW_S;
      const score = Math.min(1, Math.max(0, (92 - mean) / 4));
      const scores: ScoreDraft[] = input.simTimeS % SCORE_EVERY_S === 0 ? [{ label: 'spo2-risk', value: score }] : [];
      const findings: FindingDraft[] = [];
      if (st.armed && score >= 0.5) {
        st.armed = false;
        findings.push({ label: 'hypoxemia', score, severity: 'medium', message: 'Mean SpO2 over 10 s at or below 90 %' });
      } else if (!st.armed && score < 0.25) st.armed = true;
      return { findings, scores };
    },
  };
}
