/**
 * Bed numbers, oxygen masks, IV bags and lines for the whole ward in four draw calls (issue 15: no bed
 * numbers in 3D; no sign of oxygen or fluids). Masks, bags and lines come from the recorded
 * interventions (bedside-devices.ts); hidden ones are scaled to zero, and the instance buffers are
 * rewritten only when the history grows, a simulated second passes or a patient's posture moves (the
 * mask sits on the face, the line runs to the forearm) — not every frame.
 */
import { useFrame } from '@react-three/fiber';
import { useLayoutEffect, useMemo, useRef } from 'react';
import { BoxGeometry, CanvasTexture, Color, CylinderGeometry, Matrix4, Quaternion, SRGBColorSpace, Vector3, type InstancedMesh } from 'three';
import type { WardInfo } from '../../../twin-engine/session/api';
import { live } from '../live/live-store';
import { history } from '../state/history';
import { bedMatrix, local, monitorSide, onMonitorSide } from './bed-frames';
import { figurePose } from './figure-pose';
import { tileAtlasMaterial, tiledQuad } from './tile-atlas';
import { foldBedsideDevices, type BedsideDevices } from './bedside-devices';

const TILE_W = 256;
const TILE_H = 96;
const COLS = 4;
/** The plate on the foot end of the bed frame, facing the aisle (below the mattress: it hides no patient). */
const PLATE = { pos: [0, 0.5, 1.07] as const, size: [0.66, 0.24, 1] as const };
/** Mask over nose and mouth, in the patient's face frame (patient-figures.ts: +y out of the face, +z to the chin); a cannula is a thin bar under the nose. */
const MASK = { pos: [0, 0.1, 0.045] as const, size: [0.12, 0.08, 0.11] as const };
const CANNULA = { pos: [0, 0.1, 0.04] as const, size: [0.17, 0.02, 0.025] as const };
/** The bag hangs on the monitor's pole (bed frame, x on the monitor side) below the monitor. */
const BAG = { pos: [0.78, 1.12, -0.98] as const, size: [0.14, 0.24, 0.05] as const };
/** The line leaves the bag's foot and enters the forearm on the same side (upper-body frame, x mirrored). */
const LINE_TOP = [0.78, 0.99, -0.98] as const;
const LINE_END = [0.27, 0.09, -0.12] as const;
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
  const lines = useRef<InstancedMesh>(null);
  const { quad, material } = useMemo(() => plateAtlas(ward), [ward]);
  const box = useMemo(() => new BoxGeometry(1, 1, 1), []);
  const tube = useMemo(() => new CylinderGeometry(0.5, 0.5, 1, 6), []);
  const bedMats = useMemo(() => ward.beds.map((_, i) => bedMatrix(i, n)), [ward, n]);
  const devices = useMemo(() => ({ state: new Map<string, BedsideDevices>(), folded: 0, second: -1, pose: -1 }), [ward]); // eslint-disable-line react-hooks/exhaustive-deps

  useLayoutEffect(() => {
    const m = new Matrix4();
    bedMats.forEach((bm, i) => {
      plates.current?.setMatrixAt(i, m.multiplyMatrices(bm, local(PLATE.pos, PLATE.size)));
      masks.current?.setMatrixAt(i, ZERO);
      bags.current?.setMatrixAt(i, ZERO);
      lines.current?.setMatrixAt(i, ZERO);
    });
    for (const r of [plates, masks, bags, lines]) {
      if (!r.current) continue;
      r.current.instanceMatrix.needsUpdate = true;
      r.current.computeBoundingSphere();
    }
  }, [bedMats]);

  const t = useMemo(() => ({ m: new Matrix4(), a: new Vector3(), b: new Vector3(), q: new Quaternion(), up: new Vector3(0, 1, 0), s: new Vector3() }), []);
  useFrame(() => {
    const events = history.all;
    const second = Math.floor(live.simTimeS);
    if (events.length < devices.folded) devices.folded = 0; // history replaced (a new ward or a resume)
    if (events.length === devices.folded && second === devices.second && figurePose.version === devices.pose) return;
    devices.folded = foldBedsideDevices(devices.state, events, devices.folded);
    devices.second = second;
    devices.pose = figurePose.version;
    const maskMesh = masks.current;
    const bagMesh = bags.current;
    const lineMesh = lines.current;
    if (!maskMesh || !bagMesh || !lineMesh) return;
    const m = t.m;
    ward.beds.forEach((b, i) => {
      const d = devices.state.get(b.bedId);
      const o2 = d?.oxygen ?? 'none';
      const upper = figurePose.upper[i];
      const face = figurePose.face[i];
      const dev = o2 === 'cannula' ? CANNULA : MASK;
      maskMesh.setMatrixAt(i, o2 === 'none' || o2 === 'ventilator' || !face ? ZERO : m.multiplyMatrices(face, local(dev.pos, dev.size)));
      const running = d !== undefined && d.fluidsUntilS > live.simTimeS;
      bagMesh.setMatrixAt(i, running ? m.multiplyMatrices(bedMats[i], local(onMonitorSide(i, n, BAG.pos), BAG.size)) : ZERO);
      if (!running || !upper) lineMesh.setMatrixAt(i, ZERO);
      else {
        // A thin tube from the bag's foot to the forearm: unit cylinder turned onto the segment.
        t.a.set(...onMonitorSide(i, n, LINE_TOP)).applyMatrix4(bedMats[i]);
        t.b.set(monitorSide(i, n) * LINE_END[0], LINE_END[1], LINE_END[2]).applyMatrix4(upper);
        const len = t.a.distanceTo(t.b);
        t.b.sub(t.a);
        t.q.setFromUnitVectors(t.up, t.s.copy(t.b).normalize());
        t.a.addScaledVector(t.b, 0.5);
        lineMesh.setMatrixAt(i, m.compose(t.a, t.q, t.s.set(0.008, len, 0.008)));
      }
    });
    for (const mesh of [maskMesh, bagMesh, lineMesh]) {
      mesh.instanceMatrix.needsUpdate = true;
      mesh.computeBoundingSphere();
    }
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
      <instancedMesh ref={lines} args={[tube, undefined, n]} name="iv-lines">
        <meshStandardMaterial color={new Color('#e8f4fa')} roughness={0.3} />
      </instancedMesh>
    </group>
  );
}
