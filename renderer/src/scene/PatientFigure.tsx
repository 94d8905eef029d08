/**
 * A patient lying in bed. The chest rises with the respiration waveform and the skin shows pallor
 * and cyanosis from the twin's state; both are mutated in useFrame, never through React state.
 */
import { useFrame } from '@react-three/fiber';
import { useMemo, useRef } from 'react';
import { Color, type Mesh, type MeshStandardMaterial } from 'three';
import { live } from '../live/live-store';
import { applyClinicalTint, baseSkin } from './appearance';

/** Chest excursion at a normal tidal volume, as a fraction of chest depth (visual, not physiological). */
const CHEST_EXCURSION = 0.12;

export function PatientFigure({ bedId, skinToneMonk }: { bedId: string; skinToneMonk: number }) {
  const chest = useRef<Mesh>(null);
  const headMat = useRef<MeshStandardMaterial>(null);
  const chestMat = useRef<MeshStandardMaterial>(null);
  const base = useMemo(() => baseSkin(skinToneMonk, new Color()), [skinToneMonk]);
  const tint = useMemo(() => new Color(), []);

  useFrame(() => {
    const buf = live.wave(bedId, 'resp');
    if (chest.current && buf && buf.written > 0) {
      // Normalise the impedance signal over the ring so any units give a 0..1 breath phase.
      let lo = Infinity;
      let hi = -Infinity;
      const n = Math.min(buf.written, buf.data.length);
      for (let i = 0; i < n; i += 4) {
        const v = buf.data[i];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      const v = buf.at(buf.written - 1);
      const phase = hi - lo > 1e-6 && Number.isFinite(v) ? (v - lo) / (hi - lo) : 0;
      chest.current.scale.y = 1 + CHEST_EXCURSION * phase;
    }
    const truth = live.numerics.get(bedId)?.truth;
    if (truth && headMat.current && chestMat.current) {
      applyClinicalTint(tint, base, truth.peripheralPerfusion, truth.sao2Pct);
      headMat.current.color.copy(tint);
      chestMat.current.color.copy(tint).multiplyScalar(0.9);
    }
  });

  return (
    <group position={[0, 0.72, 0]}>
      <mesh position={[0, 0.12, -0.75]} castShadow>
        <sphereGeometry args={[0.13, 24, 16]} />
        <meshStandardMaterial ref={headMat} color={base} roughness={0.7} />
      </mesh>
      <mesh ref={chest} position={[0, 0.06, -0.3]} castShadow>
        <boxGeometry args={[0.46, 0.2, 0.5]} />
        <meshStandardMaterial ref={chestMat} color={base} roughness={0.8} />
      </mesh>
      {/* Blanket over abdomen and legs. */}
      <mesh position={[0, 0.06, 0.35]} castShadow>
        <boxGeometry args={[0.62, 0.16, 1.0]} />
        <meshStandardMaterial color="#7fa6c9" roughness={0.9} />
      </mesh>
    </group>
  );
}
