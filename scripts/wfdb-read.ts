/**
 * A minimal reader of PhysioNet WFDB records for scripts/ecg-calibration.ts: the header (record line and
 * signal lines), signal files in formats 212 and 16, and MIT annotation files — after header(5),
 * signal(5) and annot(5) of the WFDB Software Package (docs/REFERENCES.md#wfdb). Used only on records a
 * user puts in .cache/ (never committed); the signal checksum in the header is verified so a truncated
 * or corrupted copy is refused. SIMULATION — NOT FOR CLINICAL USE.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface WfdbSignal {
  /** Signal description (e.g. MLII, V5, noise1). */
  desc: string;
  /** Physical units per mV (ADC units per mV). */
  gain: number;
  baseline: number;
  /** Samples in mV. */
  mv: Float64Array;
}

export interface WfdbRecord {
  name: string;
  fs: number;
  signals: WfdbSignal[];
  /** Header comment lines (without '#'). */
  comments: string[];
}

export interface MitAnnotation {
  sample: number;
  code: number;
  aux: string;
}

/** Reads `<dir>/<rec>.hea` and its signal file; throws naming the file when the format is unsupported or the checksum fails. */
export function readWfdbRecord(dir: string, rec: string): WfdbRecord {
  const text = readFileSync(join(dir, `${rec}.hea`), 'utf8');
  const lines = text.split(/\r?\n/);
  const comments = lines.filter((l) => l.startsWith('#')).map((l) => l.slice(1).trim());
  const body = lines.filter((l) => l.trim() && !l.startsWith('#')).map((l) => l.trim().split(/\s+/));
  const [, nsigS, fsS] = body[0];
  const nsig = Number(nsigS);
  const fs = parseFloat(fsS);
  const specs = body.slice(1, 1 + nsig).map((f) => {
    // gain field: "200", "200(1024)", "200(0)/mV"; a zero gain means the default 200 (header(5))
    const m = /^([-\d.eE+]+)(?:\((-?\d+)\))?/.exec(f[2] ?? '200');
    const adcZero = Number(f[4] ?? 0);
    const gain = m && Number(m[1]) !== 0 ? Number(m[1]) : 200;
    const baseline = m && m[2] !== undefined ? Number(m[2]) : adcZero;
    return { file: f[0], fmt: f[1], gain, baseline, checksum: f[6] !== undefined ? Number(f[6]) : null, desc: f.slice(8).join(' ') };
  });
  const fmt = specs[0].fmt;
  if (specs.some((s) => s.file !== specs[0].file || s.fmt !== fmt) || (fmt !== '212' && fmt !== '16')) {
    throw new Error(`${rec}.hea: only one signal file in format 212 or 16 is read here (got ${specs.map((s) => `${s.file} ${s.fmt}`).join(', ')})`);
  }
  const dat = readFileSync(join(dir, specs[0].file));
  const frames = fmt === '16' ? Math.floor(dat.length / (2 * nsig)) : Math.floor((dat.length * 2) / (3 * nsig));
  const raw = specs.map(() => new Int16Array(frames));
  if (fmt === '16') {
    for (let i = 0; i < frames; i++) for (let s = 0; s < nsig; s++) raw[s][i] = dat.readInt16LE(2 * (i * nsig + s));
  } else {
    // 212: pairs of 12-bit samples in 3 bytes, across the interleaved signal stream
    const total = frames * nsig;
    for (let k = 0; k < total; k++) {
      const p = 3 * (k >> 1);
      let v = k & 1 ? dat[p + 2] | ((dat[p + 1] & 0xf0) << 4) : dat[p] | ((dat[p + 1] & 0x0f) << 8);
      if (v > 2047) v -= 4096;
      raw[k % nsig][Math.floor(k / nsig)] = v;
    }
  }
  const signals = specs.map((s, j) => {
    if (s.checksum !== null) {
      let sum = 0;
      for (let i = 0; i < frames; i++) sum = (sum + raw[j][i]) & 0xffff;
      const signed = sum > 32767 ? sum - 65536 : sum;
      if (signed !== s.checksum) throw new Error(`${rec}.dat: checksum of signal ${j} is ${signed}, the header says ${s.checksum} (a truncated or corrupted copy)`);
    }
    const mv = new Float64Array(frames);
    for (let i = 0; i < frames; i++) mv[i] = (raw[j][i] - s.baseline) / s.gain;
    return { desc: s.desc, gain: s.gain, baseline: s.baseline, mv };
  });
  return { name: rec, fs, signals, comments };
}

/** MIT-format annotation file (annot(5)): beat and non-beat annotations with their aux strings. */
export function readMitAnnotationFile(path: string): MitAnnotation[] {
  const b = readFileSync(path);
  const out: MitAnnotation[] = [];
  let t = 0;
  for (let p = 0; p + 1 < b.length; ) {
    const w = b[p] | (b[p + 1] << 8);
    p += 2;
    if (w === 0) break;
    const code = w >> 10;
    const data = w & 1023;
    if (code === 59) {
      t += ((b[p] | (b[p + 1] << 8)) * 65536 + (b[p + 2] | (b[p + 3] << 8))) | 0;
      p += 4;
      continue;
    }
    if (code === 63) {
      const last = out[out.length - 1];
      if (last) last.aux = b.subarray(p, p + data).toString('latin1').replace(/\0+$/, '');
      p += data + (data & 1);
      continue;
    }
    if (code === 60 || code === 61 || code === 62) continue;
    t += data;
    out.push({ sample: t, code, aux: '' });
  }
  return out;
}

/**
 * Annotation codes that label a QRS complex (the WFDB library's isqrs table, ecgmap.h): N L R a V F J A S E
 * j / Q B ? e n f r. Not beats: noise, rhythm, flutter waves '!', non-conducted P 'x'.
 */
export const QRS_CODES: ReadonlySet<number> = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 25, 30, 34, 35, 38, 41]);
/** Ventricular ectopic beats (AAMI class V: V and E) and supraventricular premature beats (class S: A a J S). */
export const VEB_CODES: ReadonlySet<number> = new Set([5, 10]);
export const SVEB_CODES: ReadonlySet<number> = new Set([4, 7, 8, 9]);

/** Linear-interpolation resampling (the records' 360 Hz to the module host's 250 Hz; content above 125 Hz is negligible in ECG). */
export function resample(x: ArrayLike<number>, fsIn: number, fsOut: number): Float32Array {
  const n = Math.floor(((x.length - 1) * fsOut) / fsIn) + 1;
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const u = (i * fsIn) / fsOut;
    const k = Math.floor(u);
    const f = u - k;
    y[i] = k + 1 < x.length ? x[k] * (1 - f) + x[k + 1] * f : x[k];
  }
  return y;
}
