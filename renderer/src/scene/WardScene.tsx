/** The 3D ward: room, beds of the loaded ward, nurses' station; orbit camera with fly-to on selection. */
import { OrbitControls } from '@react-three/drei';
import { Canvas, useFrame, useThree } from '@react-three/fiber';
import { useEffect, useRef } from 'react';
import { Vector3 } from 'three';
import type { OrbitControls as OrbitControlsImpl } from 'three-stdlib';
import type { WardInfo } from '../../../twin-engine/session/api';
import { useUi } from '../state/store';
import { BedUnit } from './BedUnit';
import { bedPosition, bedRotationY, roomSize } from './layout';
import { NurseStation } from './NurseStation';
import { registerScene } from '../test-hooks';

/** Lets the e2e hooks inspect the real scene graph. */
function SceneProbe() {
  const scene = useThree((s) => s.scene);
  useEffect(() => {
    registerScene(scene);
    return () => registerScene(null);
  }, [scene]);
  return null;
}

function Room({ count }: { count: number }) {
  const { widthM, depthM } = roomSize(count);
  return (
    <group>
      <mesh rotation={[-Math.PI / 2, 0, 0]} receiveShadow>
        <planeGeometry args={[widthM, depthM]} />
        <meshStandardMaterial color="#c9d3cf" roughness={0.95} />
      </mesh>
      <mesh position={[0, 1.5, -depthM / 2]}>
        <planeGeometry args={[widthM, 3]} />
        <meshStandardMaterial color="#e9efe9" />
      </mesh>
      <mesh position={[-widthM / 2, 1.5, 0]} rotation={[0, Math.PI / 2, 0]}>
        <planeGeometry args={[depthM, 3]} />
        <meshStandardMaterial color="#dfe7e2" />
      </mesh>
    </group>
  );
}

/** Moves the orbit target (and camera, keeping its offset) smoothly towards the selected bed. */
function FlyTo({ ward }: { ward: WardInfo }) {
  const selected = useUi((s) => s.selectedBedId);
  const controls = useThree((s) => s.controls) as unknown as OrbitControlsImpl | null;
  const goal = useRef(new Vector3(0, 0.8, 0));
  const flying = useRef(false);
  useEffect(() => {
    const i = ward.beds.findIndex((b) => b.bedId === selected);
    if (i < 0) return;
    const [x, , z] = bedPosition(i, ward.beds.length);
    goal.current.set(x, 0.8, z);
    flying.current = true;
  }, [selected, ward]);
  const delta = useRef(new Vector3());
  useFrame((state, dt) => {
    if (!controls || !flying.current) return;
    const k = 1 - Math.exp(-dt * 3);
    delta.current.copy(goal.current).sub(controls.target).multiplyScalar(k);
    controls.target.add(delta.current);
    state.camera.position.add(delta.current);
    if (controls.target.distanceTo(goal.current) < 0.01) flying.current = false;
    controls.update();
  });
  return null;
}

export function WardScene({ ward }: { ward: WardInfo }) {
  const n = ward.beds.length;
  const { widthM } = roomSize(n);
  return (
    <Canvas shadows camera={{ position: [0, 7.5, 11], fov: 45 }} data-testid="ward-canvas" gl={{ preserveDrawingBuffer: true }}>
      <color attach="background" args={['#1d2428']} />
      <ambientLight intensity={0.7} />
      <directionalLight position={[4, 9, 6]} intensity={1.6} castShadow shadow-mapSize={[1024, 1024]} />
      <Room count={n} />
      {ward.beds.map((bed, i) => (
        <BedUnit key={bed.bedId} bed={bed} position={bedPosition(i, n)} rotationY={bedRotationY(i, n)} />
      ))}
      <NurseStation ward={ward} position={[widthM / 2 - 2.2, 0, 0]} />
      <OrbitControls makeDefault target={[0, 0.8, 0]} maxPolarAngle={Math.PI / 2.1} minDistance={2} maxDistance={30} />
      <FlyTo ward={ward} />
      <SceneProbe />
    </Canvas>
  );
}
