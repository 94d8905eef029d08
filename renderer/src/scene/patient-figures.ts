/**
 * The patient figure's geometry and poses, in the bed's frame (x right, y up, z from head −z to foot
 * +z): pure functions and constants, so the per-frame code only multiplies matrices it already holds.
 *
 * The upper body (head, hair, arms, chest) hinges at the hips, and so does the backrest with the pillow;
 * the posture from the engine's visible signs sets both hinge angles (lying ≈ 15° head-up, sitting up
 * ≈ 50° against the backrest, tripod 15° past upright — leaning forward off the backrest, hands braced
 * on the thighs —, slumped flat with the head rolled to one side, recovery rolled onto the side). The
 * legs lie under the blanket and do not move.
 */
import { Euler, Matrix4, Quaternion, Vector3 } from 'three';
import type { Posture } from '../../../twin-engine/session/api';

/** The hinge of the backrest and the patient's hips, in the bed frame (mattress top is y 0.78). */
export const HIP_PIVOT: readonly [number, number, number] = [0, 0.8, 0];

const POSTURE_LIST: readonly Posture[] = ['lying', 'sitting_up', 'tripod', 'slumped', 'recovery'];
export const postureIndex = (p: Posture | undefined): number => Math.max(0, POSTURE_LIST.indexOf(p ?? 'lying'));

/**
 * Hinge angles (rad from the mattress: above π/2 the trunk leans forward past upright) of the body and
 * of the backrest, and the body's roll about its long axis, per posture. The trunk rests on the
 * backrest except in tripod, where the patient sits forward off it.
 */
export const POSE_ANGLES: readonly { raise: number; rest: number; roll: number }[] = [
  { raise: 0.26, rest: 0.26, roll: 0 }, // lying: head of the bed slightly up
  { raise: 0.9, rest: 0.9, roll: 0 }, // sitting up, propped on the backrest
  // Tripod: the trunk 15° past upright, forward off the backrest (raised behind it), reads as ≈ 75°
  // off the mattress from the side — the bracing posture of dyspnoea (docs/REFERENCES.md#banzett-bracing).
  { raise: 1.83, rest: 1.2, roll: 0 },
  { raise: 0.1, rest: 0.1, roll: 0 }, // slumped, flat
  { raise: 0.05, rest: 0.05, roll: 1.15 }, // recovery position: on the left side
];

/** Unit capsule (CapsuleGeometry(0.5, 0.5): 1 wide, 1.5 long on y) placed along the body's z axis. */
function capsule(pos: readonly number[], width: number, length: number, depth: number, turn = new Quaternion()): Matrix4 {
  const along = new Quaternion().setFromEuler(new Euler(Math.PI / 2, 0, 0));
  return new Matrix4().compose(new Vector3(pos[0], pos[1], pos[2]), turn.clone().multiply(along), new Vector3(width, length / 1.5, depth));
}

function q(x: number, y: number, z: number): Quaternion {
  return new Quaternion().setFromEuler(new Euler(x, y, z));
}

/**
 * An arm from the shoulder at `sx`, lying along the body at 0, swung forward (towards the front of the
 * chest, +y) by `fwd` and out by `out` (rad).
 */
function arm(sx: number, fwd: number, out: number): Matrix4 {
  const shoulder = new Vector3(sx, 0.07, -0.6);
  // A turn about +x takes the body axis (+z) to −y, behind the back: forward is the negative angle.
  const turn = q(-fwd, out * Math.sign(sx), 0);
  const centre = new Vector3(0, 0, 0.3).applyQuaternion(turn).add(shoulder);
  return capsule([centre.x, centre.y, centre.z], 0.085, 0.6, 0.085, turn);
}

/**
 * One instanced capsule mesh draws every figure: per bed a block of PARTS_PER_BED instances in this
 * order (the first SKIN_PARTS are skin, tinted and sweating; the rest are hair, gown and blanket).
 */
export const PART = { head: 0, armL: 1, armR: 2, nose: 3, hair: 4, chest: 5, blanket: 6 } as const;
export const SKIN_PARTS = 4;
export const PARTS_PER_BED = 9; // head, arms ×2, nose, hair, chest, blanket slab, legs ×2

export interface PoseParts {
  /** The face's frame (head centre, turned with the head; unscaled): masks and the nose sit on it. */
  face: Matrix4;
  head: Matrix4;
  nose: Matrix4;
  hair: Matrix4;
  armL: Matrix4;
  armR: Matrix4;
  chest: Matrix4;
}

const HEAD_AT = [0, 0.2, -0.84] as const;

function pose(headRoll: number, headShiftX: number, fwd: number, out: number): PoseParts {
  const headTurn = q(0, 0, headRoll);
  const head = capsule([HEAD_AT[0] + headShiftX, HEAD_AT[1], HEAD_AT[2]], 0.18, 0.25, 0.2, headTurn);
  // Hair: a shell a little larger than the head, set back towards the crown and the occiput.
  const back = new Vector3(0, -0.016, -0.022).applyQuaternion(headTurn);
  const hair = capsule([HEAD_AT[0] + headShiftX + back.x, HEAD_AT[1] + back.y, HEAD_AT[2] + back.z], 0.196, 0.245, 0.205, headTurn);
  const face = new Matrix4().compose(new Vector3(HEAD_AT[0] + headShiftX, HEAD_AT[1], HEAD_AT[2]), headTurn, new Vector3(1, 1, 1));
  // The nose: a small bump on the face, so that which way the patient looks is plain.
  const nose = face.clone().multiply(capsule([0, 0.1, 0.01], 0.035, 0.055, 0.05));
  return { face, head, nose, hair, armL: arm(-0.27, fwd, out), armR: arm(0.27, fwd, out), chest: capsule([0, 0.1, -0.38], 0.42, 0.72, 0.22) };
}

/** Per posture index: the parts' placements in the upper-body frame. */
export const POSES: readonly PoseParts[] = [
  pose(0, 0, 0, 0.08),
  pose(0, 0, 0, 0.12),
  // Arms forward and down from the leaning shoulders to the thighs (≈ 42° off the trunk reaches the
  // blanket at mid-thigh with the trunk at 105°), the hands a little in, onto the legs.
  pose(0, 0, 0.72, -0.12),
  pose(0.65, 0.04, 0, 0.2), // head lolled, arms fallen out
  pose(0, 0, 0.5, 0.2),
];

/** Backrest (head half of the mattress) and pillow, in the upper-body frame. */
export const BACKREST = new Matrix4().compose(new Vector3(0, -0.06, -0.5), new Quaternion(), new Vector3(0.92, 0.08, 1.0));
export const PILLOW = new Matrix4().compose(new Vector3(0, 0.04, -0.83), new Quaternion(), new Vector3(0.6, 0.1, 0.3));
/**
 * The blanket (a flat slab from the waist to the foot of the bed) and the two legs under it, whose
 * shins and feet show through as ridges: in the bed frame, static, drawn in the blanket's colour.
 */
export const BLANKET_PARTS: readonly Matrix4[] = [
  capsule([0, 0.815, 0.45], 0.9, 1.15, 0.06),
  capsule([-0.1, 0.835, 0.5], 0.17, 0.98, 0.13),
  capsule([0.1, 0.835, 0.5], 0.17, 0.98, 0.13),
];

/** Chest excursion at a normal tidal volume, as a fraction of chest depth (a visual scale). */
export const CHEST_EXCURSION = 0.14;
/** Share of a breath spent breathing in (I:E ≈ 1:1.5 at rest). */
const INSPIRATION = 0.4;

/** Chest filling 0..1 at a breath's phase 0..1: smooth rise in inspiration, slower fall. */
export function breathShape(phase: number): number {
  return phase < INSPIRATION ? 0.5 - 0.5 * Math.cos((Math.PI * phase) / INSPIRATION) : 0.5 + 0.5 * Math.cos((Math.PI * (phase - INSPIRATION)) / (1 - INSPIRATION));
}

/** Upper-body frame of a bed: bed × hip pivot × raise × roll (written into `out`, no allocation). */
export function upperBody(bed: Matrix4, raise: number, roll: number, out: Matrix4, tmp: Matrix4): Matrix4 {
  out.copy(bed).multiply(tmp.makeTranslation(HIP_PIVOT[0], HIP_PIVOT[1], HIP_PIVOT[2]));
  out.multiply(tmp.makeRotationX(raise));
  if (roll !== 0) out.multiply(tmp.makeRotationZ(roll));
  return out;
}

/** Hair colour from the profile: grey from 65 years, otherwise dark for darker skin tones. */
export function hairColour(ageY: number, monk: number): string {
  if (ageY >= 65) return '#b9b7b2';
  return monk >= 5 ? '#1d1714' : '#4b3425';
}
