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

  /** Events earlier than this are ignored (set by copyFrom so a hand-over never duplicates an event). */
  minNextT = -Infinity;
  /** Index of the first event after a hand-over (copyFrom); −1 = none. */
  seam = -1;

  add(t: number, v: number, v2: number, v3 = 0): void {
    if (t < this.minNextT) return;
    const i = this.n & EV_MASK;
    this.tS[i] = t;
    this.val[i] = v;
    this.val2[i] = v2;
    this.val3[i] = v3;
    this.n++;
  }

  /**
   * Take over another log's recent events (when a numeric switches between the scheduler path and a
   * waveform detector), so the displayed value continues without a gap. Events that the new source
   * reports within `holdoffS` after the last copied one are treated as the same event and dropped.
   */
  copyFrom(o: EventLog, holdoffS: number): void {
    this.n = o.n;
    this.tS.set(o.tS);
    this.val.set(o.val);
    this.val2.set(o.val2);
    this.val3.set(o.val3);
    this.minNextT = o.lastT() + holdoffS;
    this.seam = o.n;
  }

  lastT(): number {
    return this.n > 0 ? this.tS[(this.n - 1) & EV_MASK] : -Infinity;
  }

  /** Mean interval (s) of up to `maxIv` most recent intervals with both events after tMin; NaN if none. */
  meanInterval(maxIv: number, tMin: number): number {
    const avail = Math.min(this.n - 1, EV - 1, maxIv);
    let m = 0;
    let skip = 0;
    for (let k = 0; k < avail; k++) {
      const a = this.tS[(this.n - 2 - k) & EV_MASK];
      if (a < tMin) break;
      m++;
      // the interval across a hand-over joins two sources with different fiducial points: not used
      if (this.n - 1 - k === this.seam) skip = this.tS[(this.n - 1 - k) & EV_MASK] - a;
    }
    if (m === 0 || (m === 1 && skip !== 0)) return NaN;
    const span = this.tS[(this.n - 1) & EV_MASK] - this.tS[(this.n - 1 - m) & EV_MASK];
    return skip !== 0 ? (span - skip) / (m - 1) : span / m;
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

  /** Align to absolute master tick `next` (ECG switched on mid-run) and clear the filter state. */
  resync(next: number): void {
    this.n = next;
    this.maBuf.fill(0);
    this.maSum = 0;
    this.slopeBuf.fill(0);
    this.mwiBuf.fill(0);
    this.mwiSum = 0;
    this.above = false;
    // blank the first refractory period: the filters start on a trace that may begin mid-beat
    this.lastBeatN = next;
  }

  /** Called once per frame: the signal estimate relaxes when no beats come (re-acquisition). */
  frame(nowS: number): void {
    if (nowS - this.beats.lastT() > 2) this.spk = Math.max(QRS_FLOOR, this.spk * 0.9);
  }
}

/** Pulse-detector window of the slope sum function: 16 samples = 128 ms at 125 Hz (Zong et al.). */
const SSF_W = 16;
const SSF_MASK = SSF_W - 1;
/** Low-pass before the SSF: 8-sample moving average (64 ms at 125 Hz; first zero at 15.6 Hz, like wabp's 16 Hz low-pass). */
const LP_W = 8;
/** Eye-closing (refractory) period after an onset, s (Zong et al.: 250 ms). */
const PULSE_REFRACTORY_S = 0.25;
/** Onset threshold as a fraction of the running SSF peak estimate (wabp: T = Ta / 3). */
const SSF_THRESHOLD_FRAC = 1 / 3;
/** Learning rate of the SSF peak estimate per detected pulse. */
const SSF_LEARN = 0.25;

/**
 * Pulse detector on a pulsatile channel (pleth or arterial line), after Zong W, Heldt T, Moody GB,
 * Mark RG, "An open-source algorithm to detect onset of arterial blood pressure pulses", Computers in
 * Cardiology 2003;30:259 (PhysioNet wabp): the signal is low-pass filtered, the slope sum function
 * SSF(n) = Σ_{128 ms} max(0, Δy) is formed, and an onset is declared when SSF rises through a third of
 * the running SSF-peak estimate (never below `ssfFloor`), with a 250 ms eye-closing period. Because
 * the SSF integrates the whole upstroke (≈ the pulse pressure) while the dicrotic wave adds only a few
 * per cent of it, the dicrotic notch is not counted as a pulse.
 *
 * Per-beat values come from the RAW samples of each onset-to-onset cycle: maximum (systolic / pleth
 * peak), minimum (end-diastolic / trough, just before the next upstroke) and time mean. They are
 * logged at the onset that closes the cycle: (onset time, max, min, mean).
 *
 * `n` is the ABSOLUTE sample index of the next sample (sample k sits at t = k / fs); resync() aligns it
 * when a channel is switched on mid-run, so event times stay on the monitor clock.
 */
export class PulseDetector {
  readonly pulses = new EventLog();
  n = 0;
  fs: number;
  floor: number;
  lpBuf = new Float64Array(LP_W);
  lpSum = 0;
  lpFill = 0;
  yPrev = 0;
  inc = new Float64Array(SSF_W);
  ssf = 0;
  /** Running estimate of the SSF peak of recent pulses (wabp's Ta). */
  ssfPeak = 0;
  inPulse = false;
  pulseMax = 0;
  lastOnsetN = -1e9;
  // the open cycle (since the last onset)
  cycOpen = false;
  cycMax = -Infinity;
  cycMin = Infinity;
  cycSum = 0;
  cycCnt = 0;

  /** ssfFloor: minimal SSF (signal units, ≈ minimal detectable pulse amplitude) that counts as a pulse. */
  constructor(fs: number, ssfFloor: number) {
    this.fs = fs;
    this.floor = ssfFloor;
  }

  /** Align to absolute sample index `next` (channel switched on) and drop the filter/cycle state. */
  resync(next: number): void {
    this.n = next;
    this.lpBuf.fill(0);
    this.lpSum = 0;
    this.lpFill = 0;
    this.inc.fill(0);
    this.ssf = 0;
    this.inPulse = false;
    this.lastOnsetN = -1e9;
    this.cycOpen = false;
  }

  push(x: number): void {
    const n = this.n++;
    if (x !== x) {
      // a gap: the open cycle is incomplete, the filters restart after it
      this.cycOpen = false;
      this.lpFill = 0;
      this.lpSum = 0;
      this.inPulse = false;
      return;
    }
    if (this.cycOpen) {
      if (x > this.cycMax) this.cycMax = x;
      if (x < this.cycMin) this.cycMin = x;
      this.cycSum += x;
      this.cycCnt++;
    }
    const li = n & (LP_W - 1);
    if (this.lpFill < LP_W) {
      // (re)start: fill the moving average with the current level, no slope yet
      if (this.lpFill === 0) {
        this.lpBuf.fill(x);
        this.lpSum = x * LP_W;
        this.inc.fill(0);
        this.ssf = 0;
        this.yPrev = x;
      }
      this.lpFill++;
    }
    this.lpSum += x - this.lpBuf[li];
    this.lpBuf[li] = x;
    const y = this.lpSum / LP_W;
    const dy = y - this.yPrev;
    this.yPrev = y;
    const u = dy > 0 ? dy : 0;
    const si = n & SSF_MASK;
    this.ssf += u - this.inc[si];
    this.inc[si] = u;
    if (this.ssf < 0) this.ssf = 0;
    const thr = Math.max(this.floor, SSF_THRESHOLD_FRAC * this.ssfPeak);
    if (this.inPulse) {
      if (this.ssf > this.pulseMax) this.pulseMax = this.ssf;
      // the pulse's upstroke is over when the SSF falls back below the threshold (or after 2 s)
      if (this.ssf < thr || n - this.lastOnsetN > 2 * this.fs) {
        this.inPulse = false;
        // first pulse (or after relaxing to the floor): take its SSF peak at once
        this.ssfPeak = this.ssfPeak <= this.floor ? this.pulseMax : this.ssfPeak + SSF_LEARN * (this.pulseMax - this.ssfPeak);
      }
    } else if (this.ssf > thr && n - this.lastOnsetN > this.fs * PULSE_REFRACTORY_S) {
      const t = n / this.fs;
      if (this.cycOpen && this.cycCnt > 0) this.pulses.add(t, this.cycMax, this.cycMin, this.cycSum / this.cycCnt);
      this.cycOpen = true;
      this.cycMax = this.cycMin = this.cycSum = x;
      this.cycCnt = 1;
      this.inPulse = true;
      this.pulseMax = this.ssf;
      this.lastOnsetN = n;
    }
  }

  /** Once per frame: without pulses for 2 s the threshold relaxes toward the floor (re-acquisition). */
  frame(nowS: number): void {
    if (nowS - this.lastOnsetN / this.fs > 2) this.ssfPeak *= 0.9;
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

  /** Align to absolute sample index `next` (channel switched on mid-run). */
  resync(next: number): void {
    this.n = next;
    this.high = false;
    this.maxSince = 0;
    this.minSince = 0;
    this.lastN = -1e9;
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
