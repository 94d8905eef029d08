/**
 * Module lockstep: what the simulation driver (session/driver.ts) hands the module host each simulated
 * second, and the batched form of it — seconds simulated ahead of the modules are HELD (everything strict
 * per-second lockstep would have published for them, captured at the time) and handed to the host in one
 * exchange; then published in exactly the strict-lockstep order. Module findings never feed back into
 * the simulation, so holding changes nothing but the cost (README.md, "Batched lockstep").
 */
import type { NumericsFrame, SessionEvent, WaveformChunk } from '../shared/session-data';
import type { BedSecond, SecondBatch } from './inputs';
import type { HostOutput, SandboxModuleHost } from './module-host';

/** Map host outputs to session events (simulated time = the batch's second). */
export function outputsToEvents(outputs: HostOutput[], simTimeS: number): SessionEvent[] {
  return outputs.map((o): SessionEvent =>
    o.type === 'finding'
      ? { type: 'finding', simTimeS, bedId: o.finding.bedId, finding: o.finding }
      : o.type === 'score'
        ? { type: 'score', simTimeS, bedId: o.score.bedId, score: o.score }
        : { type: 'module', simTimeS, moduleId: o.moduleId, status: o.status, message: o.message },
  );
}

/** Where published items go (the driver's sink). `event` must not route back through `publish`. */
export interface LockstepSink {
  frame(f: NumericsFrame): void;
  event(e: SessionEvent): void;
  waveform(c: WaveformChunk): void;
}

/** One simulated second's worth of publication, as strict lockstep would publish it. */
export interface SecondOutput {
  simTimeS: number;
  frames: NumericsFrame[];
  /** The engine's events of this second. */
  events: SessionEvent[];
  /** UI waveform chunks drained at this second. */
  waves: WaveformChunk[];
}

interface HeldSecond extends SecondOutput {
  input: SecondBatch;
}

export class ModuleLockstep {
  /** Per bed: samples of module-wanted channels since the last second handed to the host. */
  private chunks = new Map<string, WaveformChunk[]>();
  /** Events published since the last module second (modules see the clinician-visible ones). */
  private seen: SessionEvent[] = [];
  /** Seconds simulated ahead of the modules, in order, not yet handed to the host. */
  private held: HeldSecond[] = [];
  /** True from the first held second until its batch is published. */
  private holding = false;
  /** Events published (by commands) while seconds are held: they come out after the held seconds. */
  private later: SessionEvent[] = [];

  constructor(
    readonly host: SandboxModuleHost,
    /** Seconds per exchange when batching (1 = strict per-second lockstep always). */
    readonly batchS: number,
    private readonly sink: LockstepSink,
  ) {}

  /** Modules attached (quarantined ones included: the host decides who is live). */
  get active(): boolean {
    return this.host.size > 0;
  }

  get heldSeconds(): number {
    return this.held.length;
  }

  /** Module-wanted samples drained at this second (handed over with the next second). */
  addChunk(chunk: WaveformChunk): void {
    const list = this.chunks.get(chunk.bedId);
    if (list) list.push(chunk);
    else this.chunks.set(chunk.bedId, [chunk]);
  }

  /** Publish an event now, or after the held seconds if any are held. */
  publish(ev: SessionEvent): void {
    if (this.holding) this.later.push(ev);
    else this.deliver(ev);
  }

  private deliver(ev: SessionEvent): void {
    if (this.active) this.seen.push(ev);
    this.sink.event(ev);
  }

  private input(out: SecondOutput, events: readonly SessionEvent[]): SecondBatch {
    const beds: BedSecond[] = out.frames.map((f) => ({
      bedId: f.bedId,
      measured: f.measured,
      alarms: f.alarms,
      waveforms: this.chunks.get(f.bedId) ?? [],
      events: events.filter((e) => 'bedId' in e && e.bedId === f.bedId),
    }));
    this.chunks = new Map();
    return { simTimeS: out.simTimeS, beds };
  }

  /**
   * Strict lockstep: publish the second (frames, engine events, UI waveforms), then await the host on
   * it and publish its outputs before the simulation moves on.
   */
  async strict(out: SecondOutput): Promise<void> {
    for (const f of out.frames) this.sink.frame(f);
    for (const ev of out.events) this.publish(ev);
    for (const c of out.waves) this.sink.waveform(c);
    const events = this.seen;
    this.seen = [];
    const batch = this.input(out, events);
    const outputs = await this.host.onSecond(batch);
    for (const ev of outputsToEvents(outputs, out.simTimeS)) this.publish(ev);
  }

  /**
   * Batched lockstep, part 1: hold the second, publishing NOTHING yet. Module inputs are the same as in
   * strict lockstep: the samples and events since the previous second; the first held second also gets
   * what was published since the last batch (e.g. an intervention between step() calls). The one
   * difference, a held second's events not including the previous second's findings/module events, is
   * invisible: modules are never shown those (inputs.ts visibleEvents).
   */
  hold(out: SecondOutput): void {
    const seen = this.held.length === 0 ? [...this.seen, ...out.events] : out.events;
    this.seen = [];
    this.holding = true;
    this.held.push({ ...out, input: this.input(out, seen) });
  }

  /**
   * Batched lockstep, part 2: run the held seconds through the host in one exchange, then publish them
   * in exactly the strict-lockstep order — per second: its frames, its engine events, its UI waveforms,
   * its module outputs — then whatever commands published meanwhile. A module quarantined at second t
   * contributes nothing after t (the host's onSeconds guarantees it).
   */
  async release(): Promise<void> {
    if (!this.holding) return;
    const held = this.held;
    this.held = [];
    const outputs = held.length ? await this.host.onSeconds(held.map((h) => h.input)) : [];
    this.holding = false;
    held.forEach((h, k) => {
      for (const f of h.frames) this.sink.frame(f);
      for (const ev of h.events) this.deliver(ev);
      for (const c of h.waves) this.sink.waveform(c);
      // As in strict lockstep, what modules are handed next starts with this second's outputs.
      this.seen = [];
      for (const ev of outputsToEvents(outputs[k], h.input.simTimeS)) this.deliver(ev);
    });
    for (const ev of this.later.splice(0, this.later.length)) this.deliver(ev);
  }
}
