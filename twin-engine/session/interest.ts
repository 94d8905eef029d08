/**
 * Which waveform channels of which beds somebody is listening to. The engine generates a waveform only
 * while a subscriber wants it (a numerics-only evaluation then pays nothing for 500 Hz ECG).
 */
import { CHANNEL_IDS, type ChannelId } from '../devices/index';
import type { WaveformFilter } from './api';

export class WaveformInterest {
  private readonly filters = new Map<number, WaveformFilter>();
  private nextId = 1;

  add(filter: WaveformFilter): number {
    const id = this.nextId++;
    this.filters.set(id, filter);
    return id;
  }

  remove(id: number): void {
    this.filters.delete(id);
  }

  /** Channels wanted for one bed, in the canonical channel order. */
  channelsFor(bedId: string): ChannelId[] {
    const wanted = new Set<ChannelId>();
    for (const f of this.filters.values()) {
      if (f.bedId !== undefined && f.bedId !== bedId) continue;
      for (const ch of f.channels ?? CHANNEL_IDS) wanted.add(ch);
    }
    return CHANNEL_IDS.filter((c) => wanted.has(c));
  }
}
