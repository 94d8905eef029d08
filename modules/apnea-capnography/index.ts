/**
 * Apnoea from the capnogram (25 Hz CO2 waveform): a breath is an expiratory upstroke crossing 10 mmHg
 * from below 5 mmHg (hysteresis); apnoea = no breath for ≥ 20 s (the usual adult definition, e.g. AASM
 * scoring manual for events ≥ 10 s; monitors default to 20–30 s). Gaps (NaN) pause the clock: no
 * signal is not taken as no breathing. A finding when the apnoea reaches params.apneaS, repeated every
 * params.repeatS (default 900 s) of continued apnoea (a finding is an instant: modules/README.md
 * § Persistent conditions); re-armed by the next breath.
 */
import type { BedSecondInput, FindingDraft, ModuleContext } from '../../twin-engine/modules-host/contract';

export const CO2_HIGH_MMHG = 10;
export const CO2_LOW_MMHG = 5;

export class BreathClock {
  high = false;
  sinceBreathS = 0;
  breaths = 0;
  /** Feed samples; returns seconds since the last breath. */
  feed(samples: Float32Array, rateHz: number): number {
    for (let i = 0; i < samples.length; i++) {
      const x = samples[i];
      if (x !== x) continue;
      this.sinceBreathS += 1 / rateHz;
      if (!this.high && x >= CO2_HIGH_MMHG) {
        this.high = true;
        this.breaths++;
        this.sinceBreathS = 0;
      } else if (this.high && x < CO2_LOW_MMHG) this.high = false;
    }
    return this.sinceBreathS;
  }
}

export default function create(ctx: ModuleContext) {
  const apneaS = Number(ctx.params.apneaS ?? 20);
  const repeatS = Number(ctx.params.repeatS ?? 900);
  const beds = new Map<string, { clock: BreathClock; fired: boolean; lastSince: number }>();
  return {
    onSecond(input: BedSecondInput): FindingDraft[] {
      const w = input.waveforms.co2;
      if (!w) return [];
      let b = beds.get(input.bedId);
      if (!b) beds.set(input.bedId, (b = { clock: new BreathClock(), fired: false, lastSince: 0 }));
      const before = b.clock.breaths;
      const since = b.clock.feed(w.samples, w.sampleRateHz);
      if (b.clock.breaths > before) b.fired = false;
      // Timed on the apnoea clock itself (gaps pause it): the repeat comes after repeatS more seconds of
      // observed apnoea. The clock sums 1/rate steps, so compare within half a sample of float rounding.
      const rise = !b.fired && b.clock.breaths > 0 && since >= apneaS;
      if (rise || (b.fired && since - b.lastSince >= repeatS - 0.5 / w.sampleRateHz)) {
        b.fired = true;
        b.lastSince = since;
        return [{
          label: 'respiratory_failure',
          score: Math.min(1, since / 60),
          severity: 'high',
          message: `Apnoea: no breath on capnography for ${Math.round(since)} s`,
          evidence: { secondsSinceBreath: Math.round(since) },
        }];
      }
      return [];
    },
  };
}
