/**
 * Headless capture of a ward for export: waveforms of every channel, 1 Hz numerics with the hidden
 * truth, the monitor's beats (for WFDB beat annotations), rhythm changes and truth episodes. Drives the
 * WardEngine directly rather than a Session because beat timing is device-internal and the session API
 * (rightly) does not expose it.
 */
import { CHANNEL_IDS, CHANNELS, type ChannelId, type MonitorNumerics } from '../devices/index';
import { BEAT_NORMAL, BEAT_PACED, BEAT_PVC, BEAT_VT } from '../devices/beats';
import { WardEngine, type WardPlan } from '../core/ward-engine';
import type { PatientProfile } from '../physiology/index';
import type { TruthSummary } from '../session/api';
import { summariseTruth } from '../session/truth';
import type { EvalEpisode } from '../evaluation/types';

export type BeatLabel = 'N' | 'V' | '/';

export interface BedCapture {
  bedId: string;
  label: string;
  profile: PatientProfile;
  frames: { bedId: string; simTimeS: number; measured: MonitorNumerics; truth: TruthSummary }[];
  waveforms: Record<ChannelId, Float32Array>;
  beats: { tS: number; label: BeatLabel }[];
  rhythms: { tS: number; rhythm: string }[];
  episodes: EvalEpisode[];
}

export interface WardCapture {
  wardId: string;
  title: string;
  durationS: number;
  beds: BedCapture[];
}

const BEAT_LABEL: Record<number, BeatLabel> = { [BEAT_NORMAL]: 'N', [BEAT_PVC]: 'V', [BEAT_VT]: 'V', [BEAT_PACED]: '/' };

export function captureWard(plan: WardPlan, durationS: number, opts: { waveforms?: boolean } = {}): WardCapture {
  const engine = new WardEngine(plan);
  const chans = opts.waveforms === false ? [] : CHANNEL_IDS;
  const beds = engine.beds.map((b) => {
    b.setEnabledChannels(chans);
    return {
      bed: b,
      cap: {
        bedId: b.bedId,
        label: b.label,
        profile: b.plan.profile,
        frames: [],
        waveforms: {} as Record<ChannelId, Float32Array>,
        beats: [],
        rhythms: [{ tS: 0, rhythm: b.patient.state.rhythm }],
        episodes: [],
      } as BedCapture,
      chunks: Object.fromEntries(CHANNEL_IDS.map((c) => [c, [] as Float32Array[]])) as Record<ChannelId, Float32Array[]>,
      beatSeq: b.monitor.sched.beats.count,
      episodes: new Map<string, EvalEpisode>(),
    };
  });
  const seconds = Math.round(durationS);
  for (let s = 0; s < seconds; s++) {
    while (!engine.step()) {
      /* step to the next whole second */
    }
    const t = engine.simTimeS;
    for (const x of beds) {
      const b = x.bed;
      for (const ch of chans) x.chunks[ch].push(b.monitor.drain(ch));
      x.cap.frames.push({ bedId: b.bedId, simTimeS: t, measured: { ...b.monitor.numerics }, truth: summariseTruth(b.patient.state) });
      const ring = b.monitor.sched.beats;
      for (let q = Math.max(x.beatSeq, ring.oldest()); q < ring.count; q++) {
        const i = ring.slot(q);
        x.cap.beats.push({ tS: ring.tRS[i], label: BEAT_LABEL[ring.kind[i]] ?? 'N' });
      }
      x.beatSeq = ring.count;
      const r = b.patient.state.rhythm;
      if (x.cap.rhythms[x.cap.rhythms.length - 1].rhythm !== r) x.cap.rhythms.push({ tS: t, rhythm: r });
    }
    for (const ev of engine.pending.splice(0)) {
      if (ev.type !== 'episode') continue;
      const x = beds.find((y) => y.bed.bedId === ev.bedId);
      x?.episodes.set(ev.episode.id, { label: ev.episode.label, onsetS: ev.episode.onsetS, offsetS: ev.episode.offsetS, severity: ev.episode.severity });
    }
  }
  for (const x of beds) {
    for (const ch of chans) {
      const parts = x.chunks[ch];
      const n = Math.min(parts.reduce((s, p) => s + p.length, 0), Math.round(seconds * CHANNELS[ch].sampleRateHz));
      const all = new Float32Array(n);
      let o = 0;
      for (const p of parts) {
        all.set(p.subarray(0, Math.min(p.length, n - o)), o);
        o += p.length;
        if (o >= n) break;
      }
      x.cap.waveforms[ch] = all;
    }
    x.cap.beats = x.cap.beats.filter((bt) => bt.tS >= 0 && bt.tS < seconds);
    x.cap.episodes = [...x.episodes.values()];
  }
  return { wardId: plan.wardId, title: plan.title, durationS: seconds, beds: beds.map((x) => x.cap) };
}
