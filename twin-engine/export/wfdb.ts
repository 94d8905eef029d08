/**
 * WFDB writers (PhysioNet): header (.hea), signals in format 16 or 212 (.dat) and annotations (.atr),
 * byte for byte as header(5), signal(5) and annot(5) of the WFDB Software Package describe them
 * (docs/REFERENCES.md#wfdb). Pure functions returning bytes; callers write the files.
 * Dropout samples (NaN) become the invalid-sample value: −32768 in format 16, −2048 in format 212.
 */
import { SIMULATION_NOTICE } from '../session/api';
import type { Rhythm } from '../physiology/rhythm';

export const WFDB_COMMENT = `WardTwin synthetic data — ${SIMULATION_NOTICE}`;

export interface WfdbSignalSpec {
  /** Physical units per … : ADC units per physical unit. */
  gain: number;
  baseline: number;
  units: string;
  /** ADC resolution in bits (12 for format 212, 16 for format 16). */
  adcRes: number;
  adcZero: number;
  description: string;
}

export type WfdbFormat = 16 | 212;
export const INVALID_SAMPLE: Record<WfdbFormat, number> = { 16: -32768, 212: -2048 };
const MAX_SAMPLE: Record<WfdbFormat, number> = { 16: 32767, 212: 2047 };

/** Physical values → ADC integers: round(x · gain + baseline), clamped; NaN → the invalid value. */
export function toAdc(values: ArrayLike<number>, s: Pick<WfdbSignalSpec, 'gain' | 'baseline'>, format: WfdbFormat): Int16Array {
  const out = new Int16Array(values.length);
  const hi = MAX_SAMPLE[format];
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (x !== x) out[i] = INVALID_SAMPLE[format];
    else out[i] = Math.max(-hi, Math.min(hi, Math.round(x * s.gain + s.baseline)));
  }
  return out;
}

/** Signal file bytes: samples interleaved frame by frame (sample i of signal 0, 1, …, then i + 1). */
export function encodeSignals(adc: readonly Int16Array[], format: WfdbFormat): Uint8Array {
  const n = adc.length ? adc[0].length : 0;
  if (adc.some((a) => a.length !== n)) throw new Error('WFDB: all signals of one record file need the same number of samples');
  const total = n * adc.length;
  const at = (k: number) => adc[k % adc.length][Math.floor(k / adc.length)];
  if (format === 16) {
    const out = new Uint8Array(total * 2);
    const dv = new DataView(out.buffer);
    for (let k = 0; k < total; k++) dv.setInt16(2 * k, at(k), true);
    return out;
  }
  // Format 212: each pair of 12-bit samples in 3 bytes — byte 0 = low 8 bits of the first, byte 1 = its
  // high 4 bits (low nibble) and the second's high 4 bits (high nibble), byte 2 = low 8 bits of the second.
  // A trailing single sample takes 2 bytes, as libwfdb writes it.
  const out = new Uint8Array(Math.floor(total / 2) * 3 + (total % 2) * 2);
  let o = 0;
  for (let k = 0; k < total; k += 2) {
    const a = at(k) & 0xfff;
    out[o++] = a & 0xff;
    if (k + 1 < total) {
      const b = at(k + 1) & 0xfff;
      out[o++] = (a >> 8) | ((b >> 8) << 4);
      out[o++] = b & 0xff;
    } else out[o++] = a >> 8;
  }
  return out;
}

/** 16-bit two's-complement sum of a signal's samples (the header's checksum field). */
export function checksum16(a: Int16Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s = (s + a[i]) & 0xffff;
  return s >= 0x8000 ? s - 0x10000 : s;
}

/**
 * Header text: record line (`name nsig fs nsamp [HH:MM:SS DD/MM/YYYY]`, the base time and date when
 * `startMs` is given, in UTC), one line per signal, then '#' comment lines. Every signal is in `datFile`.
 */
export function headerText(record: string, fsHz: number, datFile: string, format: WfdbFormat, specs: readonly WfdbSignalSpec[], adc: readonly Int16Array[], comments: readonly string[] = [], startMs?: number): string {
  const n = adc.length ? adc[0].length : 0;
  const lines = [`${record} ${specs.length} ${fsHz} ${n}${startMs === undefined ? '' : ` ${baseTimeDate(startMs)}`}`];
  specs.forEach((s, i) => {
    const a = adc[i];
    lines.push(`${datFile} ${format} ${s.gain}(${s.baseline})/${s.units} ${s.adcRes} ${s.adcZero} ${n ? a[0] : 0} ${checksum16(a)} 0 ${s.description}`);
  });
  for (const c of [WFDB_COMMENT, ...comments]) lines.push(`# ${c}`);
  return `${lines.join('\n')}\n`;
}

/** header(5) base time and date: `HH:MM:SS DD/MM/YYYY` (24-hour clock; milliseconds as `.mmm` when not 0). */
export function baseTimeDate(ms: number): string {
  if (!Number.isFinite(ms)) throw new Error(`WFDB header: the record's start time must be a valid instant, got ${ms}`);
  const d = new Date(ms);
  const p = (x: number, w = 2) => String(x).padStart(w, '0');
  const frac = d.getUTCMilliseconds() ? `.${p(d.getUTCMilliseconds(), 3)}` : '';
  return `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}${frac} ${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCFullYear(), 4)}`;
}

/**
 * Annotation codes of the WFDB library's ecgcodes.h (mnemonic in brackets as rdann prints it) and the
 * pseudo-codes of the MIT format, annot(5).
 */
export const ANN = {
  NORMAL: 1, // N
  PVC: 5, // V
  APC: 8, // A
  PACE: 12, // /
  NOISE: 14, // ~  signal quality change; subtyp says which signals are noisy or unreadable
  NOTE: 22,
  RHYTHM: 28, // +  rhythm change; aux names the rhythm
  VFON: 32, // [  start of ventricular flutter/fibrillation
  VFOFF: 33, // ]  end of ventricular flutter/fibrillation
  SKIP: 59,
  NUM: 60,
  SUB: 61,
  CHN: 62,
  AUX: 63,
} as const;

/**
 * NOISE subtypes (WFDB convention, as pschart, wave and bxb read them): bit j set = signal j noisy,
 * bit 4 + j set = signal j unreadable; −1 = every signal unreadable (the "shutdown" of bxb and
 * ANSI/AAMI EC57, which needs bits 4 and 5 set); 0 = all signals clean again.
 */
export const NOISE_SUBTYPE = { clean: 0, noisy: (signal: number) => 1 << signal, unreadable: (signal: number) => 0x11 << signal, allUnreadable: -1 } as const;

export interface WfdbAnnotation {
  /** Sample number (in the record's sampling frequency). */
  sample: number;
  code: number;
  /** −128..127 (a signed char in the WFDB library); 0 when absent. */
  subtyp?: number;
  /** 0..63 here; default: 0, or one more than the previous annotation's when at the same sample (WFDB orders annotations by time, then chan, then num). */
  num?: number;
  aux?: string;
}

const DATA = 0x3ff;

/**
 * MIT-format annotation file: per annotation a 16-bit little-endian word (code << 10 | time increment);
 * increments over 1023 samples go in a SKIP word followed by a 32-bit interval (high 16 bits first,
 * each half little-endian) and the annotation with increment 0; after the annotation word a SUB word
 * carries a non-zero subtyp (10 low bits), a NUM word a change of num, an AUX word (63 << 10 | length)
 * the aux string, padded to even length; a zero word ends the file.
 */
export function encodeAnnotations(anns: readonly WfdbAnnotation[]): Uint8Array {
  const bytes: number[] = [];
  const word = (w: number) => bytes.push(w & 0xff, (w >> 8) & 0xff);
  let prev = 0;
  let prevNum = 0;
  let num = 0; // the file's current num (NUM words change it for this and later annotations)
  let first = true;
  for (const a of [...anns].sort((x, y) => x.sample - y.sample)) {
    if (!Number.isInteger(a.sample) || a.sample < 0) throw new Error(`WFDB annotation sample must be a whole number ≥ 0, got ${a.sample}`);
    if (!(a.code > 0 && a.code <= 49)) throw new Error(`WFDB annotation code must be 1..49 (ecgcodes.h), got ${a.code}`);
    let delta = a.sample - prev;
    const want = a.num ?? (!first && delta === 0 ? prevNum + 1 : 0);
    if (!(Number.isInteger(want) && want >= 0 && want < 64)) throw new Error(`WFDB annotation num must be 0..63 here, got ${want}`);
    prev = a.sample;
    if (delta > DATA) {
      word(ANN.SKIP << 10);
      word((delta >>> 16) & 0xffff);
      word(delta & 0xffff);
      delta = 0;
    }
    word((a.code << 10) | delta);
    const sub = a.subtyp ?? 0;
    if (!(Number.isInteger(sub) && sub >= -128 && sub <= 127)) throw new Error(`WFDB annotation subtyp must be −128..127, got ${sub}`);
    if (sub !== 0) word((ANN.SUB << 10) | (sub & DATA));
    if (want !== num) {
      word((ANN.NUM << 10) | want);
      num = want;
    }
    if (a.aux !== undefined && a.aux.length > 0) {
      const text = [...a.aux].map((c) => c.charCodeAt(0) & 0xff);
      if (text.length > 255) throw new Error('WFDB aux strings are at most 255 bytes');
      word((ANN.AUX << 10) | text.length);
      bytes.push(...text);
      if (text.length % 2) bytes.push(0);
    }
    prevNum = want;
    first = false;
  }
  word(0);
  return Uint8Array.from(bytes);
}

/**
 * The twin's rhythms → aux strings of RHYTHM ('+') annotations. Labels of the MIT-BIH Arrhythmia
 * Database where it has one: (N (sinus rhythm at any rate: MIT-BIH has no sinus-tachycardia label),
 * (SBR, (AFIB, (AFL, (SVTA, (BII, (VT, (P; of the MIT-BIH Malignant Ventricular Arrhythmia Database for
 * (BI (first-degree block) and (VF (fibrillation; MIT-BIH itself has only (VFL, flutter). PhysioNet has
 * no label for third-degree block, asystole or PEA: (BIII, (ASYS and (PEA are extensions in the same style.
 * VF is also bracketed by VFON '[' / VFOFF ']' (see wfdb-record.ts).
 */
export const RHYTHM_AUX: Readonly<Record<Rhythm, string>> = {
  sinus: '(N',
  sinus_bradycardia: '(SBR',
  sinus_tachycardia: '(N',
  atrial_fibrillation: '(AFIB',
  atrial_flutter: '(AFL',
  svt: '(SVTA',
  av_block_1: '(BI',
  av_block_2_mobitz1: '(BII',
  av_block_2_mobitz2: '(BII',
  av_block_3: '(BIII',
  ventricular_tachycardia: '(VT',
  ventricular_fibrillation: '(VF',
  asystole: '(ASYS',
  pea: '(PEA',
  paced: '(P',
};
