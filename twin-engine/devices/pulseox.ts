/**
 * Pulse-oximetry measurement error as a device property, including the skin-tone bias reported by
 * Sjoding et al., "Racial Bias in Pulse Oximetry Measurement", NEJM 2020;383:2477 (corr. 2021; docs/REFERENCES.md#sjoding-2020):
 * among paired readings with SpO2 92–96 %, true SaO2 < 88 % ("occult hypoxemia") in 11.7 % of readings
 * from Black patients vs 3.6 % from White patients (University of Michigan cohort).
 *
 * Parameterisation (displayed SpO2 vs arterial SaO2):
 *   SpO2 = min(100, round(SaO2 + bias(monk) + σ(SaO2)·z)),   z ~ N(0, 1),
 *   σ(SaO2) = σ_hi for SaO2 ≥ 94 %, σ_lo for SaO2 ≤ 85 %, linear in between,
 *   bias(monk) = B_LIGHT + (B_DARK − B_LIGHT)·(monk − 2.5)/(9 − 2.5)   (linear in the Monk scale),
 * with the light group Monk 1–4 (mean 2.5) and the dark group Monk 8–10 (mean 9) as proxies for the
 * study's White and Black patients. That a safe SpO2 target differs with skin pigmentation was shown
 * long before (docs/REFERENCES.md#jubran-tobin-1990).
 *
 * Why σ depends on saturation: oximeter error is small near full saturation and grows as saturation
 * falls (Jubran, "Pulse oximetry", Crit Care 2015;19:272 — accuracy degrades mainly below ~80–90 %);
 * the empirical calibration curve flattens toward 100 % and a reading cannot exceed 100 %. A constant
 * σ = 3 % with a per-patient offset of σ 2 % (the previous model) put one healthy patient in ~20 below
 * 94 % at SaO2 97 %, i.e. a permanent SPO2_LOW alarm on a stable bed. Constraints used:
 *   - FDA guidance "Pulse Oximeters — Premarket Notification Submissions" (2013): ARMS ≤ 3 % over
 *     SaO2 70–100 %. Here (light skin, SaO2 uniform 70–100 %): ARMS = 2.8 %.
 *   - σ_hi = 0.7 %: at SaO2 ≥ 95 % ≥ 97 % of light-skinned readings are ≥ 94 % (healthy beds stay
 *     quiet); σ_lo = 3.5 % below 85 %. These two values are modelling choices within the FDA bound,
 *     not fitted to individual data.
 *   - Sjoding et al. 2020: B_LIGHT and B_DARK were then fitted by bisection (fitBias below, 400 000
 *     draws per group, seed 2020) so that the occult-hypoxemia rate among readings 92–96 % matches
 *     3.6 % and 11.7 % on the REFERENCE COHORT: true SaO2 uniform on [80, 100] %. Result: B_LIGHT ≈ 0
 *     (the device is calibrated on light skin) and B_DARK ≈ +2 % (over-reading on dark skin, which
 *     matters where σ is large, i.e. at the saturations where occult hypoxaemia happens). The rates
 *     depend on that SaO2 distribution; a cohort concentrated near normal saturation gives lower
 *     absolute rates for the same bias.
 * With the bias switched off every skin tone gets B_LIGHT (the device performs as it does on light
 * skin), so occult-hypoxemia rates are equal across tones.
 *
 * In the monitor z is split into a per-monitor offset (SD 2/3), a slow Ornstein–Uhlenbeck drift
 * (τ = 120 s) and fast per-second noise (SD 1/3 per second, mostly removed by the 8-s display average);
 * they add in quadrature to unit SD for the displayed value, and are scaled by σ(current SaO2) every
 * second — so a patient's error shrinks as he re-saturates (no fixed offset of several percent at high
 * saturation). Readings are capped at 100 %.
 */
import { Prng } from '../util/prng';

export const SJODING_OCCULT_RATE_WHITE = 0.036;
export const SJODING_OCCULT_RATE_BLACK = 0.117;
export const OCCULT_SAO2_BELOW_PCT = 88;
export const SPO2_WINDOW_LO_PCT = 92;
export const SPO2_WINDOW_HI_PCT = 96;
export const REFERENCE_SAO2_MIN_PCT = 80;
export const REFERENCE_SAO2_MAX_PCT = 100;
export const MONK_LIGHT_MEAN = 2.5;
export const MONK_DARK_MEAN = 9;

/** SD of the displayed-SpO2 error (%) at SaO2 ≥ SPO2_SD_KNEE_HI_PCT and ≤ SPO2_SD_KNEE_LO_PCT. */
export const SPO2_SD_HIGH_PCT = 0.7;
export const SPO2_SD_LOW_PCT = 3.5;
export const SPO2_SD_KNEE_HI_PCT = 94;
export const SPO2_SD_KNEE_LO_PCT = 85;
/** SD of the error at low saturation (kept for compatibility; the SD now depends on SaO2). */
export const SPO2_ERROR_SD_PCT = SPO2_SD_LOW_PCT;
/** Fitted (see header): mean SpO2 − SaO2 for light (Monk 1–4) and dark (Monk 8–10) skin. */
export const B_LIGHT_PCT = 0.01;
export const B_DARK_PCT = 1.96;
/** Split of the unit error inside the monitor (quadrature sum = 1 incl. the averaged fast noise). */
export const SPO2_OFFSET_FRAC = 2 / 3;
export const SPO2_FAST_FRAC = 1 / 3;
export const SPO2_AVG_S = 8;
export const SPO2_DRIFT_FRAC = Math.sqrt(1 - SPO2_OFFSET_FRAC * SPO2_OFFSET_FRAC - (SPO2_FAST_FRAC * SPO2_FAST_FRAC) / SPO2_AVG_S);
export const SPO2_DRIFT_TAU_S = 120;

/** SD (%) of the displayed SpO2 error at a true SaO2 (see header). */
export function spo2ErrorSdPct(sao2: number): number {
  if (sao2 >= SPO2_SD_KNEE_HI_PCT) return SPO2_SD_HIGH_PCT;
  if (sao2 <= SPO2_SD_KNEE_LO_PCT) return SPO2_SD_LOW_PCT;
  return SPO2_SD_HIGH_PCT + ((SPO2_SD_LOW_PCT - SPO2_SD_HIGH_PCT) * (SPO2_SD_KNEE_HI_PCT - sao2)) / (SPO2_SD_KNEE_HI_PCT - SPO2_SD_KNEE_LO_PCT);
}

export function pulseOxBiasPct(monk: number, biasOn: boolean, bLight = B_LIGHT_PCT, bDark = B_DARK_PCT): number {
  if (!biasOn) return bLight;
  return bLight + ((bDark - bLight) * (monk - MONK_LIGHT_MEAN)) / (MONK_DARK_MEAN - MONK_LIGHT_MEAN);
}

/** One independent displayed reading for a true SaO2 (the model above, without monitor dynamics). */
export function spo2Reading(sao2: number, monk: number, biasOn: boolean, rng: Prng, bLight = B_LIGHT_PCT, bDark = B_DARK_PCT): number {
  const v = Math.round(sao2 + pulseOxBiasPct(monk, biasOn, bLight, bDark) + spo2ErrorSdPct(sao2) * rng.normal());
  return Math.min(100, v);
}

export function sampleReferenceSao2(rng: Prng): number {
  return rng.uniform(REFERENCE_SAO2_MIN_PCT, REFERENCE_SAO2_MAX_PCT);
}

export function sampleMonk(rng: Prng, dark: boolean): number {
  return dark ? rng.int(8, 10) : rng.int(1, 4);
}

/** Occult-hypoxemia rate among readings in the 92–96 % window for pairs (SaO2, SpO2). */
export function occultRate(sao2: ArrayLike<number>, spo2: ArrayLike<number>): { rate: number; n: number } {
  let n = 0;
  let occ = 0;
  for (let i = 0; i < sao2.length; i++) {
    if (spo2[i] >= SPO2_WINDOW_LO_PCT && spo2[i] <= SPO2_WINDOW_HI_PCT) {
      n++;
      if (sao2[i] < OCCULT_SAO2_BELOW_PCT) occ++;
    }
  }
  return { rate: n > 0 ? occ / n : NaN, n };
}

/** Occult-hypoxemia rate of one skin-tone group on the reference cohort for a given group bias. */
export function simulateGroupRate(bias: number, n: number, seed: number): number {
  const rng = new Prng(seed);
  let inWin = 0;
  let occ = 0;
  for (let i = 0; i < n; i++) {
    const sao2 = sampleReferenceSao2(rng);
    const spo2 = Math.min(100, Math.round(sao2 + bias + spo2ErrorSdPct(sao2) * rng.normal()));
    if (spo2 >= SPO2_WINDOW_LO_PCT && spo2 <= SPO2_WINDOW_HI_PCT) {
      inWin++;
      if (sao2 < OCCULT_SAO2_BELOW_PCT) occ++;
    }
  }
  return occ / inWin;
}

/** Bisection for the bias giving a target occult-hypoxemia rate (rate increases with bias). */
export function fitBias(targetRate: number, n = 400_000, seed = 2020): number {
  let lo = -5;
  let hi = 10;
  for (let i = 0; i < 30; i++) {
    const mid = 0.5 * (lo + hi);
    if (simulateGroupRate(mid, n, seed) < targetRate) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}
