/** Engine throughput: one patient with every waveform, and a full ward, on one core. */
import { Bed } from '../../twin-engine/core/bed';
import { WardEngine } from '../../twin-engine/core/ward-engine';
import { SimDriver } from '../../twin-engine/session/driver';
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

export function benchWard(beds: number, simS: number): Promise<{ factor: number }> {
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
  // The product loop (session/driver.ts): every channel of every bed shown, drained once a second.
  let chunks = 0;
  const driver = new SimDriver(engine, { sink: { frame: () => {}, event: () => {}, waveform: () => void chunks++ }, shownChannels: () => CHANNEL_IDS });
  const t0 = performance.now();
  return driver.run(simS * engine.stepsPerSecond).then(() => {
    if (chunks === 0) throw new Error('bench ward produced no waveforms');
    return { factor: simS / ((performance.now() - t0) / 1000) };
  });
}

/**
 * Memory over 24 simulated hours of one patient with every waveform (drained each second, as a
 * session does). Heap measured after a forced GC (needs node --expose-gc) at hour 1 and hour 25.
 */
export function benchPatientMemory(hours = 24): { growthMbPer24h: number; peakMb: number; gcAvailable: boolean } {
  const gc = (globalThis as { gc?: () => void }).gc;
  const heapMb = () => {
    gc?.();
    return process.memoryUsage().heapUsed / 1048576;
  };
  const bed = new Bed({ bedId: 'b', label: 'b', profile: STANDARD_ADULT, seed: 11, startOffsetS: 0, scenarioTitle: null });
  bed.setEnabledChannels(CHANNEL_IDS);
  const stepsPerS = Math.round(1 / PHYSIOLOGY_DT_S);
  let t = 0;
  const runHour = () => {
    for (let s = 0; s < 3600; s++) {
      for (let k = 0; k < stepsPerS; k++) bed.step((t += PHYSIOLOGY_DT_S));
      for (const ch of CHANNEL_IDS) bed.monitor.drain(ch);
      bed.patient.drainEpisodeChanges();
      bed.monitor.drainAlarmEvents();
    }
  };
  runHour();
  const start = heapMb();
  let peak = start;
  for (let h = 0; h < hours; h++) {
    runHour();
    peak = Math.max(peak, process.memoryUsage().heapUsed / 1048576);
  }
  const end = heapMb();
  return { growthMbPer24h: ((end - start) * 24) / hours, peakMb: peak, gcAvailable: gc !== undefined };
}
