/** One bed space: bed, patient, bedside monitor and an alarm light, clickable and hoverable. */
import { Html } from '@react-three/drei';
import { useFrame, type ThreeEvent } from '@react-three/fiber';
import { useRef, useState } from 'react';
import type { MeshStandardMaterial } from 'three';
import type { BedInfo } from '../../../twin-engine/session/api';
import { live } from '../live/live-store';
import { useUi } from '../state/store';
import { ALARM_COLORS } from '../ui/alarm-colors';
import { BedMonitorScreen } from './BedMonitorScreen';
import { PatientFigure } from './PatientFigure';

export function BedUnit({ bed, position, rotationY }: { bed: BedInfo; position: [number, number, number]; rotationY: number }) {
  const selected = useUi((s) => s.selectedBedId === bed.bedId);
  const selectBed = useUi((s) => s.selectBed);
  const [hover, setHover] = useState(false);
  const lamp = useRef<MeshStandardMaterial>(null);

  useFrame(({ clock }) => {
    const m = lamp.current;
    if (!m) return;
    const alarms = live.numerics.get(bed.bedId)?.alarms ?? [];
    const top = alarms.find((a) => a.priority === 'high') ?? alarms.find((a) => a.priority === 'medium') ?? alarms[0];
    if (!top) {
      m.emissive.set('#000');
      m.color.set('#333');
      return;
    }
    // IEC 60601-1-8: high priority flashes fast (~2 Hz), medium slowly (~0.6 Hz), low is steady.
    const hz = top.priority === 'high' ? 2 : top.priority === 'medium' ? 0.6 : 0;
    const on = hz === 0 || Math.sin(clock.elapsedTime * 2 * Math.PI * hz) > 0;
    m.color.set(ALARM_COLORS[top.priority]);
    m.emissive.set(on ? ALARM_COLORS[top.priority] : '#000');
  });

  const onClick = (e: ThreeEvent<MouseEvent>) => {
    e.stopPropagation();
    selectBed(bed.bedId);
  };

  return (
    <group position={position} rotation={[0, rotationY, 0]}>
      <group
        onClick={onClick}
        onPointerOver={(e) => {
          e.stopPropagation();
          setHover(true);
        }}
        onPointerOut={() => setHover(false)}
        name={`bed:${bed.bedId}`}
      >
        <mesh position={[0, 0.45, 0]} castShadow receiveShadow>
          <boxGeometry args={[1.0, 0.5, 2.1]} />
          <meshStandardMaterial color={selected ? '#cfe3ff' : '#e8ecef'} roughness={0.6} />
        </mesh>
        <mesh position={[0, 0.74, 0]}>
          <boxGeometry args={[0.92, 0.08, 2.0]} />
          <meshStandardMaterial color="#fafafa" roughness={0.9} />
        </mesh>
        <mesh position={[0, 0.84, -0.82]}>
          <boxGeometry args={[0.6, 0.1, 0.32]} />
          <meshStandardMaterial color="#ffffff" roughness={0.9} />
        </mesh>
        <PatientFigure bedId={bed.bedId} skinToneMonk={bed.profile.skinToneMonk} />
      </group>
      {/* Monitor on a pole at the head of the bed. */}
      <group position={[0.85, 1.55, -1.0]} rotation={[0, -0.35, 0]}>
        <mesh>
          <boxGeometry args={[0.7, 0.46, 0.06]} />
          <meshStandardMaterial color="#222" />
        </mesh>
        <BedMonitorScreen bedId={bed.bedId} label={bed.label} />
        <mesh position={[0.3, 0.27, 0]}>
          <sphereGeometry args={[0.04, 12, 8]} />
          <meshStandardMaterial ref={lamp} color="#333" emissiveIntensity={2} />
        </mesh>
      </group>
      <mesh position={[0.85, 0.65, -1.0]}>
        <cylinderGeometry args={[0.025, 0.025, 1.3]} />
        <meshStandardMaterial color="#999" metalness={0.6} />
      </mesh>
      {hover && (
        <Html position={[0, 1.6, 0]} center style={{ pointerEvents: 'none' }}>
          <div className="hover-label">
            <strong>{bed.label}</strong>
            <br />
            {bed.scenarioTitle ?? 'Stable patient'}
          </div>
        </Html>
      )}
    </group>
  );
}
