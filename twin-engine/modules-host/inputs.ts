/**
 * Builds each module's per-bed input from the session's per-second batch: only the subscribed numerics,
 * waveform samples concatenated across chunks and decimated to the subscribed rate, and only events a
 * clinician could see (alarms, interventions, lab results) — never truth episodes or injected conditions.
 */
import type { ChannelId, MonitorAlarm, MonitorNumerics } from '../devices/index';
import type { SessionEvent, WaveformChunk } from '../shared/session-data';
import type { BedSecondInput, ModuleEvent, ModuleManifest, WaveWindow } from './contract';

/** One bed's simulated second, as the session hands it to the host. */
export interface BedSecond {
  bedId: string;
  measured: MonitorNumerics;
  alarms?: MonitorAlarm[];
  /**
   * Every sample of the wanted channels (ModuleHost.wantedChannels) produced since the previous batch,
   * in time order; how the session chunked them does not matter.
   */
  waveforms: WaveformChunk[];
  /** This second's session events for this bed (the host filters what modules may see). */
  events: SessionEvent[];
}

export interface SecondBatch {
  simTimeS: number;
  /** In ward order (findings are published in this order). */
  beds: BedSecond[];
}

/** Concatenate a bed's chunks per channel (done once per batch, shared by all modules). */
export function joinChunks(chunks: readonly WaveformChunk[]): Map<ChannelId, WaveWindow> {
  const byCh = new Map<ChannelId, WaveformChunk[]>();
  for (const c of chunks) {
    const l = byCh.get(c.channel);
    if (l) l.push(c);
    else byCh.set(c.channel, [c]);
  }
  const out = new Map<ChannelId, WaveWindow>();
  for (const [ch, list] of byCh) {
    const n = list.reduce((s, c) => s + c.samples.length, 0);
    const samples = new Float32Array(n);
    let o = 0;
    for (const c of list) {
      samples.set(c.samples, o);
      o += c.samples.length;
    }
    out.set(ch, { t0S: list[0].t0S, sampleRateHz: list[0].sampleRateHz, samples });
  }
  return out;
}

/** Block-mean decimation by an integer factor (a crude anti-alias filter; NaN gaps propagate). */
export function decimate(w: WaveWindow, rateHz: number): WaveWindow {
  const k = Math.round(w.sampleRateHz / rateHz);
  if (k <= 1) return w;
  const n = Math.floor(w.samples.length / k);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += w.samples[i * k + j];
    out[i] = s / k;
  }
  return { t0S: w.t0S, sampleRateHz: rateHz, samples: out };
}

export function visibleEvents(events: readonly SessionEvent[]): ModuleEvent[] {
  const out: ModuleEvent[] = [];
  for (const e of events) {
    if (e.type === 'alarm') {
      out.push({ kind: 'alarm', simTimeS: e.simTimeS, change: e.change, code: e.alarm.code, priority: e.alarm.priority });
    } else if (e.type === 'intervention') {
      out.push({ kind: 'intervention', simTimeS: e.simTimeS, intervention: e.spec.kind, by: e.by, detail: structuredClone(e.spec) });
    } else if (e.type === 'scenario' && e.kind === 'lab_result') {
      const d = (e.data ?? {}) as { test?: unknown; value?: unknown; unit?: unknown };
      out.push({
        kind: 'lab',
        simTimeS: e.simTimeS,
        test: String(d.test ?? ''),
        value: typeof d.value === 'number' ? d.value : null,
        unit: typeof d.unit === 'string' ? d.unit : null,
      });
    }
    // 'episode', 'condition', scenario labels/triggers/states and notes can reveal the hidden truth.
  }
  return out;
}

export function moduleInput(
  m: ModuleManifest,
  bed: BedSecond,
  simTimeS: number,
  waves: Map<ChannelId, WaveWindow>,
  events: ModuleEvent[],
): BedSecondInput {
  const numerics: Partial<MonitorNumerics> = {};
  for (const f of m.subscribes.numerics) (numerics as Record<string, number | null>)[f] = bed.measured[f] ?? null;
  const waveforms: BedSecondInput['waveforms'] = {};
  for (const s of m.subscribes.waveforms) {
    const w = waves.get(s.channel);
    if (w) waveforms[s.channel] = decimate(w, s.rateHz);
  }
  const subs = m.subscribes;
  const evs = events.filter(
    (e) => subs.events.includes(e.kind) && (e.kind !== 'lab' || subs.labs.length === 0 || subs.labs.includes(e.test)),
  );
  return { bedId: bed.bedId, simTimeS, numerics, waveforms, events: evs };
}
