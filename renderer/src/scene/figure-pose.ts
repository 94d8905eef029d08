/**
 * Each bed's upper-body frame (hips, raised and rolled with the posture) and face frame as
 * PatientFigures last posed them, so things attached to the patient — the oxygen mask on the face, the IV line to the
 * forearm — follow the patient when she sits up. Written only while a posture changes; `version`
 * tells readers when to re-place.
 */
import { Matrix4 } from 'three';

export const figurePose = {
  upper: [] as Matrix4[],
  face: [] as Matrix4[],
  version: 0,
  /** Breaths each figure has drawn so far (fractional: the current breath's phase), for the e2e hooks. */
  breaths: new Float64Array(0),
};

/** Make room for `n` beds (a new ward): identity frames until the figures pose them. */
export function resetFigurePose(n: number): void {
  figurePose.upper = Array.from({ length: n }, () => new Matrix4());
  figurePose.face = Array.from({ length: n }, () => new Matrix4());
  figurePose.breaths = new Float64Array(n);
  figurePose.version++;
}
