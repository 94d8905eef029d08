/**
 * An evaluation records the signals behind its figures: which waveforms (at which rate) and numerics the
 * module read, and the artifact settings of each condition's monitor — in metrics.json's config and in
 * the report.
 */
import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { evalConfig } from '../../twin-engine/node/eval-run';
import { SCENARIOS_DIR } from '../../twin-engine/node/library-fs';
import { evaluate } from '../../twin-engine/evaluation/evaluate';
import { renderReport } from '../../twin-engine/evaluation/report/html';

const TELEMETRY = resolve(SCENARIOS_DIR, 'cohorts/telemetry.yaml');
// METRICS.md § Robustness: the ward artifact preset of the 'artifacts' condition.
const WARD_PRESET = { motion: 0.3, electrode_off: 0.05, probe_off: 0.05, low_perfusion: 0.3, dropout: 0.3 };

describe('eval config and report carry the signal settings', () => {
  it('a waveform module: its ECG subscription (250 Hz of the 500 Hz signal) and each condition’s artifacts', () => {
    const c = evalConfig({ module: 'builtin:qrs-pan-tompkins', cohortPath: TELEMETRY, n: 1, seed: 1, conditions: ['clean', 'artifacts'] });
    expect(c.signals).toEqual({
      waveforms: [{ channel: 'ecg_ii', rateHz: 250, nativeHz: 500 }],
      numerics: [],
      artifacts: { clean: {}, artifacts: WARD_PRESET },
    });
    const html = renderReport(evaluate([], c), [], null);
    expect(html).toContain('the module read ecg_ii at 250 Hz (generated at 500 Hz)');
    expect(html).toContain('clean: no artifacts; artifacts: motion 0.3, electrode_off 0.05, probe_off 0.05, low_perfusion 0.3, dropout 0.3');
  });
  it('a numerics module run clean only: its numerics, and one condition', () => {
    const c = evalConfig({ module: 'builtin:shock-index', cohortPath: TELEMETRY, n: 1, seed: 1, conditions: ['clean'] });
    expect(c.signals?.waveforms).toEqual([]);
    expect(c.signals?.numerics.length).toBeGreaterThan(0);
    expect(c.signals?.artifacts).toEqual({ clean: {} });
  });
});
