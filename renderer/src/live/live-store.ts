/**
 * Transient live data: the latest numerics per bed and waveform rings per bed and channel. Stream
 * callbacks mutate it; useFrame / requestAnimationFrame code reads it. Nothing here triggers a React
 * render — per-frame data never goes through React state.
 */
import type { ChannelId } from '../../../twin-engine/devices/index';
import type { NumericsFrame, WaveformChunk } from '../../../twin-engine/session/api';
import { WaveBuffer } from './wave-buffer';

/** Seconds of waveform kept per channel: enough for a 10 s strip plus a sweep. */
const WAVE_SECONDS = 12;
/** Seconds of 1 Hz numerics kept per bed for trends. */
const TREND_SECONDS = 4 * 3600;

export class LiveStore {
  readonly numerics = new Map<string, NumericsFrame>();
  readonly trends = new Map<string, NumericsFrame[]>();
  private readonly waves = new Map<string, WaveBuffer>();
  simTimeS = 0;
  version = 0;

  onNumerics(f: NumericsFrame): void {
    this.numerics.set(f.bedId, f);
    let t = this.trends.get(f.bedId);
    if (!t) this.trends.set(f.bedId, (t = []));
    t.push(f);
    if (t.length > TREND_SECONDS) t.splice(0, t.length - TREND_SECONDS);
    this.version++;
  }

  onWaveform(c: WaveformChunk): void {
    const key = `${c.bedId}/${c.channel}`;
    let buf = this.waves.get(key);
    if (!buf || buf.sampleRateHz !== c.sampleRateHz) this.waves.set(key, (buf = new WaveBuffer(c.sampleRateHz, WAVE_SECONDS)));
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
