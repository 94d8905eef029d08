/**
 * A headless lockstep run: WardEngine + module host, exactly as the session should drive them
 * (README.md, "How the session calls the host"). Used by `wardtwin module check`, `--module` runs and
 * the isolation tests, until the session's own step() awaits the host.
 */
import { CHANNELS, type ChannelId } from '../devices/index';
import type { WardEngine } from '../core/ward-engine';
import type { NumericsFrame, SessionEvent, WaveformChunk } from '../shared/session-data';
import type { BedSecond, SecondBatch } from './inputs';
import type { HostOutput, SandboxModuleHost } from './module-host';

export interface LockstepObserver {
  frame?(f: NumericsFrame): void;
  /** Engine events and host outputs (as 'finding' / 'module' session events), in publication order. */
  event?(e: SessionEvent): void;
}

/** Turn on the channels the modules want (plus any the caller already shows). Call after every attach/detach. */
export function applyWantedChannels(engine: WardEngine, host: SandboxModuleHost, alsoShown: readonly ChannelId[] = []): void {
  const want = [...new Set([...host.wantedChannels(), ...alsoShown])];
  for (const bed of engine.beds) bed.setEnabledChannels(want);
}

/** Drain one bed's wanted channels: every sample since the last drain, with its start time. */
export function drainWanted(engine: WardEngine, bedIndex: number, channels: readonly ChannelId[]): WaveformChunk[] {
  const bed = engine.beds[bedIndex];
  const mon = bed.monitor;
  const out: WaveformChunk[] = [];
  for (const ch of channels) {
    const pending = mon.pendingSamples(ch);
    if (pending === 0) continue;
    const rate = CHANNELS[ch].sampleRateHz;
    out.push({ bedId: bed.bedId, channel: ch, t0S: mon.timeS - pending / rate, sampleRateHz: rate, samples: mon.drain(ch) });
  }
  return out;
}

/** Map host outputs to session events (simulated time = the batch's second). */
export function outputsToEvents(outputs: HostOutput[], simTimeS: number): SessionEvent[] {
  return outputs.map((o) =>
    o.type === 'finding'
      ? { type: 'finding', simTimeS, bedId: o.finding.bedId, finding: o.finding }
      : { type: 'module', simTimeS, moduleId: o.moduleId, status: o.status, message: o.message },
  );
}

/** Step `seconds` of simulated time, awaiting the host at every 1-Hz boundary. */
export async function runLockstep(engine: WardEngine, host: SandboxModuleHost, seconds: number, obs: LockstepObserver = {}): Promise<void> {
  const wanted = host.wantedChannels();
  const n = Math.round(seconds / engine.dtS);
  for (let i = 0; i < n; i++) {
    if (!engine.step()) continue;
    const t = engine.simTimeS;
    const pending = engine.pending.splice(0, engine.pending.length);
    const beds: BedSecond[] = engine.beds.map((bed, bi) => {
      const measured = { ...bed.monitor.numerics };
      obs.frame?.({ bedId: bed.bedId, simTimeS: t, measured, alarms: bed.monitor.alarms().map((a) => ({ ...a })) });
      return {
        bedId: bed.bedId,
        measured,
        waveforms: drainWanted(engine, bi, wanted),
        events: pending.filter((e) => 'bedId' in e && e.bedId === bed.bedId),
      };
    });
    for (const e of pending) obs.event?.(e);
    if (host.size === 0) continue;
    const batch: SecondBatch = { simTimeS: t, beds };
    for (const e of outputsToEvents(await host.onSecond(batch), t)) obs.event?.(e);
  }
}
