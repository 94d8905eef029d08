/**
 * Per-bed monitor settings in ward files: artifacts and ECG noise stress reach the bed's monitor, are
 * recorded for exports, and bad values are refused with the place named.
 */
import { describe, expect, it } from 'vitest';
import { parseWard } from '../../twin-engine/scenario/ward';
import { Bed } from '../../twin-engine/core/bed';

const ward = (monitor: string) => `kind: ward
id: noise-test
title: Noise test
beds:
  - id: bed-1
    patient: { age: 60 y, sex: male, height: 175 cm, weight: 80 kg }
    seed: 5
${monitor}
`;
const noRead = () => {
  throw new Error('no files');
};

describe('ward beds: monitor artifacts and ECG noise', () => {
  it('a bed with noise and artifacts builds a monitor that carries them', () => {
    const r = parseWard(ward('    monitor: { noise: { snr_db: 6, types: [em, ma] }, artifacts: { motion: 0.4 } }'), 'w.yaml', noRead);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const b = r.value.beds[0];
    expect(b.monitor).toEqual({ ecgNoise: { snrDb: 6, types: ['em', 'ma'] }, artifacts: { motion: 0.4 } });
    const bed = new Bed({ bedId: b.id, label: b.label, profile: b.profile, seed: b.seed, startOffsetS: 0, scenarioTitle: null, monitor: b.monitor });
    expect(bed.monitor.ecgNoise()).toEqual({ snrDb: 6, types: ['ma', 'em'] }); // canonical order bw, ma, em
    expect(bed.monitor.artifacts()).toEqual({ motion: 0.4 });
  });

  it('types default to electrode motion (the NST standard records)', () => {
    const r = parseWard(ward('    monitor: { noise: { snr_db: 0 } }'), 'w.yaml', noRead);
    expect(r.ok && r.value.beds[0].monitor?.ecgNoise).toEqual({ snrDb: 0, types: ['em'] });
  });

  it('refuses an SNR out of range, an unknown noise type and an unknown artifact, naming the place', () => {
    for (const [m, where] of [
      ['    monitor: { noise: { snr_db: 90 } }', 'beds[0].monitor.noise.snr_db'],
      ['    monitor: { noise: { snr_db: 6, types: [hum] } }', 'beds[0].monitor.noise.types[0]'],
      ['    monitor: { artifacts: { wobble: 1 } }', 'beds[0].monitor.artifacts'],
    ] as const) {
      const r = parseWard(ward(m), 'w.yaml', noRead);
      expect(r.ok, m).toBe(false);
      if (r.ok) continue;
      expect(r.diagnostics.map((d) => d.path).join(' | '), m).toContain(where);
    }
  });
});

describe('scenario files: monitor settings', () => {
  it('a scenario loaded alone carries its monitor block to its bed; a ward bed overrides it', async () => {
    const { parseScenario } = await import('../../twin-engine/scenario/scenario');
    const text = `kind: scenario
id: noisy
title: Noisy
level: novice
author: test
duration: 10 min
objectives: [watch]
monitor: { noise: { snr_db: 12, types: [ma] } }
`;
    const r = parseScenario(text, 'noisy.yaml');
    expect(r.ok).toBe(true);
    const w = parseWard(ward('    monitor: { noise: { snr_db: 0 } }').replace('patient: { age: 60 y, sex: male, height: 175 cm, weight: 80 kg }', 'scenario: noisy.yaml'), 'w.yaml', () => text);
    expect(w.ok && w.value.beds[0].monitor?.ecgNoise).toEqual({ snrDb: 0, types: ['em'] });
    const w2 = parseWard(ward('').replace('patient: { age: 60 y, sex: male, height: 175 cm, weight: 80 kg }', 'scenario: noisy.yaml'), 'w.yaml', () => text);
    expect(w2.ok && w2.value.beds[0].monitor?.ecgNoise).toEqual({ snrDb: 12, types: ['ma'] });
  });
});
