/**
 * ECG signal statistics and QRS-detector scoring shared by scripts/ecg-calibration.ts and its tests.
 * The same code measures the twin's ECG and real MIT-BIH records (docs/SIGNALS.md). SIMULATION — NOT FOR
 * CLINICAL USE.
 */
import { BedsideMonitor, type DeviceInput, type EcgNoiseSettings } from '../twin-engine/devices/index';
import { BEAT_NORMAL } from '../twin-engine/devices/beats';
import { createDeviceInput } from '../twin-engine/core/device-input';
import { decimate } from '../twin-engine/modules-host/inputs';
import { PanTompkins } from '../modules/qrs-pan-tompkins/pan-tompkins';
import { matchBeats as matchBeatsEc57 } from '../twin-engine/evaluation/qrs-beats';

export interface EcgStats {
  /** Normal beats measured. */
  beats: number;
  /** Coefficient of variation of the R amplitude above the beat's PQ baseline. */
  rAmpCv: number;
  /** Mean R amplitude (mV). */
  rAmpMv: number;
  /** SD (mV) of the per-beat PQ baseline level: baseline wander. */
  baselineSdMv: number;
  /** RMS (mV) of the 25–100 Hz band outside ±120 ms of every beat: high-frequency noise. */
  hfRmsMv: number;
  /** 5th percentile of the Pearson correlation of each normal beat (R−200…+400 ms) with the mean beat. */
  corrP5: number;
}

/** RBJ biquad (Butterworth Q) applied forward over a whole array. */
function biquad(x: Float64Array, kind: 'low' | 'high', f0: number, fs: number): Float64Array {
  const w = (2 * Math.PI * f0) / fs;
  const alpha = Math.sin(w) / (2 * Math.SQRT1_2);
  const c = Math.cos(w);
  const a0 = 1 + alpha;
  const b = kind === 'low' ? [(1 - c) / 2, 1 - c, (1 - c) / 2] : [(1 + c) / 2, -(1 + c), (1 + c) / 2];
  const b0 = b[0] / a0, b1 = b[1] / a0, b2 = b[2] / a0, a1 = (-2 * c) / a0, a2 = (1 - alpha) / a0;
  const y = new Float64Array(x.length);
  let x1 = 0, x2 = 0, y1 = 0, y2 = 0;
  for (let i = 0; i < x.length; i++) {
    const v = b0 * x[i] + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
    x2 = x1;
    x1 = x[i];
    y2 = y1;
    y1 = v;
    y[i] = v;
  }
  return y;
}

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(p * (sorted.length - 1))))];
}

/**
 * Statistics of one ECG segment. `normal` are sample indices of normal beats (R), `all` of every beat
 * (ectopic beats are excluded from the amplitude/template figures but masked out of the noise figure).
 */
export function ecgStats(x: ArrayLike<number>, fs: number, normal: number[], all: number[]): EcgStats {
  const n = x.length;
  const sig = Float64Array.from(x as ArrayLike<number>, (v) => (v === v ? v : 0));
  const s = (ms: number) => Math.round((ms / 1000) * fs);
  const pre = s(200);
  const post = s(400);
  const rs: number[] = [];
  const amps: number[] = [];
  const bases: number[] = [];
  for (const r0 of normal) {
    if (r0 - pre < 0 || r0 + post >= n) continue;
    let r = r0;
    for (let i = r0 - s(40); i <= r0 + s(40); i++) if (sig[i] > sig[r]) r = i;
    let b = 0;
    const b0 = r - s(90);
    const b1 = r - s(60);
    for (let i = b0; i <= b1; i++) b += sig[i];
    b /= b1 - b0 + 1;
    rs.push(r);
    amps.push(sig[r] - b);
    bases.push(b);
  }
  const mean = (a: number[]) => a.reduce((p, q) => p + q, 0) / a.length;
  const sd = (a: number[]) => {
    const m = mean(a);
    return Math.sqrt(a.reduce((p, q) => p + (q - m) * (q - m), 0) / Math.max(1, a.length - 1));
  };
  // high-frequency noise outside the QRS complexes
  const hf = biquad(biquad(sig, 'high', 25, fs), 'low', Math.min(100, 0.4 * fs), fs);
  const mask = new Uint8Array(n);
  for (const r of all) for (let i = Math.max(0, r - s(120)); i <= Math.min(n - 1, r + s(120)); i++) mask[i] = 1;
  let e = 0;
  let cnt = 0;
  for (let i = s(1000); i < n; i++) if (!mask[i]) {
    e += hf[i] * hf[i];
    cnt++;
  }
  // beat-to-template correlation
  const len = pre + post + 1;
  const tmpl = new Float64Array(len);
  for (const r of rs) for (let k = 0; k < len; k++) tmpl[k] += sig[r - pre + k] / rs.length;
  const corr = (r: number) => {
    let ma = 0, mb = 0;
    for (let k = 0; k < len; k++) {
      ma += sig[r - pre + k];
      mb += tmpl[k];
    }
    ma /= len;
    mb /= len;
    let sab = 0, saa = 0, sbb = 0;
    for (let k = 0; k < len; k++) {
      const a = sig[r - pre + k] - ma;
      const b = tmpl[k] - mb;
      sab += a * b;
      saa += a * a;
      sbb += b * b;
    }
    return sab / Math.sqrt(saa * sbb);
  };
  const cs = rs.map(corr).sort((a, b) => a - b);
  return {
    beats: rs.length,
    rAmpCv: sd(amps) / mean(amps),
    rAmpMv: mean(amps),
    baselineSdMv: sd(bases),
    hfRmsMv: Math.sqrt(e / Math.max(1, cnt)),
    corrP5: pct(cs, 0.05),
  };
}

/** A twin ECG segment (500 Hz) with its R times (s) and beat kinds, from a monitor at rest. */
export function twinEcg(opts: { seed: number; seconds: number; hrBpm?: number; rrBpm?: number; noise?: EcgNoiseSettings | null; input?: Partial<DeviceInput> }): { x: Float32Array; fs: number; rS: number[]; normal: boolean[] } {
  const m = new BedsideMonitor({ seed: opts.seed, skinToneMonk: 3, nibpIntervalS: 0, enabledChannels: ['ecg_ii'], ecgNoise: opts.noise ?? null });
  const inp = createDeviceInput();
  inp.hrBpm = opts.hrBpm ?? 75;
  inp.rrBpm = opts.rrBpm ?? 16;
  Object.assign(inp, opts.input ?? {});
  const warm = 5;
  for (let i = 0; i < warm * 20; i++) m.advance(inp, 0.05);
  m.drain('ecg_ii');
  const t0 = m.timeS;
  const parts: Float32Array[] = [];
  const ring = m.sched.beats;
  let seq = ring.count;
  const rS: number[] = [];
  const normal: boolean[] = [];
  for (let s = 0; s < opts.seconds; s++) {
    for (let i = 0; i < 20; i++) m.advance(inp, 0.05);
    for (; seq < ring.count; seq++) {
      const j = ring.slot(seq);
      rS.push(ring.tRS[j] - t0);
      normal.push(ring.kind[j] === BEAT_NORMAL);
    }
    parts.push(m.drain('ecg_ii'));
  }
  const x = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    x.set(p, o);
    o += p.length;
  }
  return { x, fs: 500, rS, normal };
}

export interface QrsScore {
  tp: number;
  fn: number;
  fp: number;
  se: number;
  ppv: number;
}

/**
 * Beat-by-beat comparison as in ANSI/AAMI EC57 (twin-engine/evaluation/qrs-beats.ts, the calibration
 * table's matcher): the first `skipS` seconds (detector learning) are not scored, nor beats after `endS`.
 */
export function matchBeats(ref: number[], det: number[], skipS: number, endS: number, windowS = 0.15): QrsScore {
  const { tp, fn, fp } = matchBeatsEc57(ref.filter((t) => t > skipS && t < endS), det.filter((t) => t > skipS && t < endS), windowS);
  return { tp, fn, fp, se: tp / Math.max(1, tp + fn), ppv: tp / Math.max(1, tp + fp) };
}

/** Pan–Tompkins (reference module, 250 Hz as the module host feeds it) on a twin ECG at one NST SNR. */
export function detectorAtSnr(snrDb: number | null, seconds: number, seed: number, types: EcgNoiseSettings['types'] = ['em']): QrsScore {
  const e = twinEcg({ seed, seconds, noise: snrDb === null ? null : { snrDb, types } });
  const w = decimate({ t0S: 0, sampleRateHz: 500, samples: e.x }, 250);
  const det = new PanTompkins(250);
  const found = det.feed(w.samples, w.t0S);
  return matchBeats(e.rS, found, 5, seconds - 1);
}
