/** Display settings per channel for the sweep monitor: colour, label and vertical scale. */
import type { ChannelId } from '../../../twin-engine/devices/index';

export interface TraceStyle {
  channel: ChannelId;
  label: string;
  color: string;
  /** Fixed display range in the channel's units, or null to auto-scale over the visible window. */
  range: [number, number] | null;
}

export const TRACES: TraceStyle[] = [
  { channel: 'ecg_ii', label: 'II', color: '#33ff66', range: [-0.6, 1.6] },
  { channel: 'art', label: 'ART', color: '#ff6060', range: [30, 170] },
  { channel: 'pleth', label: 'Pleth', color: '#40d0ff', range: null },
  { channel: 'co2', label: 'CO₂', color: '#f0f040', range: [0, 50] },
  { channel: 'resp', label: 'Resp', color: '#f2f2f2', range: null },
];

/** Sweep speed: the ECG convention of 25 mm/s, shown as a window of this many seconds. */
export const SWEEP_WINDOW_S = 6;
