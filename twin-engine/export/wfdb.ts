/**
 * WFDB writers (PhysioNet): header (.hea), signals in format 16 or 212 (.dat) and annotations (.atr),
 * byte for byte as header(5), signal(5) and annot(5) of the WFDB Software Package describe them
 * (docs/REFERENCES.md#wfdb). Pure functions returning bytes; callers write the files.
 * Dropout samples (NaN) become the invalid-sample value: −32768 in format 16, −2048 in format 212.
 */
import { SIMULATION_NOTICE } from '../session/api';

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

/** Header text: record line, one line per signal, then '#' comment lines. Every signal is in `datFile`. */
export function headerText(record: string, fsHz: number, datFile: string, format: WfdbFormat, specs: readonly WfdbSignalSpec[], adc: readonly Int16Array[], comments: readonly string[] = []): string {
  const n = adc.length ? adc[0].length : 0;
  const lines = [`${record} ${specs.length} ${fsHz} ${n}`];
  specs.forEach((s, i) => {
    const a = adc[i];
    lines.push(`${datFile} ${format} ${s.gain}(${s.baseline})/${s.units} ${s.adcRes} ${s.adcZero} ${n ? a[0] : 0} ${checksum16(a)} 0 ${s.description}`);
  });
  for (const c of [WFDB_COMMENT, ...comments]) lines.push(`# ${c}`);
  return `${lines.join('\n')}\n`;
}

/** Annotation codes (annot(5) / ecgcodes.h). */
export const ANN = { NORMAL: 1, PVC: 5, APC: 8, PACE: 12, RHYTHM: 28, NOTE: 22, SKIP: 59, AUX: 63 } as const;

export interface WfdbAnnotation {
  /** Sample number (in the record's sampling frequency). */
  sample: number;
  code: number;
  aux?: string;
}

/**
 * MIT-format annotation file: per annotation a 16-bit little-endian word (code << 10 | time increment);
 * increments over 1023 samples go in a SKIP word followed by a 32-bit interval (high 16 bits first,
 * each half little-endian) and the annotation with increment 0; an AUX word (63 << 10 | length) carries
 * the rhythm string, padded to even length; a zero word ends the file.
 */
export function encodeAnnotations(anns: readonly WfdbAnnotation[]): Uint8Array {
  const bytes: number[] = [];
  const word = (w: number) => bytes.push(w & 0xff, (w >> 8) & 0xff);
  let prev = 0;
  for (const a of [...anns].sort((x, y) => x.sample - y.sample)) {
    let delta = a.sample - prev;
    if (delta < 0) throw new Error('WFDB annotations must not go back in time');
    prev = a.sample;
    if (delta > 1023) {
      word(ANN.SKIP << 10);
      word((delta >>> 16) & 0xffff);
      word(delta & 0xffff);
      delta = 0;
    }
    word((a.code << 10) | delta);
    if (a.aux !== undefined) {
      const text = [...a.aux].map((c) => c.charCodeAt(0) & 0xff);
      if (text.length > 255) throw new Error('WFDB aux strings are at most 255 bytes');
      word((ANN.AUX << 10) | text.length);
      bytes.push(...text);
      if (text.length % 2) bytes.push(0);
    }
  }
  word(0);
  return Uint8Array.from(bytes);
}

/** Rhythm names → the aux strings PhysioNet databases use (MIT-BIH conventions). */
export const RHYTHM_AUX: Readonly<Record<string, string>> = {
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
