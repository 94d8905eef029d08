/**
 * Alarm tone patterns after IEC 60601-1-8 (auditory alarm signals): a HIGH priority burst is 10 pulses
 * (3 + 2, pause, 3 + 2), MEDIUM is 3 pulses, LOW is 1–2 pulses; higher priorities repeat sooner and use
 * shorter pulses. Values sit inside the standard's ranges (pulse 75–200 ms high / 125–250 ms medium and
 * low; inter-burst 2.5–15 s high, 2.5–30 s medium, ≥ 15 s low). Pure data so it can be tested.
 */
import type { AlarmPriority } from '../../../twin-engine/devices/index';

export interface TonePattern {
  /** Pulse start times within one burst (s). */
  pulsesS: number[];
  pulseS: number;
  /** Fundamental frequency (Hz); the standard asks for ≥ 4 harmonics, so a square-ish wave is used. */
  freqHz: number;
  /** Time from the start of one burst to the next (s). */
  repeatS: number;
  gain: number;
}

const spaced = (starts: number[]) => starts.map((s) => Math.round(s * 1000) / 1000);

export const TONE_PATTERNS: Record<AlarmPriority, TonePattern> = {
  // x-x-x---x-x ... x-x-x---x-x : 10 pulses, 150 ms, 100 ms apart, 0.35 s gap in each half, 1 s between halves.
  high: {
    pulsesS: spaced([0, 0.25, 0.5, 1.0, 1.25, 2.25, 2.5, 2.75, 3.25, 3.5]),
    pulseS: 0.15,
    freqHz: 660,
    repeatS: 9,
    gain: 0.22,
  },
  medium: { pulsesS: [0, 0.3, 0.6], pulseS: 0.2, freqHz: 520, repeatS: 7, gain: 0.16 },
  low: { pulsesS: [0, 0.35], pulseS: 0.22, freqHz: 440, repeatS: 20, gain: 0.1 },
};
