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
 * string at t = 0 and at every rhythm change; VFON '[' / VFOFF ']' around ventricular fibrillation;
 * NOISE '~' where the signal turns noisy or unreadable (subtype above) and a clean NOISE where it
 * recovers; a beat label (N, V, /) at every R wave the monitor scheduled (beats hidden by a detached
 * lead are kept: bxb leaves unreadable periods out of its statistics).
 */
export function ecgAnnotations(bed: Pick<BedCapture, 'rhythms' | 'beats' | 'ecgQuality'>, fs: number, nSamples: number): WfdbAnnotation[] {
  const at = (tS: number) => Math.round(tS * fs);
  const anns: WfdbAnnotation[] = [];
  let prev: string | null = null;
  let prevAux = '';
  for (const r of bed.rhythms) {
    const s = at(r.tS);
    if (prev === 'ventricular_fibrillation' && r.rhythm !== prev) anns.push({ sample: s, code: ANN.VFOFF });
    // One label per rhythm episode: sinus → sinus tachycardia is no change in MIT-BIH terms (both "(N").
    const aux = RHYTHM_AUX[r.rhythm as Rhythm] ?? `(${r.rhythm}`;
    if (aux !== prevAux) anns.push({ sample: s, code: ANN.RHYTHM, aux });
    prevAux = aux;
    if (r.rhythm === 'ventricular_fibrillation' && prev !== r.rhythm) anns.push({ sample: s, code: ANN.VFON });
    prev = r.rhythm;
  }
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

/**
 * One WFDB record per sampling rate. `startMs` (the wall-clock time of simulated t = 0) goes into each
 * header's record line as its base time and date.
 */
export function bedToWfdb(bed: BedCapture, format: WfdbFormat = 16, startMs?: number): Record<string, Uint8Array | string> {
  const files: Record<string, Uint8Array | string> = {};
  const safe = bed.bedId.replace(/[^A-Za-z0-9_]/g, '_');
  const comments = [`bed ${bed.bedId}: ${bed.profile.sex}, ${Math.floor(bed.profile.ageY)} y, Monk skin tone ${bed.profile.skinToneMonk}`];
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
