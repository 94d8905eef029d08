/**
 * ECG signal quality as an annotator would mark it, logged at the artifact frame where it changes, so
 * that exports can write PhysioNet NOISE annotations ('~') at the right sample. Reading the log never
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

const RING = 32; // ≥ 5 changes per second (one per 0.2 s frame), read every second
const MASK = RING - 1;

/** Quality changes in a fixed ring read by sequence number (like the beat ring). */
export class QualityLog {
  count = 0;
  tS = new Float64Array(RING);
  q = new Int8Array(RING);
  last = SQ_CLEAN;

  /** Record `q` from time `t` on, if it differs from the current state. */
  note(t: number, q: number): void {
    if (q === this.last) return;
    const i = this.count & MASK;
    this.tS[i] = t;
    this.q[i] = q;
    this.last = q;
    this.count++;
  }

  /** An observation for exports, not simulation state: left out of monitor snapshots (a restored monitor starts a new log). */
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
