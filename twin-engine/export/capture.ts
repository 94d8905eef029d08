/**
 * Capture of a ward run for export: waveforms of every channel, 1 Hz numerics with the hidden truth, the
 * monitor's beats (for WFDB beat annotations), rhythm changes, ECG quality changes (NOISE annotations) and
 * truth episodes. A recorder attaches to
 * a session — the one simulation driver — so an export is written from the same run as everything else
 * the session published (`wardtwin run --format wfdb` writes numerics.csv and WFDB from ONE run). Beat
 * timing is device-internal and the session API (rightly) does not expose it: the recorder reads it
 * through the in-process session's per-second observer.
 */
import { CHANNEL_IDS, CHANNELS, type ChannelId, type MonitorNumerics } from '../devices/index';
import { BEAT_NORMAL, BEAT_PAC, BEAT_PACED, BEAT_PVC, BEAT_VT } from '../devices/beats';
import type { WardEngine, WardPlan } from '../core/ward-engine';
import { InProcessSession } from '../session/in-process';
import type { PatientProfile } from '../physiology/index';
import type { TruthSummary } from '../session/api';
import type { EvalEpisode } from '../evaluation/types';
import { SQ_NOISY, SQ_UNREADABLE } from '../devices/signal-quality';
import type { BedMonitorSettings } from '../scenario/monitor-settings';

/** MIT-BIH beat labels: normal, ventricular (PVC or VT beat), paced, atrial premature (for a PAC beat kind). */
export type BeatLabel = 'N' | 'V' | '/' | 'A';
export type EcgQuality = 'clean' | 'noisy' | 'unreadable';

export interface BedCapture {
  bedId: string;
  label: string;
  profile: PatientProfile;
  frames: { bedId: string; simTimeS: number; measured: MonitorNumerics; truth: TruthSummary }[];
  waveforms: Record<ChannelId, Float32Array>;
  beats: { tS: number; label: BeatLabel }[];
  rhythms: { tS: number; rhythm: string }[];
  /** ECG quality from t = 0, one entry per change (for NOISE annotations). */
  ecgQuality: { tS: number; quality: EcgQuality }[];
  episodes: EvalEpisode[];
  /** Monitor artifacts and ECG noise the ward/cohort file set for this bed (none: default noise floor only). */
  monitor?: BedMonitorSettings;
}

export interface WardCapture {
  wardId: string;
  title: string;
  durationS: number;
  beds: BedCapture[];
}

const BEAT_LABEL: Record<number, BeatLabel> = { [BEAT_NORMAL]: 'N', [BEAT_PVC]: 'V', [BEAT_VT]: 'V', [BEAT_PACED]: '/', [BEAT_PAC]: 'A' };
const QUALITY = (q: number): EcgQuality => (q === SQ_UNREADABLE ? 'unreadable' : q === SQ_NOISY ? 'noisy' : 'clean');

/** Records everything an export needs from a session run; `finish` assembles the capture. */
export class CaptureRecorder {
  private readonly beds = new Map<string, { cap: BedCapture; chunks: Record<ChannelId, Float32Array[]>; beatSeq: number; qualitySeq: number; rhythmSeq: number; episodes: Map<string, EvalEpisode> }>();
  private readonly stop: (() => void)[] = [];
  private wardId = '';
  private title = '';

  /** Call after `session.load`, before stepping. `waveforms: false` records numerics only (no channels turned on). */
  constructor(session: InProcessSession, opts: { waveforms?: boolean } = {}) {
    const chans = opts.waveforms === false ? [] : CHANNEL_IDS;
    const offObserver = session.observeSeconds(
      (engine) => this.second(engine),
      (engine) => {
        this.wardId = engine.plan.wardId;
        this.title = engine.plan.title;
        for (const b of engine.beds) {
          this.beds.set(b.bedId, {
            cap: { bedId: b.bedId, label: b.label, profile: b.plan.profile, ...(b.plan.monitor ? { monitor: b.plan.monitor } : {}), frames: [], waveforms: {} as Record<ChannelId, Float32Array>, beats: [], rhythms: [{ tS: 0, rhythm: b.patient.state.rhythm }], ecgQuality: [{ tS: 0, quality: QUALITY(b.monitor.ecgQuality.last) }], episodes: [] },
            chunks: Object.fromEntries(chans.map((c) => [c, [] as Float32Array[]])) as Record<ChannelId, Float32Array[]>,
            beatSeq: b.monitor.sched.beats.count,
            qualitySeq: b.monitor.ecgQuality.count,
            rhythmSeq: b.monitor.rhythmLog.count,
            episodes: new Map(),
          });
        }
      },
    );
    this.stop.push(offObserver);
    const subs = [
      session.numerics({ includeTruth: true }).subscribe((f) => {
        this.beds.get(f.bedId)?.cap.frames.push({ bedId: f.bedId, simTimeS: f.simTimeS, measured: f.measured, truth: f.truth as TruthSummary });
      }),
      session.events().subscribe((ev) => {
        if (ev.type !== 'episode') return;
        this.beds.get(ev.bedId)?.episodes.set(ev.episode.id, { label: ev.episode.label, onsetS: ev.episode.onsetS, offsetS: ev.episode.offsetS, severity: ev.episode.severity });
      }),
    ];
    if (chans.length) {
      subs.push(
        session.waveforms({ channels: [...chans] }).subscribe((c) => {
          this.beds.get(c.bedId)?.chunks[c.channel]?.push(c.samples);
        }),
      );
    }
    for (const s of subs) this.stop.push(() => s.unsubscribe());
  }

  /** Device internals at a 1 Hz boundary: beats, rhythm and ECG-quality changes since the last second (each timed by the monitor). */
  private second(engine: WardEngine): void {
    for (const b of engine.beds) {
      const x = this.beds.get(b.bedId);
      if (!x) continue;
      const ring = b.monitor.sched.beats;
      for (let q = Math.max(x.beatSeq, ring.oldest()); q < ring.count; q++) {
        const i = ring.slot(q);
        x.cap.beats.push({ tS: ring.tRS[i], label: BEAT_LABEL[ring.kind[i]] ?? 'N' });
      }
      x.beatSeq = ring.count;
      const ql = b.monitor.ecgQuality;
      if (ql.count < x.qualitySeq) x.qualitySeq = 0; // a restored monitor starts a new log
      for (let q = Math.max(x.qualitySeq, ql.oldest()); q < ql.count; q++) {
        const i = ql.slot(q);
        const quality = QUALITY(ql.v[i]);
        if (x.cap.ecgQuality[x.cap.ecgQuality.length - 1].quality !== quality) x.cap.ecgQuality.push({ tS: ql.tS[i], quality });
      }
      x.qualitySeq = ql.count;
      // The rhythm as the monitor drew it, timed to the piece where it changed (not to this second).
      const rl = b.monitor.rhythmLog;
      if (rl.count < x.rhythmSeq) x.rhythmSeq = 0;
      for (let q = Math.max(x.rhythmSeq, rl.oldest()); q < rl.count; q++) {
        const i = rl.slot(q);
        const last = x.cap.rhythms[x.cap.rhythms.length - 1];
        if (last.rhythm === rl.v[i]) continue;
        if (rl.tS[i] <= last.tS) last.rhythm = rl.v[i]; // the first drawn rhythm at t = 0 replaces the one read at load
        else x.cap.rhythms.push({ tS: rl.tS[i], rhythm: rl.v[i] });
      }
      x.rhythmSeq = rl.count;
    }
  }

  /** Stop recording and assemble the first `durationS` seconds. */
  finish(durationS: number): WardCapture {
    for (const off of this.stop.splice(0)) off();
    const seconds = Math.round(durationS);
    const beds: BedCapture[] = [];
    for (const x of this.beds.values()) {
      for (const [ch, parts] of Object.entries(x.chunks) as [ChannelId, Float32Array[]][]) {
        const n = Math.min(parts.reduce((s, p) => s + p.length, 0), Math.round(seconds * CHANNELS[ch].sampleRateHz));
        const all = new Float32Array(n);
        let o = 0;
        for (const p of parts) {
          if (o >= n) break;
          all.set(p.subarray(0, Math.min(p.length, n - o)), o);
          o += p.length;
        }
        x.cap.waveforms[ch] = all;
      }
      x.cap.frames = x.cap.frames.filter((f) => f.simTimeS <= seconds);
      x.cap.beats = x.cap.beats.filter((bt) => bt.tS >= 0 && bt.tS < seconds);
      x.cap.ecgQuality = x.cap.ecgQuality.filter((q) => q.tS < seconds);
      x.cap.episodes = [...x.episodes.values()];
      beds.push(x.cap);
    }
    return { wardId: this.wardId, title: this.title, durationS: seconds, beds };
  }
}

/** Simulate a ward plan for export: a session on the one driver with a recorder attached. */
export async function captureWard(plan: WardPlan, durationS: number, opts: { waveforms?: boolean } = {}): Promise<WardCapture> {
  const session = new InProcessSession({ loadPlan: () => plan });
  try {
    await session.load({ kind: 'builtin', path: plan.sourceFile });
    const rec = new CaptureRecorder(session, opts);
    await session.step(Math.round(durationS));
    return rec.finish(durationS);
  } finally {
    await session.dispose();
  }
}
