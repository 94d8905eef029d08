/**
 * ECG signal quality as an annotator would mark it, logged at the artifact frame where it changes, so
 * that exports can write PhysioNet NOISE annotations ('~') at the right sample; the same kind of log
 * keeps the rhythm the ECG draws, to the physiology step, for RHYTHM annotations. Reading the log never
 * changes the simulation: it is written from the artifact state the ECG renderer already uses.
 *  - unreadable: lead detached (flat line) or a dropout gap (invalid samples);
 *  - noisy: an artifact burst that buries the complexes — patient motion, CPR compressions, shivering EMG;
 *  - clean: otherwise (a steady baseline wander or mains hum is not marked, as in MIT-BIH).
 */
import { SENSOR_ECG, type Artifacts } from './artifacts';

export const SQ_CLEAN = 0;
export const SQ_NOISY = 1;
export const SQ_UNREADABLE = 2;

export function ecgQuality(art: Artifacts): number {
  if (art.leadOff || art.gap(SENSOR_ECG)) return SQ_UNREADABLE;
  if (art.motionLevel > 0 || art.cprLevel > 0 || art.emgLevel > 0) return SQ_NOISY;
  return SQ_CLEAN;
}

const RING = 32; // ≥ 10 changes per second (one per 0.1 s physiology step), read every second
const MASK = RING - 1;

/**
 * Changes of one value (ECG quality, the rhythm drawn) in a fixed ring read by sequence number, like the
 * beat ring. An observation for exports, not simulation state: left out of monitor snapshots (a restored
 * monitor starts a new log).
 */
export class ChangeLog<T extends number | string> {
  count = 0;
  tS = new Float64Array(RING);
  v: T[];
  last: T;

  constructor(initial: T) {
    this.last = initial;
    this.v = new Array<T>(RING).fill(initial);
  }

  /** Record `v` from time `t` on, if it differs from the current value. */
  note(t: number, v: T): void {
    if (v === this.last) return;
    const i = this.count & MASK;
    this.tS[i] = t;
    this.v[i] = v;
    this.last = v;
    this.count++;
  }

  snapshotState(): null {
    return null;
  }

  restoreState(): void {}

  oldest(): number {
    return this.count > RING ? this.count - RING : 0;
  }

  slot(seq: number): number {
    return seq & MASK;
  }
}
