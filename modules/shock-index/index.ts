/**
 * Shock index = HR / SBP (Allgöwer & Burri 1967); normal 0.5–0.7, > 0.9 elevated, ≥ 1.0 significant
 * (docs/REFERENCES.md#shock-index). Arterial-line systolic when present, else the last
 * NIBP. One finding when the index reaches 1.0 (sustained 30 s); re-armed below 0.9 (hysteresis).
 */
import type { BedSecondInput, FindingDraft } from '../../twin-engine/modules-host/contract';

const SUSTAIN_S = 30;
export const shockIndex = (hrBpm: number, sbpMmHg: number) => hrBpm / sbpMmHg;

export default function create() {
  const beds = new Map<string, { raised: boolean; aboveS: number }>();
  return {
    onSecond(input: BedSecondInput): FindingDraft[] {
      let b = beds.get(input.bedId);
      if (!b) beds.set(input.bedId, (b = { raised: false, aboveS: 0 }));
      const n = input.numerics;
      const sbp = n.artSysMmHg ?? n.nibpSysMmHg ?? null;
      const hr = n.hrBpm ?? n.prBpm ?? null;
      if (sbp === null || hr === null || sbp <= 0) return [];
      const si = shockIndex(hr, sbp);
      b.aboveS = si >= 1.0 ? b.aboveS + 1 : 0;
      if (!b.raised && b.aboveS >= SUSTAIN_S) {
        b.raised = true;
        return [{
          label: 'shock',
          score: Math.min(1, si / 1.4),
          severity: si >= 1.3 ? 'high' : 'medium',
          message: `Shock index ${si.toFixed(2)} (HR ${Math.round(hr)} / SBP ${Math.round(sbp)})`,
          evidence: { shockIndex: Math.round(si * 100) / 100, hrBpm: hr, sbpMmHg: sbp },
        }];
      }
      if (b.raised && si < 0.9) b.raised = false;
      return [];
    },
  };
}
