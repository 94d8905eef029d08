/**
 * Driving one reference module directly, second by second, for the module unit tests (reference.test.ts,
 * repeat-findings.test.ts): its own onSecond, no session, so a finding's time is exactly the second that
 * produced it.
 */
import { BedsideMonitor } from '../../twin-engine/devices/index';
import { findingsOf, type BedSecondInput, type DiagnosticModule, type FindingDraft } from '../../twin-engine/modules-host/contract';
import { decimate } from '../../twin-engine/modules-host/inputs';
import { input } from '../devices/helpers';

export type TimedFinding = FindingDraft & { t: number };

export const ctx = (params: Record<string, unknown> = {}) => ({ name: 'm', version: '1', params });

/** Seconds 1..`seconds` through `mod`, each with the input `at(t)` gives; every finding with its second. */
export function drive(mod: DiagnosticModule, seconds: number, at: (t: number) => Partial<BedSecondInput>): TimedFinding[] {
  const out: TimedFinding[] = [];
  for (let t = 1; t <= seconds; t++) {
    out.push(...findingsOf(mod.onSecond({ bedId: 'b', simTimeS: t, numerics: {}, waveforms: {}, events: [], ...at(t) })).map((f) => ({ ...f, t })));
  }
  return out;
}

/** The engine's own ECG II (BedsideMonitor with motion and wander artifacts), decimated to 250 Hz, through `mod`. */
export function ecgRun(mod: DiagnosticModule, seconds: number, over: Parameters<typeof input>[0]): TimedFinding[] {
  const m = new BedsideMonitor({ seed: 5, skinToneMonk: 3, nibpIntervalS: 0, enabledChannels: ['ecg_ii'], artifacts: { motion: 0.3, baseline_wander: 0.3 } });
  const inp = input(over);
  return drive(mod, seconds, () => {
    for (let i = 0; i < 20; i++) m.advance(inp, 0.05);
    const n = m.pendingSamples('ecg_ii');
    return { waveforms: { ecg_ii: decimate({ t0S: m.timeS - n / 500, sampleRateHz: 500, samples: m.drain('ecg_ii') }, 250) } };
  });
}
