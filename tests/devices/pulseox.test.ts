import { describe, expect, it } from 'vitest';
import { Prng } from '../../twin-engine/util/prng';
import {
  B_DARK_PCT,
  B_LIGHT_PCT,
  SJODING_OCCULT_RATE_BLACK,
  SJODING_OCCULT_RATE_WHITE,
  fitBias,
  occultRate,
  sampleMonk,
  sampleReferenceSao2,
  spo2Reading,
} from '../../twin-engine/devices/index';
import { input, monitor, run } from './helpers';

/**
 * Sjoding et al., NEJM 2020;383:2477: among readings with SpO2 92–96 %, SaO2 < 88 % in 11.7 % (Black)
 * vs 3.6 % (White) of readings. Dark = Monk 8–10, light = Monk 1–4 (proxy). Reference cohort: true SaO2
 * uniform on 80–100 % (pulseox.ts).
 */
function cohortRate(dark: boolean, biasOn: boolean, n: number, seed: number): { rate: number; n: number } {
  const rng = new Prng(seed);
  const sa = new Float64Array(n);
  const sp = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    sa[i] = sampleReferenceSao2(rng);
    sp[i] = spo2Reading(sa[i], sampleMonk(rng, dark), biasOn, rng);
  }
  return occultRate(sa, sp);
}

describe('pulse-oximetry skin-tone bias (Sjoding et al. 2020)', () => {
  it('model: occult hypoxemia 3.6 % (light) and 11.7 % (dark) within ±1 percentage point on 200 000 readings', () => {
    const light = cohortRate(false, true, 200_000, 11);
    const dark = cohortRate(true, true, 200_000, 12);
    expect(light.n).toBeGreaterThan(20_000);
    expect(Math.abs(light.rate - SJODING_OCCULT_RATE_WHITE)).toBeLessThan(0.01);
    expect(Math.abs(dark.rate - SJODING_OCCULT_RATE_BLACK)).toBeLessThan(0.01);
  });

  it('model: with the bias switched off the rates are equal across tones (±1 point) and at the light-skin level', () => {
    const light = cohortRate(false, false, 200_000, 13);
    const dark = cohortRate(true, false, 200_000, 14);
    expect(Math.abs(light.rate - dark.rate)).toBeLessThan(0.01);
    expect(Math.abs(dark.rate - SJODING_OCCULT_RATE_WHITE)).toBeLessThan(0.01);
  });

  it('the published constants reproduce the fit (bisection on the reference cohort)', () => {
    expect(Math.abs(fitBias(SJODING_OCCULT_RATE_WHITE, 100_000, 7) - B_LIGHT_PCT)).toBeLessThan(0.3);
    expect(Math.abs(fitBias(SJODING_OCCULT_RATE_BLACK, 100_000, 7) - B_DARK_PCT)).toBeLessThan(0.3);
  });

  /** Displayed SpO2 of full BedsideMonitor instances (numerics only), one reading per virtual patient. */
  function monitorCohort(dark: boolean, biasOn: boolean, n: number, seed: number): { rate: number; n: number } {
    const rng = new Prng(seed);
    const sa: number[] = [];
    const sp: number[] = [];
    for (let i = 0; i < n; i++) {
      const sao2 = sampleReferenceSao2(rng);
      const m = monitor({ seed: rng.nextU32(), skinToneMonk: sampleMonk(rng, dark), pulseOxBias: biasOn, enabledChannels: [] });
      run(m, input({ sao2Pct: sao2 }), 12, 0.1);
      if (m.numerics.spo2Pct !== null) {
        sa.push(sao2);
        sp.push(m.numerics.spo2Pct);
      }
    }
    return occultRate(sa, sp);
  }

  it('monitor: displayed SpO2 of a seeded 4000-patient cohort per tone reproduces the rates (±3 points); off → equal (±3 points)', () => {
    const light = monitorCohort(false, true, 4000, 21);
    const dark = monitorCohort(true, true, 4000, 22);
    expect(light.n).toBeGreaterThan(500);
    expect(Math.abs(light.rate - SJODING_OCCULT_RATE_WHITE)).toBeLessThan(0.03);
    expect(Math.abs(dark.rate - SJODING_OCCULT_RATE_BLACK)).toBeLessThan(0.03);
    const lightOff = monitorCohort(false, false, 4000, 23);
    const darkOff = monitorCohort(true, false, 4000, 24);
    expect(Math.abs(lightOff.rate - darkOff.rate)).toBeLessThan(0.03);
    expect(darkOff.rate).toBeLessThan(dark.rate - 0.04);
  });

  it('monitor: SpO2 is an 8-s average that lags a step in SaO2 and blanks when the probe is off', () => {
    const m = monitor({ enabledChannels: ['pleth'], skinToneMonk: 2 });
    const inp = input({ sao2Pct: 98 });
    run(m, inp, 20);
    const before = m.numerics.spo2Pct!;
    inp.sao2Pct = 80;
    run(m, inp, 2);
    expect(m.numerics.spo2Pct!).toBeGreaterThan(before - 8); // still mostly the old value
    run(m, inp, 10);
    expect(m.numerics.spo2Pct!).toBeLessThan(before - 12);
    m.setArtifacts({ probe_off: 1 });
    run(m, inp, 2);
    expect(m.numerics.spo2Pct).toBeNull();
    expect(m.numerics.prBpm).toBeNull();
  });
});
