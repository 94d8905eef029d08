/**
 * THE simulation driver: the one loop that advances simulated time. Every consumer — the session (and so
 * every host), `wardtwin run`, `module check`, `export`, the scenario editor's preview, the evaluation and
 * the test harnesses — steps the WardEngine through here, so what they see is the product's simulation.
 *
 * Per fixed step: WardEngine.step(). At each 1 Hz boundary: per-second observers (device-internal data,
 * e.g. the monitor's beats for WFDB annotations), then the second's numerics frames, engine events and
 * waveform chunks go to the sink — directly, or through the module lockstep (strict, or held and handed to
 * the host in batches with publication identical to strict lockstep).
 */
import { CHANNELS, CHANNEL_IDS, type ChannelId } from '../devices/index';
import type { WardEngine } from '../core/ward-engine';
import { ModuleLockstep, type LockstepSink, type SecondOutput } from '../modules-host/lockstep';
import type { SandboxModuleHost } from '../modules-host/module-host';
import type { NumericsFrame, SessionEvent, WaveformChunk } from './api';
import { summariseTruth } from './truth';

/** Called at every 1 Hz boundary, before anything of that second is drained or published. */
export type SecondObserver = (engine: WardEngine) => void;

export interface DriverOptions {
  sink: LockstepSink;
  /** Runs diagnostic modules in lockstep; null for none. */
  modules?: SandboxModuleHost | null;
  /** Seconds per module exchange when a run allows batching (1 = strict lockstep). */
  moduleBatchS?: number;
  /** Include the hidden truth in numerics frames (asked every second: subscribers come and go). */
  wantTruth?: () => boolean;
  /** UI-shown waveform channels of a bed (read only by `refreshChannels`). */
  shownChannels?: (bedId: string) => readonly ChannelId[];
  /** Per-second observers (shared array: the owner may add and remove while running). */
  observers?: SecondObserver[];
}

export interface RunControl {
  /** Hand the modules up to moduleBatchS seconds per exchange (headless); false = strict lockstep (paced). */
  batch?: boolean;
  /** Checked before every step; false stops the run (held seconds are still released). */
  keepGoing?: () => boolean;
  /** Called every `yieldEverySteps` steps (a worker awaits a macrotask here; a tick checks its budget). */
  yieldNow?: () => Promise<void> | void;
  yieldEverySteps?: number;
}

/** Per bed, the channels to drain and where each goes; computed once per change, not per second. */
interface ChannelRoute {
  ch: ChannelId;
  rateHz: number;
  toUi: boolean;
  toModules: boolean;
}

export class SimDriver {
  private readonly lockstep: ModuleLockstep | null;
  private readonly observers: SecondObserver[];
  private routes: ChannelRoute[][] = [];
  private readonly wantTruth: () => boolean;

  constructor(
    readonly engine: WardEngine,
    private readonly opts: DriverOptions,
  ) {
    const modules = opts.modules ?? null;
    this.lockstep = modules ? new ModuleLockstep(modules, Math.max(1, Math.floor(opts.moduleBatchS ?? 1)), opts.sink) : null;
    this.wantTruth = opts.wantTruth ?? (() => false);
    this.observers = opts.observers ?? [];
    this.refreshChannels();
  }

  /**
   * Recompute which channels each bed generates and where they go. Call after anything that changes
   * them (load, restore, module attach/detach, waveform subscribe/unsubscribe) — never per second.
   * Enabled = shown ∪ module-wanted; numerics do not depend on it (devices/README.md: one derivation).
   */
  refreshChannels(): void {
    const host = this.lockstep?.host ?? null;
    const wanted = new Set(host?.wantedChannels() ?? []);
    this.routes = this.engine.beds.map((bed) => {
      const shown = new Set(this.opts.shownChannels?.(bed.bedId) ?? []);
      const chans = CHANNEL_IDS.filter((c) => shown.has(c) || wanted.has(c));
      bed.setEnabledChannels(chans);
      return chans.map((ch) => ({ ch, rateHz: CHANNELS[ch].sampleRateHz, toUi: shown.has(ch), toModules: wanted.has(ch) }));
    });
  }

  /** Publish an event from outside the loop (a command): after any held seconds, and seen by modules. */
  publish(ev: SessionEvent): void {
    if (this.lockstep) this.lockstep.publish(ev);
    else this.opts.sink.event(ev);
  }

  /** Publish the engine's pending events (raised by a command between steps). */
  flushEvents(): void {
    const pending = this.engine.pending;
    if (pending.length === 0) return;
    for (const ev of pending.splice(0, pending.length)) this.publish(ev);
  }

  /** Publish the samples generated since the last second (a run stopped between boundaries). */
  flushWaveforms(): void {
    const waves: WaveformChunk[] = [];
    this.drain(waves);
    for (const c of waves) this.opts.sink.waveform(c);
  }

  /**
   * Advance `steps` fixed steps (fewer if `keepGoing` says stop). Everything simulated is published
   * before this resolves: held seconds are released, leftover events and samples flushed.
   */
  async run(steps: number, ctl: RunControl = {}): Promise<number> {
    const engine = this.engine;
    const every = ctl.yieldEverySteps ?? 0;
    let done = 0;
    while (done < steps && (ctl.keepGoing?.() ?? true)) {
      done++;
      if (engine.step()) {
        // Only a module exchange is awaited: a run without modules never yields per second.
        const pending = this.second(ctl.batch ?? true);
        if (pending) await pending;
      }
      if (every > 0 && done % every === 0 && ctl.yieldNow) {
        const y = ctl.yieldNow();
        if (y) await y;
      }
    }
    await this.lockstep?.release();
    this.flushWaveforms();
    this.flushEvents();
    return done;
  }

  /** The 1 Hz boundary; returns a promise only when the module host must be awaited. */
  private second(batch: boolean): Promise<void> | void {
    const engine = this.engine;
    for (let i = 0; i < this.observers.length; i++) this.observers[i](engine);
    const out: SecondOutput = { simTimeS: engine.simTimeS, frames: this.frames(), events: engine.pending.splice(0, engine.pending.length), waves: [] };
    // Drained every second so a fast run never buffers unbounded samples.
    this.drain(out.waves);
    const ls = this.lockstep;
    if (ls && ls.active) {
      if (!batch || ls.batchS === 1) return ls.strict(out);
      ls.hold(out);
      return ls.heldSeconds >= ls.batchS ? ls.release() : undefined;
    }
    const sink = this.opts.sink;
    for (const f of out.frames) sink.frame(f);
    for (const ev of out.events) this.publish(ev);
    for (const c of out.waves) sink.waveform(c);
  }

  /** This second's numerics frame per bed (truth included while anyone wants it). */
  private frames(): NumericsFrame[] {
    const t = this.engine.simTimeS;
    const truth = this.wantTruth();
    return this.engine.beds.map((bed) => {
      const frame: NumericsFrame = { bedId: bed.bedId, simTimeS: t, measured: { ...bed.monitor.numerics }, alarms: bed.monitor.alarms().map((a) => ({ ...a })), signs: bed.patient.visibleSigns() };
      if (truth) frame.truth = summariseTruth(bed.patient.state);
      return frame;
    });
  }

  /** Drain every routed channel: UI chunks into `ui`, module-wanted ones to the lockstep. */
  private drain(ui: WaveformChunk[]): void {
    const beds = this.engine.beds;
    const ls = this.lockstep;
    const toModules = ls !== null && ls.active;
    for (let b = 0; b < beds.length; b++) {
      const routes = this.routes[b];
      if (!routes || routes.length === 0) continue;
      const bed = beds[b];
      const mon = bed.monitor;
      for (const r of routes) {
        if (!r.toUi && !(r.toModules && toModules)) continue;
        const pending = mon.pendingSamples(r.ch);
        if (pending === 0) continue;
        const chunk: WaveformChunk = { bedId: bed.bedId, channel: r.ch, t0S: mon.timeS - pending / r.rateHz, sampleRateHz: r.rateHz, samples: mon.drain(r.ch) };
        if (r.toUi) ui.push(chunk);
        if (r.toModules && toModules) (ls as ModuleLockstep).addChunk(chunk);
      }
    }
  }
}
