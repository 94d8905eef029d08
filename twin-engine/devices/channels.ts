/**
 * Waveform channels of the bedside monitor: sampling rates, units and WFDB scaling.
 *
 * ADC gains are chosen so that physMin..physMax fits in 16 bits (WFDB format 16) with headroom; the ECG
 * uses the conventional 200 ADC units per mV of PhysioNet's MIT-BIH records.
 *
 * Gap convention: samples inside a sensor dropout are NaN (WFDB writers should map NaN to the invalid
 * sample value −32768). Lead-off / probe-off are NOT gaps: the monitor records a flat line (0).
 */
import type { ChannelId, ChannelMeta } from './types';

export const CHANNELS: Readonly<Record<ChannelId, ChannelMeta>> = Object.freeze({
  ecg_ii: { id: 'ecg_ii', label: 'ECG II', sampleRateHz: 500, units: 'mV', adcGain: 200, adcZero: 0, physMin: -10, physMax: 10 },
  art: { id: 'art', label: 'ART', sampleRateHz: 125, units: 'mmHg', adcGain: 100, adcZero: 0, physMin: -50, physMax: 300 },
  pleth: { id: 'pleth', label: 'Pleth (AC/DC)', sampleRateHz: 125, units: '%', adcGain: 1000, adcZero: 0, physMin: -30, physMax: 30 },
  co2: { id: 'co2', label: 'CO2', sampleRateHz: 25, units: 'mmHg', adcGain: 100, adcZero: 0, physMin: -10, physMax: 150 },
  resp: { id: 'resp', label: 'Resp (impedance)', sampleRateHz: 25, units: 'Ohm', adcGain: 2000, adcZero: 0, physMin: -15, physMax: 15 },
});

export const CHANNEL_IDS: readonly ChannelId[] = Object.freeze(['ecg_ii', 'art', 'pleth', 'co2', 'resp'] as ChannelId[]);

/** Internal master clock: every channel's rate divides it (decimation factors 1, 4, 4, 20, 20). */
export const MASTER_HZ = 500;

/** Samples with NaN are dropout gaps. */
export function isGap(x: number): boolean {
  return x !== x;
}
