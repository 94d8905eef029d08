/**
 * ST deviation per beat on one lead: ST level at J+40 ms (J taken as R + 60 ms for a narrow QRS, so the
 * point is R + 100 ms, averaged over ±10 ms) minus the PR-segment baseline (median of R − 90 … R − 50 ms).
 * STEMI criteria measure at J+60 to J+80 ms (Fourth Universal Definition of MI, Thygesen et al. 2018);
 * J+40 is used because at ward heart rates the synthetic T wave already rises by J+60, biasing ST up.
 * Both offsets scale with √(RR / 0.8 s) (Bazett-style: ECGSYN wave times scale with √RR, McSharry 2003),
 * so the point stays between J and the T wave at fast rates. 1 mm = 0.1 mV at standard gain.
 */
export const MM_PER_MV = 10;

/** A short history of raw samples with absolute times, to look back around each detected R. */
export class SampleHistory {
  private buf: number[] = [];
  private t0S = 0;
  constructor(
    readonly fsHz: number,
    private readonly keepS = 3,
  ) {}
  push(samples: ArrayLike<number>, t0S: number): void {
    if (this.buf.length === 0) this.t0S = t0S;
    for (let i = 0; i < samples.length; i++) this.buf.push(samples[i]);
    const excess = this.buf.length - Math.round(this.keepS * this.fsHz);
    if (excess > 0) {
      this.buf.splice(0, excess);
      this.t0S += excess / this.fsHz;
    }
  }
  /** Samples in [aS, bS] (absolute seconds); empty if outside the history. */
  range(aS: number, bS: number): number[] {
    const i0 = Math.round((aS - this.t0S) * this.fsHz);
    const i1 = Math.round((bS - this.t0S) * this.fsHz);
    if (i0 < 0 || i1 >= this.buf.length) return [];
    return this.buf.slice(i0, i1 + 1);
  }
}

const median = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];

/** ST deviation in mm for the beat with R at rS (previous RR rrS), or NaN if samples are missing or gapped. */
export function stDeviationMm(h: SampleHistory, rS: number, rrS = 0.8): number {
  const k = Math.sqrt(Math.min(1.5, Math.max(0.3, rrS)) / 0.8);
  const base = h.range(rS - 0.09 * k, rS - 0.05 * k);
  const st = h.range(rS + 0.09 * k, rS + 0.11 * k);
  if (!base.length || !st.length || [...base, ...st].some((x) => x !== x)) return NaN;
  return (st.reduce((a, b) => a + b, 0) / st.length - median(base)) * MM_PER_MV;
}
