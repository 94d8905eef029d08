/**
 * Where each part of a bed space sits, in the bed's own frame (x right, y up, z from head −z to foot
 * +z), and the matrices that place it in the ward. Shared by the instanced meshes so every part of
 * bed i lines up with every other part of bed i.
 */
import { Euler, Matrix4, Quaternion, Vector3 } from 'three';
import { bedPosition, bedRotationY } from './layout';

export function bedMatrix(index: number, count: number, out = new Matrix4()): Matrix4 {
  const [x, y, z] = bedPosition(index, count);
  return out.compose(new Vector3(x, y, z), new Quaternion().setFromEuler(new Euler(0, bedRotationY(index, count), 0)), new Vector3(1, 1, 1));
}

/** A local placement: translate, optional turn about y, scale (unit geometry scaled to size). */
export function local(pos: readonly number[], scale: readonly number[], rotY = 0, out = new Matrix4()): Matrix4 {
  return out.compose(new Vector3(pos[0], pos[1], pos[2]), new Quaternion().setFromEuler(new Euler(0, rotY, 0)), new Vector3(scale[0], scale[1], scale[2]));
}

/** Static boxes of one bed space, in instance order (unit box scaled). */
export const BOX_PARTS = [
  { name: 'frame', pos: [0, 0.45, 0], size: [1.0, 0.5, 2.1], color: '#e8ecef' },
  { name: 'mattress', pos: [0, 0.74, 0], size: [0.92, 0.08, 2.0], color: '#fafafa' },
  { name: 'pillow', pos: [0, 0.84, -0.82], size: [0.6, 0.1, 0.32], color: '#ffffff' },
  { name: 'blanket', pos: [0, 0.78, 0.35], size: [0.62, 0.16, 1.0], color: '#7fa6c9' },
] as const;

export const SELECTED_FRAME = '#9cc4ff';

/** The bedside monitor: on a pole at the head of the bed, turned towards the aisle. */
export const MONITOR = { pos: [0.85, 1.55, -1.0] as [number, number, number], rotY: -0.35, housing: [0.7, 0.46, 0.06] as [number, number, number], screen: [0.64, 0.4] as [number, number] };
export const POLE = { pos: [0.85, 0.65, -1.0] as [number, number, number], size: [0.05, 1.3, 0.05] as [number, number, number] };
/** The alarm lamp sits on top of the housing, so it is seen from behind too (front-row monitors face the aisle, away from the overview camera). */
export const LAMP_LOCAL: [number, number, number] = [0.26, 0.29, 0];

/** Patient figure (lying, head at −z): chest rises with respiration, skin tint from the truth. */
export const HEAD = { pos: [0, 0.84, -0.75] as [number, number, number], r: 0.13 };
export const CHEST = { pos: [0, 0.78, -0.3] as [number, number, number], size: [0.46, 0.2, 0.5] as [number, number, number] };

/** World matrix of bed i's monitor (its frame: the housing's centre, facing +z of the monitor). */
export function monitorMatrix(index: number, count: number, out = new Matrix4()): Matrix4 {
  return out.multiplyMatrices(bedMatrix(index, count), local(MONITOR.pos, [1, 1, 1], MONITOR.rotY));
}
