/**
 * A captured bed → WFDB records. WFDB wants one sampling frequency per record file, so channels are
 * grouped by rate: `<bed>_ecg` (ECG II, 500 Hz, with beat and rhythm annotations in `<bed>_ecg.atr`),
 * `<bed>_hemo` (arterial pressure and pleth, 125 Hz) and `<bed>_resp` (CO2 and impedance, 25 Hz).
 */
import { CHANNELS, type ChannelId } from '../devices/index';
import type { BedCapture } from './capture';
import { ANN, encodeAnnotations, encodeSignals, headerText, RHYTHM_AUX, toAdc, type WfdbAnnotation, type WfdbFormat, type WfdbSignalSpec } from './wfdb';

export const WFDB_GROUPS: readonly { suffix: string; channels: readonly ChannelId[] }[] = [
  { suffix: 'ecg', channels: ['ecg_ii'] },
  { suffix: 'hemo', channels: ['art', 'pleth'] },
  { suffix: 'resp', channels: ['co2', 'resp'] },
];

const BEAT_CODE = { N: ANN.NORMAL, V: ANN.PVC, A: ANN.APC, '/': ANN.PACE } as const;

/** Channel scaling; for format 212 the gain shrinks (if needed) so physMin..physMax fits in ±2047. */
export function signalSpec(ch: ChannelId, format: WfdbFormat): WfdbSignalSpec {
  const c = CHANNELS[ch];
  const maxAbs = Math.max(Math.abs(c.physMin), Math.abs(c.physMax));
  const gain = format === 212 ? Math.min(c.adcGain, Math.floor(2047 / maxAbs)) : c.adcGain;
  return { gain, baseline: c.adcZero, units: c.units, adcRes: format === 212 ? 12 : 16, adcZero: c.adcZero, description: c.label };
}

/** The bed's monitor setting as a header comment (the NST convention for the SNR). */
function monitorComment(bed: BedCapture): string {
  const m = bed.monitor;
  const n = m?.ecgNoise ? `ECG noise ${m.ecgNoise.types.join('+')} at SNR ${m.ecgNoise.snrDb} dB (NST convention)` : 'ECG noise: default floor only';
  const fl = m?.ecgNoiseFloor === false ? ', floor off' : '';
  const a = m?.artifacts && Object.keys(m.artifacts).length ? `; artifacts ${Object.entries(m.artifacts).map(([k, v]) => `${k} ${v}`).join(', ')}` : '; artifacts none set by file';
  return `monitor: ${n}${fl}${a}`;
}

export function bedToWfdb(bed: BedCapture, format: WfdbFormat = 16): Record<string, Uint8Array | string> {
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
    files[`${rec}.hea`] = headerText(rec, fs, `${rec}.dat`, format, specs, adc, comments);
    files[`${rec}.dat`] = encodeSignals(adc, format);
    if (g.suffix === 'ecg') {
      const anns: WfdbAnnotation[] = [
        ...bed.rhythms.map((r) => ({ sample: Math.round(r.tS * fs), code: ANN.RHYTHM, aux: RHYTHM_AUX[r.rhythm] ?? `(${r.rhythm}` })),
        ...bed.beats.map((b) => ({ sample: Math.round(b.tS * fs), code: BEAT_CODE[b.label] })),
      ].filter((a) => a.sample < n);
      // Stable sort keeps a rhythm change ahead of a beat at the same sample.
      files[`${rec}.atr`] = encodeAnnotations(anns.sort((a, b) => a.sample - b.sample));
    }
  }
  return files;
}
