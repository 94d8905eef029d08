/**
 * ECG noise model (devices/noise.ts) and the reference QRS detector vs the Noise Stress Test SNR levels.
 * Published: detectors are near-perfect on clean and lightly noised ECG and degrade markedly at 0 and −6
 * dB (Moody, Muldrow & Mark 1984 — the NST; a widely used detector's detection error rate rises from
 * ~1 % at 20 dB to ~57 % at −8 dB with mixed NST noise, Reklewski et al.; docs/REFERENCES.md#qrs-noise).
 */
import { describe, expect, it } from 'vitest';
import { detectorAtSnr, twinEcg } from '../../scripts/ecg-stats';
import { NST_SNR_LEVELS_DB, noiseRmsForSnr } from '../../twin-engine/devices/index';

describe('NST noise on the twin ECG', () => {
  it('mixes noise at the stated SNR (NST: S = QRS p-p² / 8; 0 dB with a 1.25 mV QRS → 0.442 mV RMS)', () => {
    // hand-computed: 1.25 / √8 = 0.4419
    expect(noiseRmsForSnr(0)).toBeCloseTo(0.4419, 3);
    expect(noiseRmsForSnr(6) / noiseRmsForSnr(0)).toBeCloseTo(0.5012, 3);
    // measured: the noise added at 0 dB (noisy − clean, same seed) has that RMS within 15 % over 60 s
    const clean = twinEcg({ seed: 7, seconds: 60 });
    for (const type of ['bw', 'ma', 'em'] as const) {
      const noisy = twinEcg({ seed: 7, seconds: 60, noise: { snrDb: 0, types: [type] } });
      let e = 0;
      for (let i = 0; i < clean.x.length; i++) e += (noisy.x[i] - clean.x[i]) ** 2;
      const rms = Math.sqrt(e / clean.x.length);
      expect(rms / noiseRmsForSnr(0), type).toBeGreaterThan(0.7);
      expect(rms / noiseRmsForSnr(0), type).toBeLessThan(1.3);
    }
  });

  it('Pan–Tompkins degrades monotonically with SNR: ≥ 99 % at 24 dB, clearly < 95 % at −6 dB (60-s records, em noise)', () => {
    const rows = NST_SNR_LEVELS_DB.map((snr) => ({ snr, ...detectorAtSnr(snr, 60, 101) }));
    for (const r of rows) console.log(`NST ${r.snr} dB: Se ${(100 * r.se).toFixed(1)} %, +P ${(100 * r.ppv).toFixed(1)} %`);
    const f = rows.map((r) => (r.se + r.ppv) / 2);
    for (let i = 1; i < f.length; i++) expect(f[i]).toBeLessThanOrEqual(f[i - 1] + 0.01);
    expect(rows[0].se).toBeGreaterThanOrEqual(0.99);
    expect(rows[0].ppv).toBeGreaterThanOrEqual(0.99);
    const last = rows[rows.length - 1];
    expect(Math.min(last.se, last.ppv)).toBeLessThan(0.95);
    // not destroyed either: the detector still finds a good share of beats at −6 dB
    expect(last.se).toBeGreaterThan(0.3);
  });
});
