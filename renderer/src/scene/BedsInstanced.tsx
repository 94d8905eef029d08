/**
 * Every bed space of the ward as a handful of instanced meshes (one draw call per part type, whatever
 * the number of beds): bed boxes, poles, monitor housings, alarm lamps, patients' heads and chests.
 * Per-frame changes (breathing, skin tint, lamp flashing) are written into instance buffers in useFrame;
 * nothing here re-renders React per frame.
 */
import { useFrame, type ThreeEvent } from '@react-three/fiber';
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { Color, Matrix4, type InstancedMesh } from 'three';
import type { WardInfo } from '../../../twin-engine/session/api';
import { live } from '../live/live-store';
import { useUi } from '../state/store';
import { ALARM_COLORS } from '../ui/alarm-colors';
import { applyClinicalTint, baseSkin } from './appearance';
import { BOX_PARTS, CHEST, HEAD, LAMP_LOCAL, MONITOR, POLE, SELECTED_FRAME, bedMatrix, local, monitorMatrix } from './bed-frames';
import { bedPosition } from './layout';

/** Chest excursion at a normal tidal volume, as a fraction of chest depth (visual, not physiological). */
const CHEST_EXCURSION = 0.12;
const LAMP_OFF = new Color('#2a2a2a');

export interface BedPointerHandlers {
  onSelect(index: number): void;
  onHover(index: number | null): void;
}

/** Instance id → bed index for meshes with `per` instances per bed. */
function pointer(per: number, h: BedPointerHandlers) {
  return {
    onClick: (e: ThreeEvent<MouseEvent>) => {
      e.stopPropagation();
      if (e.instanceId !== undefined) h.onSelect(Math.floor(e.instanceId / per));
    },
    onPointerMove: (e: ThreeEvent<PointerEvent>) => {
      e.stopPropagation();
      if (e.instanceId !== undefined) h.onHover(Math.floor(e.instanceId / per));
    },
    onPointerOut: () => h.onHover(null),
  };
}

export function BedsInstanced({ ward, handlers }: { ward: WardInfo; handlers: BedPointerHandlers }) {
  const n = ward.beds.length;
  const boxes = useRef<InstancedMesh>(null);
  const poles = useRef<InstancedMesh>(null);
  const housings = useRef<InstancedMesh>(null);
  const lamps = useRef<InstancedMesh>(null);
  const heads = useRef<InstancedMesh>(null);
  const chests = useRef<InstancedMesh>(null);
  const selected = useUi((s) => s.selectedBedId);

  const bedMats = useMemo(() => ward.beds.map((_, i) => bedMatrix(i, n)), [ward, n]);
  const chestBase = useMemo(() => bedMats.map((m) => m.clone().multiply(local(CHEST.pos, CHEST.size))), [bedMats]);
  const skins = useMemo(() => ward.beds.map((b) => baseSkin(b.profile.skinToneMonk, new Color())), [ward]);

  // Static placement, once per ward.
  useLayoutEffect(() => {
    const m = new Matrix4();
    const c = new Color();
    bedMats.forEach((bm, i) => {
      BOX_PARTS.forEach((p, k) => {
        boxes.current?.setMatrixAt(i * BOX_PARTS.length + k, m.multiplyMatrices(bm, local(p.pos, p.size)));
        boxes.current?.setColorAt(i * BOX_PARTS.length + k, c.set(p.color));
      });
      poles.current?.setMatrixAt(i, m.multiplyMatrices(bm, local(POLE.pos, POLE.size)));
      const mon = monitorMatrix(i, n);
      housings.current?.setMatrixAt(i, m.multiplyMatrices(mon, local([0, 0, 0], MONITOR.housing)));
      lamps.current?.setMatrixAt(i, m.multiplyMatrices(mon, local(LAMP_LOCAL, [0.1, 0.1, 0.1])));
      lamps.current?.setColorAt(i, LAMP_OFF);
      heads.current?.setMatrixAt(i, m.multiplyMatrices(bm, local(HEAD.pos, [HEAD.r * 2, HEAD.r * 2, HEAD.r * 2])));
      heads.current?.setColorAt(i, skins[i]);
      chests.current?.setMatrixAt(i, chestBase[i]);
      chests.current?.setColorAt(i, c.copy(skins[i]).multiplyScalar(0.9));
    });
    for (const r of [boxes, poles, housings, lamps, heads, chests]) {
      const mesh = r.current;
      if (!mesh) continue;
      mesh.instanceMatrix.needsUpdate = true;
      if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
      mesh.computeBoundingSphere();
    }
  }, [bedMats, chestBase, skins, n]);

  // Selection highlight: recolour the selected bed's frame (human-pace change, not per frame).
  useEffect(() => {
    const mesh = boxes.current;
    if (!mesh) return;
    const c = new Color();
    ward.beds.forEach((b, i) => mesh.setColorAt(i * BOX_PARTS.length, c.set(b.bedId === selected ? SELECTED_FRAME : BOX_PARTS[0].color)));
    if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
  }, [selected, ward]);

  const tint = useMemo(() => new Color(), []);
  const scaled = useMemo(() => new Matrix4(), []);
  const lastVersion = useRef(-1);
  /** Per bed: the respiration ring's range, rescanned once per half second of new samples, not per frame. */
  const resp = useMemo(() => ({ lo: new Float64Array(n).fill(Infinity), hi: new Float64Array(n).fill(-Infinity), at: new Float64Array(n).fill(-1) }), [n]);

  useFrame(({ clock }) => {
    const chestMesh = chests.current;
    const headMesh = heads.current;
    const lampMesh = lamps.current;
    if (!chestMesh || !headMesh || !lampMesh) return;
    const t = clock.elapsedTime;
    const numericsChanged = live.version !== lastVersion.current;
    lastVersion.current = live.version;
    for (let i = 0; i < n; i++) {
      const bedId = ward.beds[i].bedId;
      // Breathing: chest height follows the respiration waveform's phase (normalised over its ring).
      const buf = live.wave(bedId, 'resp');
      let phase = 0;
      if (buf && buf.written > 0) {
        if (resp.at[i] < 0 || buf.written - resp.at[i] >= buf.sampleRateHz / 2 || buf.written < resp.at[i]) {
          let lo = Infinity;
          let hi = -Infinity;
          const cnt = Math.min(buf.written, buf.data.length);
          for (let k = 0; k < cnt; k += 4) {
            const v = buf.data[k];
            if (v < lo) lo = v;
            if (v > hi) hi = v;
          }
          resp.lo[i] = lo;
          resp.hi[i] = hi;
          resp.at[i] = buf.written;
        }
        const lo = resp.lo[i];
        const hi = resp.hi[i];
        const v = buf.at(buf.written - 1);
        if (hi - lo > 1e-6 && Number.isFinite(v)) phase = (v - lo) / (hi - lo);
      }
      scaled.copy(chestBase[i]);
      scaled.elements[4] *= 1 + CHEST_EXCURSION * phase;
      scaled.elements[5] *= 1 + CHEST_EXCURSION * phase;
      scaled.elements[6] *= 1 + CHEST_EXCURSION * phase;
      chestMesh.setMatrixAt(i, scaled);

      const frame = live.numerics.get(bedId);
      if (numericsChanged && frame?.truth) {
        applyClinicalTint(tint, skins[i], frame.truth.peripheralPerfusion, frame.truth.sao2Pct);
        headMesh.setColorAt(i, tint);
        chestMesh.setColorAt(i, tint.multiplyScalar(0.9));
      }
      // IEC 60601-1-8 visual alarm: high flashes fast (~2 Hz), medium slowly (~0.6 Hz), low is steady.
      const alarms = frame?.alarms ?? [];
      const top = alarms.find((a) => a.priority === 'high') ?? alarms.find((a) => a.priority === 'medium') ?? alarms[0];
      if (!top) lampMesh.setColorAt(i, LAMP_OFF);
      else {
        const hz = top.priority === 'high' ? 2 : top.priority === 'medium' ? 0.6 : 0;
        const on = hz === 0 || Math.sin(t * 2 * Math.PI * hz) > 0;
        lampMesh.setColorAt(i, on ? tint.set(ALARM_COLORS[top.priority]) : LAMP_OFF);
      }
    }
    chestMesh.instanceMatrix.needsUpdate = true;
    if (numericsChanged) {
      if (headMesh.instanceColor) headMesh.instanceColor.needsUpdate = true;
      if (chestMesh.instanceColor) chestMesh.instanceColor.needsUpdate = true;
    }
    if (lampMesh.instanceColor) lampMesh.instanceColor.needsUpdate = true;
  });

  return (
    <group>
      {/* Named, geometry-free markers (no draw calls): tests and tools find the beds by name. */}
      {ward.beds.map((b, i) => (
        <object3D key={b.bedId} name={`bed:${b.bedId}`} position={bedPosition(i, n)} />
      ))}
      <instancedMesh ref={boxes} args={[undefined, undefined, n * BOX_PARTS.length]} {...pointer(BOX_PARTS.length, handlers)}>
        <boxGeometry />
        <meshStandardMaterial roughness={0.8} />
      </instancedMesh>
      <instancedMesh ref={chests} args={[undefined, undefined, n]} {...pointer(1, handlers)}>
        <boxGeometry />
        <meshStandardMaterial roughness={0.8} />
      </instancedMesh>
      <instancedMesh ref={heads} args={[undefined, undefined, n]} {...pointer(1, handlers)}>
        <sphereGeometry args={[0.5, 16, 12]} />
        <meshStandardMaterial roughness={0.7} />
      </instancedMesh>
      <instancedMesh ref={poles} args={[undefined, undefined, n]}>
        <cylinderGeometry args={[0.5, 0.5, 1, 8]} />
        <meshStandardMaterial color="#9aa3a8" metalness={0.5} roughness={0.4} />
      </instancedMesh>
      <instancedMesh ref={housings} args={[undefined, undefined, n]} {...pointer(1, handlers)}>
        <boxGeometry />
        <meshStandardMaterial color="#1b1f22" />
      </instancedMesh>
      <instancedMesh ref={lamps} args={[undefined, undefined, n]}>
        <sphereGeometry args={[0.5, 10, 8]} />
        <meshBasicMaterial toneMapped={false} />
      </instancedMesh>
    </group>
  );
}
