/**
 * Streaming QRS detector after Pan & Tompkins, "A real-time QRS detection algorithm", IEEE TBME 32(3)
 * 1985: band-pass 5–15 Hz → five-point derivative → squaring → 150-ms moving-window integration →
 * adaptive thresholds on the integrated signal (SPKI/NPKI, THRESHOLD I1 = NPKI + 0.25(SPKI − NPKI)),
 * 200-ms refractory period, T-wave rejection within 360 ms (slope < ½ of the previous QRS), and
 * search-back with THRESHOLD I2 = ½ I1 when no QRS for 166 % of the mean RR.
 * Differences from the paper (stated so results are read correctly): the paper's integer filters are for
 * 200 Hz; here the band-pass is a pair of RBJ biquads at any rate; peaks of the integrated signal are
 * found with a 200-ms look-ahead (beats are reported ~0.2–0.4 s late); R is then located on the raw ECG
 * as the largest deviation from the local median; thresholds re-learn after 3 s without a QRS.
 */

class Biquad {
  private x1 = 0;
  private x2 = 0;
  private y1 = 0;
  private y2 = 0;
  constructor(
    private b0: number,
    private b1: number,
    private b2: number,
    private a1: number,
    private a2: number,
  ) {}
  /** RBJ Audio-EQ-Cookbook low/high-pass, Q = 1/√2 (Butterworth). */
  static pass(kind: 'low' | 'high', f0Hz: number, fsHz: number): Biquad {
    const w = (2 * Math.PI * f0Hz) / fsHz;
    const alpha = Math.sin(w) / (2 * Math.SQRT1_2);
    const c = Math.cos(w);
    const a0 = 1 + alpha;
    const b = kind === 'low' ? [(1 - c) / 2, 1 - c, (1 - c) / 2] : [(1 + c) / 2, -(1 + c), (1 + c) / 2];
    return new Biquad(b[0] / a0, b[1] / a0, b[2] / a0, (-2 * c) / a0, (1 - alpha) / a0);
  }
  step(x: number): number {
    const y = this.b0 * x + this.b1 * this.x1 + this.b2 * this.x2 - this.a1 * this.y1 - this.a2 * this.y2;
    this.x2 = this.x1;
    this.x1 = x;
    this.y2 = this.y1;
    this.y1 = y;
    return y;
  }
}

const RING = 4096;
const MASK = RING - 1;

interface Candidate {
  i: number;
  peak: number;
  slope: number;
}

export class PanTompkins {
  readonly fs: number;
  private readonly hp: Biquad;
  private readonly lp: Biquad;
  private readonly raw = new Float64Array(RING);
  private readonly bp = new Float64Array(RING);
  private readonly sq = new Float64Array(RING);
  private readonly mwi = new Float64Array(RING);
  private n = 0;
  private mwiSum = 0;
  private readonly nWin: number;
  private readonly look: number;
  private spki = 0;
  private npki = 0;
  private learnedAt = -1;
  private lastQrs = -1e9;
  private lastSlope = 0;
  private rr: number[] = [];
  private noise: Candidate[] = [];
  /** Sample index of the first sample (absolute time = t0S + index / fs). */
  t0S = NaN;

  constructor(fsHz: number) {
    this.fs = fsHz;
    this.hp = Biquad.pass('high', 5, fsHz);
    this.lp = Biquad.pass('low', 15, fsHz);
    this.nWin = Math.round(0.15 * fsHz);
    this.look = Math.round(0.2 * fsHz);
  }

  /** Feed samples (NaN gaps are held at the last value); returns the times (s) of newly detected R peaks. */
  feed(samples: ArrayLike<number>, t0S: number): number[] {
    if (this.t0S !== this.t0S) this.t0S = t0S;
    const out: number[] = [];
    for (let k = 0; k < samples.length; k++) {
      const n = this.n;
      let x = samples[k];
      if (x !== x) x = n > 0 ? this.raw[(n - 1) & MASK] : 0;
      this.raw[n & MASK] = x;
      const b = this.lp.step(this.hp.step(x));
      this.bp[n & MASK] = b;
      const bm = (i: number) => (n - i >= 0 ? this.bp[(n - i) & MASK] : 0);
      const d = (2 * b + bm(1) - bm(3) - 2 * bm(4)) * (this.fs / 8);
      this.sq[n & MASK] = d * d;
      this.mwiSum += d * d - (n >= this.nWin ? this.sq[(n - this.nWin) & MASK] : 0);
      this.mwi[n & MASK] = this.mwiSum / this.nWin;
      this.n++;
      const r = this.decide(n - this.look);
      if (r !== null) out.push(this.t0S + r / this.fs);
    }
    return out;
  }

  private decide(c: number): number | null {
    if (c < this.look) return null;
    const fs = this.fs;
    // Learning phase (paper §III): 2 s of signal set the initial signal and noise peaks.
    if (this.learnedAt < 0 || (c - this.lastQrs > 3 * fs && c - this.learnedAt > 3 * fs)) {
      if (c < 2 * fs + this.look) return null;
      let max = 0;
      let sum = 0;
      for (let i = c - 2 * fs; i <= c; i++) {
        const v = this.mwi[i & MASK];
        max = Math.max(max, v);
        sum += v;
      }
      this.spki = 0.5 * max;
      this.npki = (0.5 * sum) / (2 * fs);
      this.learnedAt = c;
      this.noise = [];
    }
    const v = this.mwi[c & MASK];
    for (let i = c - this.look; i <= c + this.look; i++) {
      const u = this.mwi[i & MASK];
      if (u > v || (u === v && i < c)) return this.searchBack(c);
    }
    const slope = this.maxSlope(c);
    const thr1 = this.npki + 0.25 * (this.spki - this.npki);
    const since = c - this.lastQrs;
    if (v > thr1 && since > 0.2 * fs) {
      const isT = since < 0.36 * fs && slope < 0.5 * this.lastSlope;
      if (!isT) {
        this.spki = 0.125 * v + 0.875 * this.spki;
        return this.accept(c, slope);
      }
    }
    this.npki = 0.125 * v + 0.875 * this.npki;
    if (since > 0.2 * fs) this.noise.push({ i: c, peak: v, slope });
    return this.searchBack(c);
  }

  /** Search-back: no QRS for 166 % of the mean RR → take the largest noise peak above I2. */
  private searchBack(c: number): number | null {
    if (this.rr.length < 2) return null;
    const meanRr = this.rr.reduce((a, b) => a + b, 0) / this.rr.length;
    if (c - this.lastQrs < 1.66 * meanRr) return null;
    const thr2 = 0.5 * (this.npki + 0.25 * (this.spki - this.npki));
    let best: Candidate | null = null;
    for (const p of this.noise) if (p.i > this.lastQrs + 0.2 * this.fs && p.peak > thr2 && (!best || p.peak > best.peak)) best = p;
    if (!best) return null;
    this.spki = 0.25 * best.peak + 0.75 * this.spki;
    return this.accept(best.i, best.slope);
  }

  private accept(c: number, slope: number): number {
    if (this.lastQrs > 0) {
      this.rr.push(c - this.lastQrs);
      if (this.rr.length > 8) this.rr.shift();
    }
    this.lastQrs = c;
    this.lastSlope = slope;
    this.noise = [];
    return this.locateR(c);
  }

  /** Peak slope: the largest squared derivative in the integration window ending at c. */
  private maxSlope(c: number): number {
    let m = 0;
    for (let i = c - this.nWin; i <= c; i++) m = Math.max(m, this.sq[i & MASK]);
    return m;
  }

  /** R on the raw ECG: the largest deviation from the local median in the 250 ms before the MWI peak. */
  private locateR(c: number): number {
    const lo = c - Math.round(0.25 * this.fs);
    const vals: number[] = [];
    for (let i = lo; i <= c; i++) vals.push(this.raw[i & MASK]);
    const med = [...vals].sort((a, b) => a - b)[vals.length >> 1];
    let best = lo;
    let dev = -1;
    for (let i = lo; i <= c; i++) {
      const e = Math.abs(this.raw[i & MASK] - med);
      if (e > dev) {
        dev = e;
        best = i;
      }
    }
    return best;
  }
}

/** RR irregularity: normalised RMSSD with the 3 largest successive differences dropped (ectopy). */
export function rrIrregularity(rrS: readonly number[]): number {
  if (rrS.length < 8) return NaN;
  const mean = rrS.reduce((a, b) => a + b, 0) / rrS.length;
  const d = [];
  for (let i = 1; i < rrS.length; i++) d.push(Math.abs(rrS[i] - rrS[i - 1]));
  d.sort((a, b) => a - b);
  const kept = d.slice(0, Math.max(1, d.length - 3));
  return Math.sqrt(kept.reduce((s, x) => s + x * x, 0) / kept.length) / mean;
}
