/**
 * Hypoxaemia alert from SpO2: median SpO2 of the last 15 s below 90 % (BTS 2017 guideline: < 90 % needs
 * urgent assessment; the truth's hypoxemia onset is SaO2 < 90 %). Severity by depth (< 85 high).
 * Repeated every params.repeatS (default 900 s) while the median stays below 90 % (a finding is an instant:
 * modules/README.md § Persistent conditions); re-armed after 30 s at ≥ 92 %. Waits through
 * probe-off/dropout (null) rather than guessing.
 */
import type { BedSecondInput, FindingDraft, ModuleContext } from '../../twin-engine/modules-host/contract';

const WINDOW_S = 15;
const REARM_S = 30;

export default function create(ctx?: ModuleContext) {
  const repeatS = Number(ctx?.params.repeatS ?? 900);
  const beds = new Map<string, { w: number[]; fired: boolean; okS: number; lastS: number }>();
  return {
    onSecond(input: BedSecondInput): FindingDraft[] {
      let b = beds.get(input.bedId);
      if (!b) beds.set(input.bedId, (b = { w: [], fired: false, okS: 0, lastS: 0 }));
      const s = input.numerics.spo2Pct;
      if (typeof s !== 'number') return [];
      b.w.push(s);
      if (b.w.length > WINDOW_S) b.w.shift();
      if (b.w.length < WINDOW_S) return [];
      const med = [...b.w].sort((x, y) => x - y)[WINDOW_S >> 1];
      const rise = !b.fired && med < 90;
      if (rise || (med < 90 && input.simTimeS - b.lastS >= repeatS)) {
        b.fired = true;
        b.okS = 0;
        b.lastS = input.simTimeS;
        return [{
          label: 'hypoxemia',
          score: Math.min(1, (94 - med) / 14),
          severity: med < 85 ? 'high' : 'medium',
          message: `SpO2 ${med} % (median of 15 s) below 90 %${rise ? '' : ', persisting'}`,
          evidence: { spo2MedianPct: med },
        }];
      }
      if (b.fired) b.okS = med >= 92 ? b.okS + 1 : 0;
      if (b.fired && b.okS >= REARM_S) b.fired = false;
      return [];
    },
  };
}
