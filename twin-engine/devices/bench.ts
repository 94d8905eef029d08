/**
 * Device throughput benchmark: one patient, all channels enabled, a realistic adult input that drifts
 * slowly (so beats, breaths and numerics keep changing), advanced in 0.05 s physiology steps and
 * drained every second like the session does.
 */
import type { ChannelId, DeviceInput } from './types';
import { BedsideMonitor } from './monitor';
import { CHANNEL_IDS } from './channels';
import { dsin } from '../util/detmath';

export function benchInput(): DeviceInput {
  return {
    hrBpm: 78,
    rhythm: 'sinus',
    sbpMmHg: 122,
    dbpMmHg: 76,
    mapMmHg: 91,
    svMl: 70,
    rrBpm: 14,
    tidalVolumeMl: 480,
    etco2MmHg: 38,
    sao2Pct: 97,
    coreTempC: 37,
    peripheralPerfusion: 1,
    stElevationMm: 0,
    qrsWidthMs: 92,
    potassiumMmolL: 4.2,
    cprActive: false,
    apnea: false,
    intubated: true,
    pacing: false,
    shivering: false,
  };
}

export function benchDevices(
  simSeconds: number,
  channels: readonly ChannelId[] = CHANNEL_IDS,
): { simSeconds: number; wallMs: number; realtimeFactor: number } {
  const m = new BedsideMonitor({ seed: 42, skinToneMonk: 5, enabledChannels: channels });
  const inp = benchInput();
  const dt = 0.05;
  const steps = Math.round(simSeconds / dt);
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) {
    const t = i * dt;
    inp.hrBpm = 78 + 12 * dsin(t / 60);
    inp.sbpMmHg = 122 + 8 * dsin(t / 90);
    inp.mapMmHg = 91 + 5 * dsin(t / 90);
    m.advance(inp, dt);
    if (i % 20 === 19) for (const ch of channels) m.drain(ch);
  }
  const wallMs = performance.now() - t0;
  return { simSeconds: steps * dt, wallMs, realtimeFactor: (steps * dt * 1000) / Math.max(wallMs, 1e-6) };
}
