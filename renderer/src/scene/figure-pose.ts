/**
 * Each bed's upper-body frame as PatientFigures last posed it (hips, raised and rolled with the
 * posture), so things attached to the patient — the oxygen mask on the face, the IV line to the
 * forearm — follow the patient when she sits up. Written only while a posture changes; `version`
 * tells readers when to re-place.
 */
import { Matrix4 } from 'three';

export const figurePose = { upper: [] as Matrix4[], version: 0 };

/** Make room for `n` beds (a new ward): identity frames until the figures pose them. */
export function resetFigurePose(n: number): void {
  figurePose.upper = Array.from({ length: n }, () => new Matrix4());
  figurePose.version++;
}
