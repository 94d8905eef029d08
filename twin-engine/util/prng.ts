/**
 * Seeded pseudo-random numbers for the twin. Every stochastic part of WardTwin (inter-individual
 * variation, heart-rate variability, artifacts, cohort sampling) draws from one of these so that the
 * same seed gives the same run, bit for bit, on every host.
 *
 * Generator: sfc32 (Chris Doty-Humphrey's "small fast chaotic" PRNG, PractRand-clean to 2^47 bytes),
 * seeded through splitmix32 so that small consecutive seeds give unrelated streams. Pure 32-bit integer
 * arithmetic via Math.imul and >>> keeps results identical across JS engines.
 */
import { dcos, dlog, dsin } from './detmath';
export interface PrngState {
  a: number;
  b: number;
  c: number;
  d: number;
  /** Cached second Box–Muller deviate (NaN when none is cached). */
  spare: number | null;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare: number | null = null;

  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new Error(`Prng: seed must be a finite number, got ${seed}`);
    const sm = splitmix32(Math.floor(seed) ^ Math.floor(seed / 4294967296));
    this.a = sm();
    this.b = sm();
    this.c = sm();
    this.d = sm();
    // Discard the first outputs: sfc32 mixes poorly in its first dozen steps.
    for (let i = 0; i < 12; i++) this.nextU32();
  }

  /** Uniform 32-bit unsigned integer. */
  nextU32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Integer uniform in [lo, hi] inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** Standard normal deviate (Box–Muller, polar-free form; caches the second deviate). */
  normal(mean = 0, sd = 1): number {
    if (this.spare !== null) {
      const z = this.spare;
      this.spare = null;
      return mean + sd * z;
    }
    let u = this.next();
    if (u < 1e-12) u = 1e-12;
    const v = this.next();
    const r = Math.sqrt(-2 * dlog(u));
    const theta = 2 * Math.PI * v;
    this.spare = r * dsin(theta);
    return mean + sd * r * dcos(theta);
  }

  /** Derive an independent child generator (e.g. one per bed or per device) deterministically. */
  fork(label: number): Prng {
    return new Prng((this.nextU32() ^ Math.imul(label + 1, 0x27d4eb2d)) >>> 0);
  }

  /**
   * Words as unsigned 32-bit numbers: the step leaves `a` as a signed int32 (an XOR), setState stores it
   * unsigned; the same generator must serialise the same way however it got there (a snapshot of a patient
   * copied from the warm-up cache equals one of a patient settled from scratch).
   */
  getState(): PrngState {
    return { a: this.a >>> 0, b: this.b >>> 0, c: this.c >>> 0, d: this.d >>> 0, spare: this.spare };
  }

  setState(s: PrngState): void {
    this.a = s.a >>> 0;
    this.b = s.b >>> 0;
    this.c = s.c >>> 0;
    this.d = s.d >>> 0;
    this.spare = s.spare;
  }

  static fromState(s: PrngState): Prng {
    const p = new Prng(0);
    p.setState(s);
    return p;
  }
}

/** Stable 32-bit hash of a string (FNV-1a), for deriving seeds from names such as bed ids. */
export function hashString32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
