/**
 * Transient live data: the latest numerics per bed, compact trend rings, and waveform rings per bed
 * and channel. Stream callbacks mutate it; useFrame / requestAnimationFrame code reads it. Nothing here
 * triggers a React render — per-frame data never goes through React state.
 */
import type { ChannelId } from '../../../twin-engine/devices/index';
import type { NumericsFrame, WaveformChunk } from '../../../twin-engine/session/api';
import { TrendRing } from './trend-ring';
import { WaveBuffer } from './wave-buffer';

/** Seconds of waveform kept per channel: enough for a 10 s strip plus a sweep. */
const WAVE_SECONDS = 12;
/** Seconds of 1 Hz numerics kept per bed for trends. */
export const TREND_SECONDS = 4 * 3600;

export class LiveStore {
  readonly numerics = new Map<string, NumericsFrame>();
  readonly trends = new Map<string, TrendRing>();
  private readonly waves = new Map<string, WaveBuffer>();
  simTimeS = 0;
  /** Simulated seconds per wall second, as the engine measured it. */
  achievedFactor = 0;
  version = 0;

  onNumerics(f: NumericsFrame): void {
    this.numerics.set(f.bedId, f);
    let t = this.trends.get(f.bedId);
    if (!t) this.trends.set(f.bedId, (t = new TrendRing(TREND_SECONDS)));
    t.push(f.simTimeS, f.measured);
    this.version++;
  }

  onWaveform(c: WaveformChunk): void {
    const key = `${c.bedId}/${c.channel}`;
    let buf = this.waves.get(key);
    if (!buf || buf.sampleRateHz !== c.sampleRateHz) this.waves.set(key, (buf = new WaveBuffer(c.sampleRateHz, WAVE_SECONDS)));
    // Two subscriptions may deliver the same chunk (ward-wide ECG and the selected bed's monitor):
    // keep each stretch of signal once.
    if (buf.written > 0 && c.t0S < buf.endTimeS - 0.5 / c.sampleRateHz) return;
    buf.push(c.samples, c.t0S);
  }

  wave(bedId: string, channel: ChannelId): WaveBuffer | undefined {
    return this.waves.get(`${bedId}/${channel}`);
  }

  clear(): void {
    this.numerics.clear();
    this.trends.clear();
    this.waves.clear();
    this.version++;
  }
}

export const live = new LiveStore();
