/**
 * Bed numbers, oxygen masks and IV bags for the whole ward in three draw calls (issue 15: no bed numbers
 * in 3D; no sign of oxygen or fluids). Masks and bags come from the recorded interventions
 * (bedside-devices.ts); hidden ones are scaled to zero, and the instance buffers are rewritten only when
 * the history grows or a simulated second passes — not per frame.
 */
import { useFrame } from '@react-three/fiber';
import { useLayoutEffect, useMemo, useRef } from 'react';
import { BoxGeometry, CanvasTexture, Color, Matrix4, SRGBColorSpace, type InstancedMesh } from 'three';
import type { WardInfo } from '../../../twin-engine/session/api';
import { live } from '../live/live-store';
import { history } from '../state/history';
import { bedMatrix, local } from './bed-frames';
import { tileAtlasMaterial, tiledQuad } from './tile-atlas';
import { foldBedsideDevices, type BedsideDevices } from './bedside-devices';

const TILE_W = 256;
const TILE_H = 96;
const COLS = 4;
/** The plate on the foot end of the bed frame, facing the aisle (below the mattress: it hides no patient). */
const PLATE = { pos: [0, 0.5, 1.07] as const, size: [0.66, 0.24, 1] as const };
/** Mask over the face (a cannula is drawn smaller), bag high on the pole. */
const MASK = { pos: [0, 0.9, -0.66] as const, size: [0.2, 0.1, 0.12] as const };
const BAG = { pos: [0.7, 1.08, -0.98] as const, size: [0.14, 0.24, 0.05] as const };
const ZERO = new Matrix4().makeScale(0, 0, 0);

function plateAtlas(ward: WardInfo) {
  const rows = Math.ceil(ward.beds.length / COLS);
  const canvas = document.createElement('canvas');
  canvas.width = TILE_W * COLS;
  canvas.height = TILE_H * rows;
  const g = canvas.getContext('2d');
  ward.beds.forEach((b, i) => {
    if (!g) return;
    const x = (i % COLS) * TILE_W;
    const y = Math.floor(i / COLS) * TILE_H;
    g.fillStyle = '#0f2a44';
    g.fillRect(x, y, TILE_W, TILE_H);
    g.strokeStyle = '#9cc4ff';
    g.lineWidth = 6;
    g.strokeRect(x + 3, y + 3, TILE_W - 6, TILE_H - 6);
    g.fillStyle = '#ffffff';
    g.font = 'bold 56px sans-serif';
    g.textAlign = 'center';
    g.textBaseline = 'middle';
    g.fillText(b.label.slice(0, 10), x + TILE_W / 2, y + TILE_H / 2 + 2);
  });
  const texture = new CanvasTexture(canvas);
  texture.colorSpace = SRGBColorSpace;
  texture.anisotropy = 4;
  const material = tileAtlasMaterial(texture, COLS, rows);
  const quad = tiledQuad(ward.beds.length, COLS);
  return { quad, material };
}

export function BedsideExtras({ ward }: { ward: WardInfo }) {
  const n = ward.beds.length;
  const plates = useRef<InstancedMesh>(null);
  const masks = useRef<InstancedMesh>(null);
  const bags = useRef<InstancedMesh>(null);
  const { quad, material } = useMemo(() => plateAtlas(ward), [ward]);
  const box = useMemo(() => new BoxGeometry(1, 1, 1), []);
  const bedMats = useMemo(() => ward.beds.map((_, i) => bedMatrix(i, n)), [ward, n]);
  const devices = useMemo(() => ({ state: new Map<string, BedsideDevices>(), folded: 0, second: -1 }), [ward]); // eslint-disable-line react-hooks/exhaustive-deps

  useLayoutEffect(() => {
    const m = new Matrix4();
    bedMats.forEach((bm, i) => {
      plates.current?.setMatrixAt(i, m.multiplyMatrices(bm, local(PLATE.pos, PLATE.size)));
      masks.current?.setMatrixAt(i, ZERO);
      bags.current?.setMatrixAt(i, ZERO);
    });
    for (const r of [plates, masks, bags]) {
      if (!r.current) continue;
      r.current.instanceMatrix.needsUpdate = true;
      r.current.computeBoundingSphere();
    }
  }, [bedMats]);

  const m = useMemo(() => new Matrix4(), []);
  useFrame(() => {
    const events = history.all;
    const second = Math.floor(live.simTimeS);
    if (events.length < devices.folded) devices.folded = 0; // history replaced (a new ward or a resume)
    if (events.length === devices.folded && second === devices.second) return;
    devices.folded = foldBedsideDevices(devices.state, events, devices.folded);
    devices.second = second;
    const maskMesh = masks.current;
    const bagMesh = bags.current;
    if (!maskMesh || !bagMesh) return;
    ward.beds.forEach((b, i) => {
      const d = devices.state.get(b.bedId);
      const o2 = d?.oxygen ?? 'none';
      const size: readonly number[] = o2 === 'cannula' ? [0.16, 0.03, 0.06] : MASK.size;
      maskMesh.setMatrixAt(i, o2 === 'none' || o2 === 'ventilator' ? ZERO : m.multiplyMatrices(bedMats[i], local(MASK.pos, size)));
      bagMesh.setMatrixAt(i, d && d.fluidsUntilS > live.simTimeS ? m.multiplyMatrices(bedMats[i], local(BAG.pos, BAG.size)) : ZERO);
    });
    maskMesh.instanceMatrix.needsUpdate = true;
    bagMesh.instanceMatrix.needsUpdate = true;
    maskMesh.computeBoundingSphere();
    bagMesh.computeBoundingSphere();
  });

  return (
    <group>
      <instancedMesh ref={plates} args={[quad, material, n]} name="bed-plates" />
      <instancedMesh ref={masks} args={[box, undefined, n]} name="oxygen-masks">
        <meshStandardMaterial color={new Color('#7fe0c0')} transparent opacity={0.8} roughness={0.3} />
      </instancedMesh>
      <instancedMesh ref={bags} args={[box, undefined, n]} name="iv-bags">
        <meshStandardMaterial color={new Color('#d8eefc')} transparent opacity={0.85} roughness={0.2} />
      </instancedMesh>
    </group>
  );
}
