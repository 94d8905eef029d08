/** Engine throughput: one patient with every waveform, and a full ward, on one core. */
import { Bed } from '../../twin-engine/core/bed';
import { WardEngine } from '../../twin-engine/core/ward-engine';
import { CHANNEL_IDS } from '../../twin-engine/devices/index';
import { PHYSIOLOGY_DT_S, STANDARD_ADULT } from '../../twin-engine/physiology/index';

export function benchPatient(simS: number): { factor: number; channels: number } {
  const bed = new Bed({ bedId: 'b', label: 'b', profile: STANDARD_ADULT, seed: 7, startOffsetS: 0, scenarioTitle: null });
  bed.setEnabledChannels(CHANNEL_IDS);
  const stepsPerS = Math.round(1 / PHYSIOLOGY_DT_S);
  const t0 = performance.now();
  for (let s = 0; s < simS; s++) {
    for (let k = 1; k <= stepsPerS; k++) bed.step(s + k * PHYSIOLOGY_DT_S);
    // Drain once a simulated second, as a session does.
    for (const ch of CHANNEL_IDS) bed.monitor.drain(ch);
  }
  const wallS = (performance.now() - t0) / 1000;
  return { factor: simS / wallS, channels: CHANNEL_IDS.length };
}

export function benchWard(beds: number, simS: number): { factor: number } {
  const plan = {
    wardId: 'bench',
    title: 'bench ward',
    sourceFile: '',
    beds: Array.from({ length: beds }, (_, i) => ({
      bedId: `bed-${i + 1}`,
      label: `Bed ${i + 1}`,
      profile: STANDARD_ADULT,
      seed: i + 1,
      startOffsetS: 0,
      scenarioTitle: null,
    })),
  };
  const engine = new WardEngine(plan);
  for (const b of engine.beds) b.setEnabledChannels(CHANNEL_IDS);
  const t0 = performance.now();
  const n = simS * engine.stepsPerSecond;
  for (let i = 0; i < n; i++) {
    if (engine.step()) {
      for (const b of engine.beds) for (const ch of CHANNEL_IDS) b.monitor.drain(ch);
      engine.pending.length = 0;
    }
  }
  return { factor: simS / ((performance.now() - t0) / 1000) };
}
