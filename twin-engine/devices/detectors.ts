/**
 * Streaming event detectors that run on the generated samples, the way a monitor derives its numerics:
 *  - QrsDetector: simplified Pan–Tompkins (Pan & Tompkins, IEEE TBME 1985;32:230): mains-notching moving
 *    average, 10 ms slope, squaring, 80 ms moving-window integration, adaptive threshold, 250 ms refractory.
 *  - PulseDetector: upslope detector for pleth and arterial pulses (peak, trough, amplitude per beat).
 *  - BreathDetector: threshold crossings on the capnogram or hysteresis on the impedance signal.
 * All keep their recent events in small fixed rings; push() is allocation-free.
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
      const a = this.tS[(this.n - 2 - k) & EV_MASK];
      if (a < tMin) break;
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

const QRS_FS = 500;
const QRS_SLOPE_LAG = 5; // 10 ms
const QRS_MWI = 40; // 80 ms
const QRS_REFRACTORY_S = 0.25;
/** Minimum integrated slope energy for a QRS (≈ a 0.25 mV complex). */
const QRS_FLOOR = 0.002;

export class QrsDetector {
  readonly beats = new EventLog();
  n = 0;
  maLen: number;
  maBuf = new Float64Array(16);
  maSum = 0;
  slopeBuf = new Float64Array(8);
  mwiBuf = new Float64Array(QRS_MWI);
  mwiSum = 0;
  spk = 0.02;
  above = false;
  peakVal = 0;
  peakN = 0;
  lastBeatN = -1e9;

  constructor(mainsHz: number) {
    // moving average over one mains period nulls 50 Hz exactly (10 samples) and 60 Hz nearly (8)
    this.maLen = Math.round(QRS_FS / mainsHz);
  }

  push(x: number): void {
    const n = this.n++;
    const mi = n % this.maLen;
    this.maSum += x - this.maBuf[mi];
    this.maBuf[mi] = x;
    const y = this.maSum / this.maLen;
    const si = n & 7;
    const d = y - this.slopeBuf[(n - QRS_SLOPE_LAG) & 7];
    this.slopeBuf[si] = y;
    const e = d * d;
    const wi = n % QRS_MWI;
    this.mwiSum += e - this.mwiBuf[wi];
    this.mwiBuf[wi] = e;
    const I = this.mwiSum / QRS_MWI;
    if (this.above) {
      if (I > this.peakVal) {
        this.peakVal = I;
        this.peakN = n;
      } else if (I < 0.5 * this.peakVal) {
        this.above = false;
        this.lastBeatN = this.peakN;
        this.spk = 0.875 * this.spk + 0.125 * this.peakVal;
        // the integrator peak lags the R wave by about half the window
        this.beats.add((this.peakN - QRS_MWI / 2) / QRS_FS, this.peakVal, 0);
      }
    } else if (n - this.lastBeatN > QRS_REFRACTORY_S * QRS_FS) {
      const thr = Math.max(0.35 * this.spk, QRS_FLOOR);
      if (I > thr) {
        this.above = true;
        this.peakVal = I;
        this.peakN = n;
      }
    }
  }

  /** Called once per frame: the signal estimate relaxes when no beats come (re-acquisition). */
  frame(nowS: number): void {
    if (nowS - this.beats.lastT() > 2) this.spk = Math.max(QRS_FLOOR, this.spk * 0.9);
  }
}

/**
 * Pulse detector on a pulsatile channel (pleth or arterial): a pulse is an upslope (3-sample rise) above
 * 30 % of the recent maximal upslope; its peak is the next local maximum, its trough the minimum since
 * the previous peak. Logs (peak time, peak value, trough value).
 */
export class PulseDetector {
  readonly pulses = new EventLog();
  n = 0;
  fs: number;
  floor: number;
  hist = new Float64Array(4);
  slopeEst: number;
  rising = false;
  peak = -Infinity;
  peakN = 0;
  trough = Infinity;
  lastPulseN = -1e9;
  sum = 0;
  cnt = 0;

  constructor(fs: number, slopeFloor: number) {
    this.fs = fs;
    this.floor = slopeFloor;
    this.slopeEst = slopeFloor * 4;
  }

  push(x: number): void {
    const n = this.n++;
    if (x !== x) return;
    const d = x - this.hist[(n - 3) & 3];
    this.hist[n & 3] = x;
    this.sum += x;
    this.cnt++;
    if (this.rising) {
      if (x >= this.peak) {
        this.peak = x;
        this.peakN = n;
      } else if (n - this.peakN > 2) {
        this.rising = false;
        // val3: mean over the cycle since the previous pulse (peak to peak)
        this.pulses.add(this.peakN / this.fs, this.peak, this.trough, this.cnt > 0 ? this.sum / this.cnt : x);
        this.sum = 0;
        this.cnt = 0;
        this.trough = x;
      }
    } else {
      if (x < this.trough) this.trough = x;
      if (d > Math.max(0.3 * this.slopeEst, this.floor) && n - this.lastPulseN > 0.25 * this.fs) {
        this.rising = true;
        this.lastPulseN = n;
        this.peak = x;
        this.peakN = n;
        this.slopeEst = 0.8 * this.slopeEst + 0.2 * Math.min(d * 1.5, this.slopeEst * 3);
      }
    }
  }

  frame(nowS: number): void {
    if (nowS - this.pulses.lastT() > 2) this.slopeEst = Math.max(this.floor, this.slopeEst * 0.9);
  }
}

/** Breath detector on the capnogram (threshold crossing) or the impedance signal (hysteresis). */
export class BreathDetector {
  readonly breaths = new EventLog();
  n = 0;
  fs: number;
  capno: boolean;
  mean = 0;
  high = false;
  amp: number;
  maxSince = 0;
  minSince = 0;
  lastN = -1e9;

  constructor(fs: number, capno: boolean) {
    this.fs = fs;
    this.capno = capno;
    this.amp = capno ? 30 : 0.4;
  }

  push(x: number): void {
    const n = this.n++;
    if (x !== x) return;
    if (this.capno) {
      // expiration starts when CO2 rises through max(4 mmHg, 40 % of the recent end-tidal value)
      const thr = Math.max(4, 0.4 * this.amp);
      if (x > this.maxSince) this.maxSince = x;
      if (!this.high && x > thr && n - this.lastN > 0.8 * this.fs) {
        this.high = true;
        this.lastN = n;
      } else if (this.high && x < 0.5 * thr) {
        this.high = false;
        this.amp = 0.7 * this.amp + 0.3 * this.maxSince;
        this.breaths.add(n / this.fs, this.maxSince, 0);
        this.maxSince = 0;
      }
      return;
    }
    // impedance: remove the slow baseline, then count upward crossings with hysteresis ±30 % amplitude
    this.mean += (x - this.mean) / (6 * this.fs);
    const y = x - this.mean;
    const h = Math.max(0.06, 0.3 * this.amp);
    if (y > this.maxSince) this.maxSince = y;
    if (y < this.minSince) this.minSince = y;
    if (!this.high && y > h * 0.5 && n - this.lastN > 0.8 * this.fs) {
      this.high = true;
      this.lastN = n;
      this.breaths.add(n / this.fs, 0, 0);
    } else if (this.high && y < -h * 0.5) {
      this.high = false;
      this.amp = 0.7 * this.amp + 0.3 * (this.maxSince - this.minSince) * 0.5;
      this.maxSince = 0;
      this.minSince = 0;
    }
  }
}
