/**
 * Physical bounds of the published true state: values no patient's body can take, alive or in
 * arrest, whatever conditions and treatments are stacked. The model's systems keep within them when
 * used as intended; the engine clamps every published number to them after each step, so a stack
 * of extremes cannot leave the physical world (negative pressures, blood volume of 10 L, Hb 128 g/dL)
 * and cannot reach NaN through a runaway. tests/physiology/bounds.property.test.ts checks them
 * against random sequences of every condition and intervention at their allowed extremes.
 *
 * Most bounds are definitional (fractions in 0–1, non-negative flows and pressures, GCS 3–15) or set
 * wide of anything the model produces; the physiological one is cited beside it.
 */
import type { TrueState } from './types';

type NumericKey = { [K in keyof TrueState]: TrueState[K] extends number ? K : never }[keyof TrueState];

export const PHYSICAL_BOUNDS: Readonly<Partial<Record<NumericKey, readonly [number, number]>>> = {
  hrBpm: [0, 300], // ventricular rate cannot exceed ≈ 300/min (AV refractoriness; pacing max 300 too)
  pulseRateBpm: [0, 300],
  svMl: [0, 200],
  coLPerMin: [0, 40], // elite athletes' maximum ≈ 35–40 L/min
  efFraction: [0, 0.9],
  sbpMmHg: [0, 300],
  dbpMmHg: [0, 250],
  mapMmHg: [0, 250],
  cvpMmHg: [-10, 50],
  pcwpMmHg: [-10, 60],
  paSysMmHg: [0, 150],
  paDiaMmHg: [-10, 100],
  paMeanMmHg: [-10, 120],
  bloodVolumeMl: [300, 15000],
  rrBpm: [0, 80],
  tidalVolumeMl: [0, 4000],
  minuteVentLPerMin: [0, 200],
  deadSpaceFraction: [0, 1],
  fio2: [0.21, 1],
  pao2MmHg: [0, 700],
  paco2MmHg: [0, 250],
  sao2Pct: [0, 100],
  svo2Pct: [0, 100],
  etco2MmHg: [0, 250],
  shuntFraction: [0, 1],
  lactateMmolL: [0, 40],
  ph: [6.5, 8.0], // wide of any blood gas the model produces; not a survival figure
  hco3MmolL: [0, 60],
  coreTempC: [13.7, 46.5], // lowest and highest core temperatures survived: docs/REFERENCES.md#survival-extremes
  glucoseMgDl: [0, 3000],
  potassiumMmolL: [1, 12],
  hbGDl: [1, 25],
  wbc10e9L: [0, 500],
  creatinineMgDl: [0, 30],
  urineMlPerH: [0, 2000],
  gcs: [3, 15],
  peripheralPerfusion: [0, 1],
  plateletsE9L: [0, 2000],
  bilirubinMgDl: [0, 60],
  ketonesMmolL: [0, 30],
  infectionLoad: [0, 1],
};

// Compiled once: clampToBounds runs every physiology step and must not allocate.
const BOUNDED: readonly { key: NumericKey; lo: number; hi: number }[] = (Object.entries(PHYSICAL_BOUNDS) as [NumericKey, readonly [number, number]][]).map(
  ([key, [lo, hi]]) => ({ key, lo, hi }),
);

/** Keys whose value lies outside its bound (or is not finite): empty when the state is physical. */
export function outOfBounds(s: TrueState): string[] {
  const bad: string[] = [];
  for (const { key, lo, hi } of BOUNDED) {
    const v = s[key];
    if (!(v >= lo && v <= hi)) bad.push(`${key}=${v} (bounds ${lo}..${hi})`);
  }
  return bad;
}

/** The bounded keys, in the order of the counters clampToBounds keeps. */
export const BOUNDED_KEYS: readonly NumericKey[] = BOUNDED.map((b) => b.key);

/**
 * Clamp every bounded number of the published state into its bounds, counting in `clamps[i]` how
 * often BOUNDED_KEYS[i] had to be clamped. The clamp is a last line of defence, not the model: the
 * counts let tests assert that the model itself stays physical (tests/physiology/bounds.property.test.ts).
 * NaN is left as it is, so a runaway stays visible to the tests rather than being painted over.
 */
export function clampToBounds(s: TrueState, clamps: Uint32Array): void {
  const r = s as unknown as Record<NumericKey, number>;
  for (let i = 0; i < BOUNDED.length; i++) {
    const b = BOUNDED[i];
    const v = r[b.key];
    if (v < b.lo) {
      r[b.key] = b.lo;
      clamps[i]++;
    } else if (v > b.hi) {
      r[b.key] = b.hi;
      clamps[i]++;
    }
  }
}
