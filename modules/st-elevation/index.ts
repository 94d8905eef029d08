/**
 * ST-elevation detector on ECG II: Pan–Tompkins beats (pan-tompkins.ts, shared with qrs-pan-tompkins),
 * per-beat ST deviation (st.ts), median of the last 16 beats ≥ params.thresholdMm (default 1 mm, the
 * limb-lead STEMI threshold of the Fourth Universal Definition of MI) for 30 s → an 'st_elevation'
 * finding, repeated every params.repeatS (default 900 s) while the condition persists, i.e. until the
 * median falls below half the threshold (hysteresis), which re-arms (a finding is an instant:
 * modules/README.md § Persistent conditions). One lead only: the two-contiguous-leads criterion cannot
 * be applied.
 */
import type { BedSecondInput, FindingDraft, ModuleContext } from '../../twin-engine/modules-host/contract';
import { PanTompkins } from './pan-tompkins';
import { SampleHistory, stDeviationMm } from './st';

const BEATS = 16;
const SUSTAIN_S = 30;

export default function create(ctx: ModuleContext) {
  const thresholdMm = Number(ctx.params.thresholdMm ?? 1);
  const repeatS = Number(ctx.params.repeatS ?? 900);
  const beds = new Map<string, { det: PanTompkins; hist: SampleHistory; st: number[]; run: number; fired: boolean; lastR: number; lastS: number }>();
  return {
    onSecond(input: BedSecondInput): FindingDraft[] {
      const w = input.waveforms.ecg_ii;
      if (!w) return [];
      let b = beds.get(input.bedId);
      if (!b) beds.set(input.bedId, (b = { det: new PanTompkins(w.sampleRateHz), hist: new SampleHistory(w.sampleRateHz), st: [], run: 0, fired: false, lastR: NaN, lastS: 0 }));
      b.hist.push(w.samples, w.t0S);
      for (const r of b.det.feed(w.samples, w.t0S)) {
        const rr = r - b.lastR;
        b.lastR = r;
        const d = stDeviationMm(b.hist, r, rr === rr ? rr : 0.8);
        if (d === d) b.st.push(d);
      }
      if (b.st.length > BEATS) b.st.splice(0, b.st.length - BEATS);
      if (b.st.length < BEATS) return [];
      const med = [...b.st].sort((x, y) => x - y)[BEATS >> 1];
      b.run = med >= thresholdMm ? b.run + 1 : 0;
      if (b.fired && med < thresholdMm / 2) b.fired = false;
      const rise = !b.fired && b.run >= SUSTAIN_S;
      if (rise || (b.fired && input.simTimeS - b.lastS >= repeatS)) {
        b.fired = true;
        b.lastS = input.simTimeS;
        return [{
          label: 'st_elevation',
          score: Math.min(1, med / (2 * thresholdMm)),
          severity: med >= 2 * thresholdMm ? 'high' : 'medium',
          message: `ST elevation ${med.toFixed(1)} mm in lead II (median of ${BEATS} beats): consider STEMI, get a 12-lead ECG${rise ? '' : ' (persisting)'}`,
          evidence: { stMm: Math.round(med * 10) / 10 },
        }];
      }
      return [];
    },
  };
}
