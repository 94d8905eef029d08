/**
 * Every bed space of the ward as a handful of instanced meshes (one draw call per part type, whatever
 * the number of beds): bed boxes, poles, monitor housings, alarm lamps; the patients are
 * PatientFigures. Lamp flashing is written into the instance colours in useFrame; nothing here
 * re-renders React per frame.
 */
import { useFrame, type ThreeEvent } from '@react-three/fiber';
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { Color, Matrix4, type InstancedMesh } from 'three';
import type { WardInfo } from '../../../twin-engine/session/api';
import { live } from '../live/live-store';
import { useUi } from '../state/store';
import { ALARM_COLORS } from '../ui/alarm-colors';
import { BOX_PARTS, LAMP_LOCAL, LAMP_SIZE, MONITOR, POLE, SELECTED_FRAME, bedMatrix, local, monitorMatrix, onMonitorSide } from './bed-frames';
import { bedPosition } from './layout';
import { topAlarm } from '../monitor/alarm-tiles';

const LAMP_OFF = new Color('#2a2a2a');

export interface BedPointerHandlers {
  onSelect(index: number): void;
  onHover(index: number | null): void;
}

/** Instance id → bed index for meshes with `per` instances per bed. */
export function pointer(per: number, h: BedPointerHandlers) {
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
  const selected = useUi((s) => s.selectedBedId);

  const bedMats = useMemo(() => ward.beds.map((_, i) => bedMatrix(i, n)), [ward, n]);

  // Static placement, once per ward.
  useLayoutEffect(() => {
    const m = new Matrix4();
    const c = new Color();
    bedMats.forEach((bm, i) => {
      BOX_PARTS.forEach((p, k) => {
        boxes.current?.setMatrixAt(i * BOX_PARTS.length + k, m.multiplyMatrices(bm, local(p.pos, p.size)));
        boxes.current?.setColorAt(i * BOX_PARTS.length + k, c.set(p.color));
      });
      poles.current?.setMatrixAt(i, m.multiplyMatrices(bm, local(onMonitorSide(i, n, POLE.pos), POLE.size)));
      const mon = monitorMatrix(i, n);
      housings.current?.setMatrixAt(i, m.multiplyMatrices(mon, local([0, 0, 0], MONITOR.housing)));
      lamps.current?.setMatrixAt(i, m.multiplyMatrices(mon, local(LAMP_LOCAL, [LAMP_SIZE, LAMP_SIZE, LAMP_SIZE])));
      lamps.current?.setColorAt(i, LAMP_OFF);
    });
    for (const r of [boxes, poles, housings, lamps]) {
      const mesh = r.current;
      if (!mesh) continue;
      mesh.instanceMatrix.needsUpdate = true;
      if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
      mesh.computeBoundingSphere();
    }
  }, [bedMats, n]);

  // Selection highlight: recolour the selected bed's frame (human-pace change, not per frame).
  useEffect(() => {
    const mesh = boxes.current;
    if (!mesh) return;
    const c = new Color();
    ward.beds.forEach((b, i) => mesh.setColorAt(i * BOX_PARTS.length, c.set(b.bedId === selected ? SELECTED_FRAME : BOX_PARTS[0].color)));
    if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
  }, [selected, ward]);

  const tint = useMemo(() => new Color(), []);

  useFrame(({ clock }) => {
    const lampMesh = lamps.current;
    if (!lampMesh) return;
    const t = clock.elapsedTime;
    for (let i = 0; i < n; i++) {
      const frame = live.numerics.get(ward.beds[i].bedId);
      // IEC 60601-1-8 visual alarm: high flashes fast (~2 Hz), medium slowly (~0.6 Hz), low is steady.
      const top = topAlarm(frame?.alarms);
      if (!top) lampMesh.setColorAt(i, LAMP_OFF);
      else {
        const hz = top.priority === 'high' ? 2 : top.priority === 'medium' ? 0.6 : 0;
        const on = hz === 0 || Math.sin(t * 2 * Math.PI * hz) > 0;
        lampMesh.setColorAt(i, on ? tint.set(ALARM_COLORS[top.priority]) : LAMP_OFF);
      }
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
      <instancedMesh ref={poles} args={[undefined, undefined, n]}>
        <cylinderGeometry args={[0.5, 0.5, 1, 8]} />
        <meshStandardMaterial color="#9aa3a8" metalness={0.5} roughness={0.4} />
      </instancedMesh>
      <instancedMesh ref={housings} name="monitor-housings" args={[undefined, undefined, n]} {...pointer(1, handlers)}>
        <boxGeometry />
        <meshStandardMaterial color="#1b1f22" />
      </instancedMesh>
      <instancedMesh ref={lamps} name="alarm-lamps" args={[undefined, undefined, n]}>
        <sphereGeometry args={[0.5, 10, 8]} />
        <meshBasicMaterial toneMapped={false} />
      </instancedMesh>
    </group>
  );
}
