/**
 * The bedside monitor: schedules beats and breaths from DeviceInput, generates the enabled waveform
 * channels into ring buffers, derives numerics from the scheduled events whatever is generated (one
 * derivation — see numerics.ts), runs NIBP cycles and alarms.
 *
 * Timing: a 500 Hz master tick counter. advance() is split into pieces that never cross a 0.2 s frame
 * boundary; artifact episodes, NIBP and detector housekeeping run per frame, numerics and alarms once
 * per second. The hot path (piece → channel render loops) allocates nothing.
 * SIMULATION ONLY — NOT FOR CLINICAL USE.
 */
import { Prng } from '../util/prng';
import type { AlarmEvent, AlarmLimits, ArtifactSettings, ChannelId, DeviceInput, MonitorAlarm, MonitorNumerics, MonitorOptions } from './types';
import { CHANNEL_IDS, MASTER_HZ } from './channels';
import { SampleRing } from './ring';
import { BeatScheduler, PLAN_HORIZON_S } from './beats';
import { EcgSynth } from './ecg';
import type { EcgNoiseSettings } from './noise';
import { PulseGen } from './hemo';
import { BreathScheduler, CapnoGen, ImpedanceGen } from './resp';
import { Artifacts, FRAME_S, SENSOR_ART, SENSOR_CO2, SENSOR_ECG, SENSOR_RESP, SENSOR_SPO2 } from './artifacts';
import { APNEA_NO_BREATH_S, ASYSTOLE_NO_QRS_S, EventPaths, PI_MIN_DETECT_PCT, Spo2Engine, emptyNumerics } from './numerics';
import { NIBP_DEFAULT_INTERVAL_S, Nibp } from './nibp';
import { AlarmManager, DEFAULT_ADULT_LIMITS, type AlarmStatus } from './alarms';
import { capture, restoreInto } from './snapshot';
import { ChangeLog, ecgQuality, SQ_CLEAN } from './signal-quality';

const FRAME_TICKS = Math.round(FRAME_S * MASTER_HZ); // 100
const FRAMES_PER_NUMERICS = 5; // 1 s
/** Ring capacities (power of two, ≥ 60 s of samples). */
const RING_SIZE: Record<ChannelId, number> = { ecg_ii: 32768, art: 8192, pleth: 8192, co2: 2048, resp: 2048 };

interface Rings {
  ecg_ii: SampleRing | null;
  art: SampleRing | null;
  pleth: SampleRing | null;
  co2: SampleRing | null;
  resp: SampleRing | null;
}

export class BedsideMonitor {
  // configuration (kept in the snapshot)
  seed: number;
  monk: number;
  biasOn: boolean;
  mainsHz: 50 | 60;
  nibpIntervalS: number;
  ecgOn = true;
  artOn = true;
  plethOn = true;
  co2On = true;
  respOn = true;
  // clock
  tick = 0;
  tAccS = 0;
  frameCount = 0;
  // components
  rings: Rings = { ecg_ii: null, art: null, pleth: null, co2: null, resp: null };
  rngArt: Prng;
  sched: BeatScheduler;
  breaths: BreathScheduler;
  ecg: EcgSynth;
  artGen = new PulseGen(true, 101);
  plethGen = new PulseGen(false, 2099);
  capno = new CapnoGen();
  imp = new ImpedanceGen();
  events = new EventPaths();
  art = new Artifacts();
  /** ECG quality changes (for exports' NOISE annotations); written from the artifact state, read by no generator. */
  ecgQuality = new ChangeLog<number>(SQ_CLEAN);
  /** The rhythm the ECG draws, from the piece where the device input changes (exports' RHYTHM annotations; '' = none yet). */
  rhythmLog = new ChangeLog<string>('');
  spo2: Spo2Engine;
  nibp: Nibp;
  nibpFail = false;
  alarmMgr: AlarmManager;
  status: AlarmStatus = { leadOff: false, probeOff: false, vf: false, vt: false, asystole: false, apnea: false, nibpFail: false };
  /** What the monitor displays; updated in place once per second. */
  readonly numerics: MonitorNumerics = emptyNumerics();

  constructor(opts: MonitorOptions) {
    this.seed = opts.seed >>> 0;
    this.monk = Math.min(10, Math.max(1, opts.skinToneMonk));
    this.biasOn = opts.pulseOxBias ?? true;
    this.mainsHz = opts.mainsHz ?? 50;
    this.nibpIntervalS = opts.nibpIntervalS ?? NIBP_DEFAULT_INTERVAL_S;
    const root = new Prng(this.seed);
    this.sched = new BeatScheduler(root.fork(1));
    this.breaths = new BreathScheduler(root.fork(2));
    this.ecg = new EcgSynth(root.fork(3), new Prng(0));
    this.rngArt = root.fork(4);
    this.spo2 = new Spo2Engine(root.fork(5));
    this.nibp = new Nibp(this.nibpIntervalS, root.fork(6));
    // Forked after the existing streams so that adding ectopy and noise left every older stream as it was.
    this.sched.ectopyRng = root.fork(7);
    this.ecg.noise.rng = root.fork(8);
    this.ecg.noise.u = (this.ecg.noise.rng.nextU32() | 1) | 0;
    if (opts.ecgNoise) this.ecg.noise.set(opts.ecgNoise);
    if (opts.ecgNoiseFloor === false) this.ecg.noise.floorOn = false;
    this.art.mainsHz = this.mainsHz;
    if (opts.artifacts) this.art.set(opts.artifacts);
    this.ecgQuality.note(0, ecgQuality(this.art));
    this.alarmMgr = new AlarmManager({ ...DEFAULT_ADULT_LIMITS, ...(opts.limits ?? {}) });
    this.setEnabledChannels(opts.enabledChannels ?? CHANNEL_IDS);
  }

  get timeS(): number {
    return this.tick / MASTER_HZ;
  }

  setEnabledChannels(ids: readonly ChannelId[]): void {
    const on = (id: ChannelId) => ids.includes(id);
    const now = this.timeS;
    // Numerics never depend on which channels are generated (numerics.ts: one derivation), so switching
    // only (re)starts a generator.
    if (on('ecg_ii') && !this.ecgOn) this.ecg.resync(this.sched, now);
    if (on('art') && !this.artOn) this.artGen.resync();
    if (on('pleth') && !this.plethOn) this.plethGen.resync();
    this.ecgOn = on('ecg_ii');
    this.artOn = on('art');
    this.plethOn = on('pleth');
    this.co2On = on('co2');
    this.respOn = on('resp');
    for (const id of CHANNEL_IDS) if (on(id) && this.rings[id] === null) this.rings[id] = new SampleRing(RING_SIZE[id]);
  }

  enabledChannels(): ChannelId[] {
    const f = [this.ecgOn, this.artOn, this.plethOn, this.co2On, this.respOn];
    return CHANNEL_IDS.filter((_, i) => f[i]);
  }

  setArtifacts(a: ArtifactSettings): void {
    this.art.set(a);
    this.ecgQuality.note(this.timeS, ecgQuality(this.art)); // a lead pulled off shows at once
  }

  artifacts(): ArtifactSettings {
    return this.art.get();
  }

  /** Noise-stress setting of the ECG (noise.ts; null = only the default noise floor). */
  setEcgNoise(n: EcgNoiseSettings | null): void {
    this.ecg.noise.set(n);
  }

  ecgNoise(): EcgNoiseSettings | null {
    return this.ecg.noise.get();
  }

  setPulseOxBias(on: boolean): void {
    this.biasOn = on;
  }

  setLimits(l: Partial<AlarmLimits>): void {
    this.alarmMgr.limits = { ...this.alarmMgr.limits, ...l };
  }

  limits(): AlarmLimits {
    return { ...this.alarmMgr.limits };
  }

  requestNibp(): void {
    this.nibp.request(this.timeS);
  }

  advance(input: DeviceInput, dtS: number): void {
    if (!(dtS > 0)) return;
    this.tAccS += dtS;
    const target = Math.round(this.tAccS * MASTER_HZ);
    while (this.tick < target) {
      const frameEnd = (Math.floor(this.tick / FRAME_TICKS) + 1) * FRAME_TICKS;
      const end = target < frameEnd ? target : frameEnd;
      this.piece(input, this.tick, end);
      this.tick = end;
      if (end === frameEnd) this.frame(input);
    }
  }

  private piece(inp: DeviceInput, n0: number, n1: number): void {
    const t0 = n0 / MASTER_HZ;
    const t1 = n1 / MASTER_HZ;
    if (inp.rhythm !== this.rhythmLog.last) this.rhythmLog.note(t0, inp.rhythm);
    this.sched.plan(inp, t0, t1 + PLAN_HORIZON_S);
    this.breaths.plan(inp, t0, t1 + 1);
    const r = this.rings;
    // The numerics' event paths run whatever is generated (one derivation); the waveforms are rendered
    // from the same scheduler and artifact state, which rendering only reads.
    const ev = this.events;
    ev.feedBeats(this.sched, t1, this.art);
    ev.feedArt(this.sched, t1, this.art);
    ev.feedPleth(this.sched, t1, inp, this.art);
    ev.feedBreaths(this.breaths, t1, this.art);
    if (this.ecgOn) this.ecg.render(r.ecg_ii!, n0, n1, inp, this.sched, this.art);
    // 125 Hz: sample k sits at master tick 4k; 25 Hz: at tick 20k
    const a0 = (n0 + 3) >> 2;
    const a1 = (n1 + 3) >> 2;
    if (this.artOn) this.artGen.render(r.art!, a0, a1, inp, this.sched, this.art);
    if (this.plethOn) this.plethGen.render(r.pleth!, a0, a1, inp, this.sched, this.art);
    const c0 = Math.ceil(n0 / 20);
    const c1 = Math.ceil(n1 / 20);
    if (this.co2On) this.capno.render(r.co2!, c0, c1, this.breaths, this.art);
    if (this.respOn) this.imp.render(r.resp!, c0, c1, inp, this.breaths, this.art);
  }

  private frame(inp: DeviceInput): void {
    const now = this.timeS;
    this.art.frame(inp, this.rngArt);
    this.ecgQuality.note(now, ecgQuality(this.art));
    if (this.nibp.frame(now, inp, this.art, this.numerics)) this.nibpFail = this.nibp.failed;
    if (++this.frameCount % FRAMES_PER_NUMERICS === 0) {
      this.publish(inp, now);
      this.alarmMgr.evaluate(now, this.numerics, this.status);
    }
  }

  private publish(inp: DeviceInput, t: number): void {
    const n = this.numerics;
    const art = this.art;
    const st = this.status;
    // HR from the R waves (event path: the same whatever channel is generated or subscribed)
    const beats = this.events.beats;
    const ecgValid = !art.leadOff && !art.gap(SENSOR_ECG);
    if (!ecgValid) n.hrBpm = null;
    else if (t - beats.lastT() > ASYSTOLE_NO_QRS_S) n.hrBpm = t > ASYSTOLE_NO_QRS_S ? 0 : null;
    else {
      const iv = beats.meanInterval(8, t - 15);
      n.hrBpm = iv === iv ? Math.round(60 / iv) : null;
    }
    st.leadOff = art.leadOff;
    st.vf = ecgValid && inp.rhythm === 'ventricular_fibrillation';
    st.asystole = ecgValid && !st.vf && n.hrBpm === 0;
    st.vt = ecgValid && inp.rhythm === 'ventricular_tachycardia' && n.hrBpm !== null && n.hrBpm >= 100;
    // PR, PI, SpO2 from pleth pulses
    const pulses = this.events.pleth;
    st.probeOff = art.probeOffNow;
    let pi = 0;
    if (art.probeOffNow || art.gap(SENSOR_SPO2) || t - pulses.lastT() > 10) {
      n.prBpm = null;
      n.perfusionIndexPct = null;
    } else {
      const iv = pulses.meanInterval(8, t - 15);
      n.prBpm = iv === iv ? Math.round(60 / iv) : null;
      pi = pulses.meanVal(4, t - 10, 1) - pulses.meanVal(4, t - 10, 2);
      n.perfusionIndexPct = pi === pi ? Math.round(pi * (pi < 1 ? 100 : 10)) / (pi < 1 ? 100 : 10) : null;
    }
    if (art.probeOffNow) {
      this.spo2.clear();
      n.spo2Pct = null;
    } else {
      const ok = !art.gap(SENSOR_SPO2) && t - pulses.lastT() < 3 && pi >= PI_MIN_DETECT_PCT;
      n.spo2Pct = this.spo2.second(inp, this.monk, this.biasOn, ok, pi, art.motionLevel);
    }
    // RR and EtCO2 from the breaths (feedBreaths drops a breath only while both breath sensors drop out)
    const co2Log = this.events.breaths;
    const rrLog = co2Log;
    const rrValid = true;
    const noBreath = t - rrLog.lastT() > APNEA_NO_BREATH_S && t > APNEA_NO_BREATH_S;
    st.apnea = rrValid && noBreath;
    if (!rrValid) n.rrBpm = null;
    else if (noBreath) n.rrBpm = 0;
    else {
      const iv = rrLog.meanInterval(4, t - 60);
      n.rrBpm = iv === iv ? Math.round(60 / iv) : null;
    }
    if (art.gap(SENSOR_CO2)) n.etco2MmHg = null;
    else if (t - co2Log.lastT() > APNEA_NO_BREATH_S) n.etco2MmHg = t > APNEA_NO_BREATH_S ? 0 : null;
    else {
      const et = co2Log.meanVal(2, t - 30, 1);
      n.etco2MmHg = et === et ? Math.round(et) : null;
    }
    // arterial line
    const ap = this.events.art;
    // No pulse yet in the first 6 s is "no reading", not a flat line (SBP = DBP = MAP at start-up)
    if (art.gap(SENSOR_ART) || (t - ap.lastT() > 6 && t <= 6)) n.artSysMmHg = n.artDiaMmHg = n.artMeanMmHg = null;
    else if (t - ap.lastT() > 6) {
      // 6 s without ejection: the line has run off to the floor (hemo.ts RUNOFF_TAU_S 1.5 s)
      const flat = Math.round(Math.min(inp.mapMmHg, 20));
      n.artSysMmHg = n.artDiaMmHg = n.artMeanMmHg = flat;
    } else {
      const s = ap.meanVal(4, t - 10, 1);
      const d = ap.meanVal(4, t - 10, 2);
      const m = ap.meanVal(4, t - 10, 3);
      n.artSysMmHg = s === s ? Math.round(s) : null;
      n.artDiaMmHg = d === d ? Math.round(d) : null;
      n.artMeanMmHg = m === m ? Math.round(m) : null;
    }
    n.tempC = Math.round(inp.coreTempC * 10) / 10;
    st.nibpFail = this.nibpFail;
  }

  pendingSamples(ch: ChannelId): number {
    const r = this.rings[ch];
    return r === null ? 0 : r.pending();
  }

  drain(ch: ChannelId): Float32Array {
    const r = this.rings[ch];
    return r === null ? new Float32Array(0) : r.drain();
  }

  alarms(): readonly MonitorAlarm[] {
    return this.alarmMgr.shown;
  }

  drainAlarmEvents(): AlarmEvent[] {
    return this.alarmMgr.drainEvents();
  }

  acknowledge(alarmId: string): void {
    this.alarmMgr.acknowledge(this.timeS, alarmId);
  }

  silence(durationS: number): void {
    this.alarmMgr.silence(this.timeS, durationS);
  }

  /** True when an unacknowledged alarm is shown and audio is not paused. */
  get audible(): boolean {
    return this.alarmMgr.audible(this.timeS);
  }

  snapshot(): unknown {
    return { format: 'wardtwin-monitor/1', state: capture(this) };
  }

  static restore(s: unknown): BedsideMonitor {
    const o = s as { format: string; state: Record<string, unknown> };
    if (o === null || typeof o !== 'object' || o.format !== 'wardtwin-monitor/1') throw new Error('BedsideMonitor.restore: not a monitor snapshot');
    const st = withoutRetiredFields(o.state);
    const m = new BedsideMonitor({
      seed: st.seed as number,
      skinToneMonk: st.monk as number,
      mainsHz: st.mainsHz as 50 | 60,
      nibpIntervalS: decodeNum(st.nibpIntervalS),
      enabledChannels: [],
    });
    const rings = st.rings as Record<ChannelId, unknown>;
    for (const id of CHANNEL_IDS) if (rings[id] !== null) m.rings[id] = new SampleRing(RING_SIZE[id]);
    restoreInto(m as unknown as Record<string, unknown>, st);
    return m;
  }
}

/**
 * Snapshots written before the waveform detectors were removed (they fed nothing: the numerics come from
 * the scheduled events) still hold the detectors' state and the event logs' hand-over fields; restore
 * leaves them out rather than grafting dead fields onto the monitor.
 */
const RETIRED_MONITOR_FIELDS = ['qrs', 'plethDet', 'artDet', 'capDet', 'respDet'];
const RETIRED_EVENT_LOG_FIELDS = ['seam', 'minNextT'];

function withoutRetiredFields(state: Record<string, unknown>): Record<string, unknown> {
  const out = { ...state };
  for (const k of RETIRED_MONITOR_FIELDS) delete out[k];
  const strip = (x: unknown): unknown => {
    if (x === null || typeof x !== 'object' || Array.isArray(x)) return x;
    const o = x as Record<string, unknown>;
    if ('$ta' in o || '$prng' in o || '$n' in o || '$custom' in o) return x;
    const copy: Record<string, unknown> = {};
    const isLog = 'tS' in o && 'val' in o;
    for (const [k, v] of Object.entries(o)) if (!(isLog && RETIRED_EVENT_LOG_FIELDS.includes(k))) copy[k] = strip(v);
    return copy;
  };
  out.events = strip(out.events);
  return out;
}

function decodeNum(x: unknown): number {
  return typeof x === 'number' ? x : (x as { $n: string }).$n === 'Infinity' ? Infinity : NaN;
}
