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

/**
 * Static boxes of one bed space, in instance order (unit box scaled). The mattress is its foot half
 * only: the head half is the backrest (patient-figures.ts), raised with the patient's posture.
 */
export const BOX_PARTS = [
  { name: 'frame', pos: [0, 0.45, 0], size: [1.0, 0.5, 2.1], color: '#e8ecef' },
  { name: 'mattress', pos: [0, 0.74, 0.5], size: [0.92, 0.08, 1.0], color: '#fafafa' },
  { name: 'headboard', pos: [0, 0.85, -1.03], size: [1.0, 0.7, 0.05], color: '#cfd8dc' },
] as const;

export const SELECTED_FRAME = '#9cc4ff';

/**
 * The bedside monitor: on a pole at the head of the bed, on the ward's +x side (towards the nurses'
 * station and the overview camera behind it) and turned 35° from the aisle towards that end, so every
 * bed's screen and alarm lamp faces the default camera whichever row the bed is in (issue 15: the
 * front row's monitors faced away from it).
 */
export const MONITOR = { pos: [0.85, 1.55, -1.0] as [number, number, number], rotY: 0.6, housing: [0.7, 0.46, 0.06] as [number, number, number], screen: [0.64, 0.4] as [number, number] };
export const POLE = { pos: [0.85, 0.65, -1.0] as [number, number, number], size: [0.05, 1.3, 0.05] as [number, number, number] };
/** The alarm lamp sits on top of the housing, large enough to be seen from the far end of a 24-bed ward. */
export const LAMP_LOCAL: [number, number, number] = [0.26, 0.3, 0];
export const LAMP_SIZE = 0.14;

/** +1 when the bed's own +x is the ward's +x (row 0), −1 in the turned row: mirrors the monitor side. */
export function monitorSide(index: number, count: number): 1 | -1 {
  return bedRotationY(index, count) === 0 ? 1 : -1;
}

/** Where bed-frame point `pos` on the monitor's side goes (x mirrored in the turned row). */
export function onMonitorSide(index: number, count: number, pos: readonly number[]): [number, number, number] {
  return [monitorSide(index, count) * pos[0], pos[1], pos[2]];
}

/** World matrix of bed i's monitor (its frame: the housing's centre, facing +z of the monitor). */
export function monitorMatrix(index: number, count: number, out = new Matrix4()): Matrix4 {
  const side = monitorSide(index, count);
  return out.multiplyMatrices(bedMatrix(index, count), local(onMonitorSide(index, count, MONITOR.pos), [1, 1, 1], side * MONITOR.rotY));
}
