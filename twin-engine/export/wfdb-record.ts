/**
 * A captured bed → WFDB records. WFDB wants one sampling frequency per record file, so channels are
 * grouped by rate: `<bed>_ecg` (ECG II, 500 Hz, with beat and rhythm annotations in `<bed>_ecg.atr`),
 * `<bed>_hemo` (arterial pressure and pleth, 125 Hz) and `<bed>_resp` (CO2 and impedance, 25 Hz).
 * Annotation conventions: docs/REFERENCES.md#wfdb.
 */
import { CHANNELS, type ChannelId } from '../devices/index';
import type { BedCapture, EcgQuality } from './capture';
import { ANN, encodeAnnotations, encodeSignals, headerText, NOISE_SUBTYPE, RHYTHM_AUX, toAdc, type WfdbAnnotation, type WfdbFormat, type WfdbSignalSpec } from './wfdb';
import type { Rhythm } from '../physiology/rhythm';

export const WFDB_GROUPS: readonly { suffix: string; channels: readonly ChannelId[] }[] = [
  { suffix: 'ecg', channels: ['ecg_ii'] },
  { suffix: 'hemo', channels: ['art', 'pleth'] },
  { suffix: 'resp', channels: ['co2', 'resp'] },
];

const BEAT_CODE = { N: ANN.NORMAL, V: ANN.PVC, '/': ANN.PACE, A: ANN.APC } as const;

/** Channel scaling; for format 212 the gain shrinks (if needed) so physMin..physMax fits in ±2047. */
export function signalSpec(ch: ChannelId, format: WfdbFormat): WfdbSignalSpec {
  const c = CHANNELS[ch];
  const maxAbs = Math.max(Math.abs(c.physMin), Math.abs(c.physMax));
  const gain = format === 212 ? Math.min(c.adcGain, Math.floor(2047 / maxAbs)) : c.adcGain;
  return { gain, baseline: c.adcZero, units: c.units, adcRes: format === 212 ? 12 : 16, adcZero: c.adcZero, description: c.label };
}

/** Annotation order within one sample: a VF or noise period ends, the rhythm changes, VF starts, then the beat. */
const RANK: Record<number, number> = { [ANN.VFOFF]: 0, [ANN.NOISE]: 1, [ANN.RHYTHM]: 2, [ANN.VFON]: 3 };
const NOISE_SUB: Record<EcgQuality, number> = {
  clean: NOISE_SUBTYPE.clean,
  noisy: NOISE_SUBTYPE.noisy(0),
  // The ECG record has one signal, so "signal 0 unreadable" is "every signal unreadable": −1, which bxb
  // and EC57 read as a shutdown period (bits 4 and 5 set).
  unreadable: NOISE_SUBTYPE.allUnreadable,
};

/**
 * The ECG record's annotations, as PhysioNet databases write them: a RHYTHM '+' with the MIT-BIH aux
 * string at t = 0 and at every rhythm change (including runs of ectopy: ectopyRuns); VFON '[' / VFOFF ']' around ventricular fibrillation;
 * NOISE '~' where the signal turns noisy or unreadable (subtype above) and a clean NOISE where it
 * recovers; a beat label (N, V, /) at every R wave the monitor scheduled (beats hidden by a detached
 * lead are kept: bxb leaves unreadable periods out of its statistics).
 */
export function ecgAnnotations(bed: Pick<BedCapture, 'rhythms' | 'beats' | 'ecgQuality'>, fs: number, nSamples: number): WfdbAnnotation[] {
  const at = (tS: number) => Math.round(tS * fs);
  const anns: WfdbAnnotation[] = [];
  let prev: string | null = null;
  const base: { sample: number; aux: string; rhythm: string }[] = [];
  for (const r of bed.rhythms) {
    const s = at(r.tS);
    if (prev === 'ventricular_fibrillation' && r.rhythm !== prev) anns.push({ sample: s, code: ANN.VFOFF });
    base.push({ sample: s, aux: RHYTHM_AUX[r.rhythm as Rhythm] ?? `(${r.rhythm}`, rhythm: r.rhythm });
    if (r.rhythm === 'ventricular_fibrillation' && prev !== r.rhythm) anns.push({ sample: s, code: ANN.VFON });
    prev = r.rhythm;
  }
  for (const r of rhythmLabels(base, ectopyRuns(bed.beats.map((b) => ({ sample: at(b.tS), label: b.label })), base))) anns.push({ sample: r.sample, code: ANN.RHYTHM, aux: r.aux });
  // NOISE only where quality changes (the record starts clean unless its first entry says otherwise).
  let q: EcgQuality = 'clean';
  for (const e of bed.ecgQuality) {
    if (e.quality === q) continue;
    anns.push({ sample: at(e.tS), code: ANN.NOISE, subtyp: NOISE_SUB[e.quality] });
    q = e.quality;
  }
  for (const b of bed.beats) anns.push({ sample: at(b.tS), code: BEAT_CODE[b.label] });
  return anns
    .filter((a) => a.sample >= 0 && a.sample < nSamples)
    .sort((a, b) => a.sample - b.sample || (RANK[a.code] ?? 9) - (RANK[b.code] ?? 9));
}

/** The bed's monitor setting as a header comment (the NST convention for the SNR). */
function monitorComment(bed: BedCapture): string {
  const m = bed.monitor;
  const n = m?.ecgNoise ? `ECG noise ${m.ecgNoise.types.join('+')} at SNR ${m.ecgNoise.snrDb} dB (NST convention)` : 'ECG noise: default floor only';
  const fl = m?.ecgNoiseFloor === false ? ', floor off' : '';
  const a = m?.artifacts && Object.keys(m.artifacts).length ? `; artifacts ${Object.entries(m.artifacts).map(([k, v]) => `${k} ${v}`).join(', ')}` : '; artifacts none set by file';
  return `monitor: ${n}${fl}${a}`;
}

/**
 * One WFDB record per sampling rate. `startMs` (the wall-clock time of simulated t = 0) goes into each
 * header's record line as its base time and date.
 */
export function bedToWfdb(bed: BedCapture, format: WfdbFormat = 16, startMs?: number): Record<string, Uint8Array | string> {
  const files: Record<string, Uint8Array | string> = {};
  const safe = bed.bedId.replace(/[^A-Za-z0-9_]/g, '_');
  const comments = [`bed ${bed.bedId}: ${bed.profile.sex}, ${Math.floor(bed.profile.ageY)} y, Monk skin tone ${bed.profile.skinToneMonk}`, monitorComment(bed)];
  for (const g of WFDB_GROUPS) {
    const present = g.channels.filter((ch) => bed.waveforms[ch] && bed.waveforms[ch].length > 0);
    if (present.length === 0) continue;
    const n = Math.min(...present.map((ch) => bed.waveforms[ch].length));
    const specs = present.map((ch) => signalSpec(ch, format));
    const adc = present.map((ch, i) => toAdc(bed.waveforms[ch].subarray(0, n), specs[i], format));
    const rec = `${safe}_${g.suffix}`;
    const fs = CHANNELS[present[0]].sampleRateHz;
    files[`${rec}.hea`] = headerText(rec, fs, `${rec}.dat`, format, specs, adc, comments, startMs);
    files[`${rec}.dat`] = encodeSignals(adc, format);
    if (g.suffix === 'ecg') files[`${rec}.atr`] = encodeAnnotations(ecgAnnotations(bed, fs, n));
  }
  return files;
}

/** The base rhythm in force at a sample (the last change at or before it). */
function baseAt(base: readonly { sample: number; aux: string; rhythm: string }[], sample: number): { aux: string; rhythm: string } {
  let cur = base[0] ?? { aux: '', rhythm: '' };
  for (const b of base) if (b.sample <= sample) cur = b;
  return cur;
}

const VENTRICULAR = new Set(['ventricular_tachycardia', 'ventricular_fibrillation']);
const MIN_CYCLES = 3;

/**
 * Rhythms an annotator reads from the beat sequence, as in the MIT-BIH Arrhythmia Database: a run of
 * three or more consecutive PVCs is ventricular tachycardia "(VT"; N–V repeated is ventricular bigeminy
 * "(B", N–N–V repeated trigeminy "(T" (here from three cycles: MIT-BIH states no minimum). Each run
 * lasts from its first beat to the beat after it (or the record's end). Not inside a ventricular rhythm.
 */
export function ectopyRuns(beats: readonly { sample: number; label: string }[], base: readonly { sample: number; aux: string; rhythm: string }[]): { start: number; end: number; aux: string }[] {
  const runs: { start: number; end: number; aux: string }[] = [];
  const L = beats.map((b) => (VENTRICULAR.has(baseAt(base, b.sample).rhythm) ? '' : b.label));
  const endAt = (k: number) => (k < beats.length ? beats[k].sample : Infinity);
  const repeats = (i: number, pattern: string) => {
    let c = 0;
    while (pattern.split('').every((p, j) => L[i + c * pattern.length + j] === p)) c++;
    return c;
  };
  for (let i = 0; i < L.length; ) {
    let k = i;
    while (L[k] === 'V') k++;
    if (k - i >= MIN_CYCLES) {
      runs.push({ start: beats[i].sample, end: endAt(k), aux: '(VT' });
      i = k;
      continue;
    }
    const b = repeats(i, 'NV');
    if (b >= MIN_CYCLES) {
      runs.push({ start: beats[i].sample, end: endAt(i + 2 * b), aux: '(B' });
      i += 2 * b;
      continue;
    }
    const t = repeats(i, 'NNV');
    if (t >= MIN_CYCLES) {
      runs.push({ start: beats[i].sample, end: endAt(i + 3 * t), aux: '(T' });
      i += 3 * t;
      continue;
    }
    i++;
  }
  return runs;
}

/** RHYTHM annotations: the base rhythm's label, overridden inside ectopy runs, one annotation per change of label. */
function rhythmLabels(base: readonly { sample: number; aux: string; rhythm: string }[], runs: readonly { start: number; end: number; aux: string }[]): { sample: number; aux: string }[] {
  const points = [...new Set([...base.map((b) => b.sample), ...runs.flatMap((r) => [r.start, r.end]).filter(Number.isFinite)])].sort((a, b) => a - b);
  const out: { sample: number; aux: string }[] = [];
  for (const p of points) {
    const aux = runs.find((r) => r.start <= p && p < r.end)?.aux ?? baseAt(base, p).aux;
    if (aux !== out[out.length - 1]?.aux) out.push({ sample: p, aux });
  }
  return out;
}

