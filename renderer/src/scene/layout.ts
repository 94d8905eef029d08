/** Bed positions in the ward room: two rows facing the central aisle, nurses' station at the end. */
export const BED_SPACING_M = 3.2;
export const ROW_OFFSET_M = 3.4;

export function bedPosition(index: number, count: number): [number, number, number] {
  const perRow = Math.ceil(count / 2);
  const row = index < perRow ? 0 : 1;
  const col = row === 0 ? index : index - perRow;
  const x = (col - (perRow - 1) / 2) * BED_SPACING_M;
  const z = row === 0 ? -ROW_OFFSET_M : ROW_OFFSET_M;
  return [x, 0, z];
}

/** Beds in row 0 face +z (towards the aisle); row 1 faces -z. */
export function bedRotationY(index: number, count: number): number {
  return index < Math.ceil(count / 2) ? 0 : Math.PI;
}

export function roomSize(count: number): { widthM: number; depthM: number } {
  const perRow = Math.ceil(count / 2);
  return { widthM: Math.max(12, perRow * BED_SPACING_M + 6), depthM: 2 * ROW_OFFSET_M + 7 };
}
