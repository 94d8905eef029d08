/**
 * A small fixed ring of recent monitor events (beats, pulses, breaths): time and up to three values
 * each, from which the numerics average (numerics.ts). add() is allocation-free.
 */

const EV = 16;
const EV_MASK = EV - 1;

/** Ring of recent event times (s) with one value each. */
export class EventLog {
  n = 0;
  tS = new Float64Array(EV);
  val = new Float64Array(EV);
  val2 = new Float64Array(EV);
  val3 = new Float64Array(EV);

  add(t: number, v: number, v2: number, v3 = 0): void {
    const i = this.n & EV_MASK;
    this.tS[i] = t;
    this.val[i] = v;
    this.val2[i] = v2;
    this.val3[i] = v3;
    this.n++;
  }

  lastT(): number {
    return this.n > 0 ? this.tS[(this.n - 1) & EV_MASK] : -Infinity;
  }

  /** Mean interval (s) of up to `maxIv` most recent intervals with both events after tMin; NaN if none. */
  meanInterval(maxIv: number, tMin: number): number {
    const avail = Math.min(this.n - 1, EV - 1, maxIv);
    let m = 0;
    for (let k = 0; k < avail; k++) {
      if (this.tS[(this.n - 2 - k) & EV_MASK] < tMin) break;
      m++;
    }
    if (m === 0) return NaN;
    return (this.tS[(this.n - 1) & EV_MASK] - this.tS[(this.n - 1 - m) & EV_MASK]) / m;
  }

  /** Mean of val (or val2) over up to `max` most recent events after tMin; NaN if none. */
  meanVal(max: number, tMin: number, which = 1): number {
    const avail = Math.min(this.n, EV, max);
    let s = 0;
    let m = 0;
    for (let k = 0; k < avail; k++) {
      const i = (this.n - 1 - k) & EV_MASK;
      if (this.tS[i] < tMin) break;
      s += which === 1 ? this.val[i] : which === 2 ? this.val2[i] : this.val3[i];
      m++;
    }
    return m === 0 ? NaN : s / m;
  }
}
