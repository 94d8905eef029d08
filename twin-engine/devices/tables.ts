/**
 * Precomputed lookup tables shared by every monitor (module constants, never part of a snapshot).
 * They replace Math.exp / Math.sin / Gaussian draws in the per-sample hot loops.
 */
import { Prng } from '../util/prng';
import { dexp, dsin } from '../util/detmath';

/** exp(−x²/2) sampled on x ∈ [−GAUSS_HALF_WIDTH, +GAUSS_HALF_WIDTH]; beyond ±4 σ the bump is < 3.4e−4. */
export const GAUSS_HALF_WIDTH = 4;
export const GAUSS_STEPS_PER_UNIT = 256;
export const GAUSS_TABLE: Float64Array = (() => {
  const n = 2 * GAUSS_HALF_WIDTH * GAUSS_STEPS_PER_UNIT + 2;
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = i / GAUSS_STEPS_PER_UNIT - GAUSS_HALF_WIDTH;
    t[i] = dexp(-0.5 * x * x);
  }
  return t;
})();


/** sin(2π·p) for p in cycles; SINE_SIZE entries + 1 guard. */
export const SINE_SIZE = 4096;
export const SINE_MASK = SINE_SIZE - 1;
export const SINE_TABLE: Float64Array = (() => {
  const t = new Float64Array(SINE_SIZE + 1);
  for (let i = 0; i <= SINE_SIZE; i++) t[i] = dsin((2 * Math.PI * i) / SINE_SIZE);
  return t;
})();


/** Standard-normal deviates from a fixed seed; monitors read it from seeded random offsets. */
export const NOISE_SIZE = 8192;
export const NOISE_MASK = NOISE_SIZE - 1;
export const NOISE_TABLE: Float32Array = (() => {
  const p = new Prng(0x5eed_ec9);
  const t = new Float32Array(NOISE_SIZE);
  for (let i = 0; i < NOISE_SIZE; i++) t[i] = p.normal();
  return t;
})();

export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
