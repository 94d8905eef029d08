/**
 * The 3D ward: room, the loaded ward's beds (instanced), bedside monitors, nurses' station; orbit
 * camera with fly-to on selection and a hover label. The canvas is for looking; everything it does
 * (select a bed) can also be done from the bed list, so keyboard users lose nothing.
 */
import { Html, OrbitControls } from '@react-three/drei';
import { Canvas, useFrame, useThree } from '@react-three/fiber';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Vector3 } from 'three';
import type { OrbitControls as OrbitControlsImpl } from 'three-stdlib';
import type { WardInfo } from '../../../twin-engine/session/api';
import { useUi } from '../state/store';
import { bedSubtitle, plural } from '../ui/format';
import { registerScene } from '../test-hooks';
import { bedMatrix, monitorSide } from './bed-frames';
import { BedsInstanced } from './BedsInstanced';
import { bedPosition, roomSize } from './layout';
import { MonitorScreens } from './MonitorScreens';
import { NurseStation } from './NurseStation';
import { BedsideExtras } from './BedsideExtras';
import { PatientFigures } from './PatientFigures';

/** Lets the e2e hooks and the benchmark inspect the real scene graph, camera and renderer. */
function SceneProbe() {
  const { scene, camera, gl } = useThree();
  useEffect(() => {
    registerScene({ scene, camera, gl });
    return () => registerScene(null);
  }, [scene, camera, gl]);
  return null;
}

function Room({ count }: { count: number }) {
  const { widthM, depthM } = roomSize(count);
  return (
    <group>
      <mesh rotation={[-Math.PI / 2, 0, 0]}>
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

/**
 * The overview: from above and behind the nurses' station at the ward's +x end, looking down the
 * aisle — the view a nurse at the station has. Every bedside monitor is turned towards this end
 * (bed-frames.ts), so all screens and alarm lamps face this camera, and the central screen is in the
 * foreground. Longer wards put the camera higher and further back, so that the station and the far
 * end both stay in the 50° field of view.
 */
function overview(count: number): { position: [number, number, number]; target: [number, number, number] } {
  const { widthM } = roomSize(count);
  return { position: [widthM * 0.75, Math.max(9, widthM * 0.52), 0], target: [widthM * 0.03, 0.3, 0] };
}

/**
 * Fly-to: on a new selection, glide the camera to the side of that bed, looking at the patient with
 * the bedside monitor behind (its screen faces the viewer whichever row the bed is in).
 */
function FlyTo({ ward, overviewTick }: { ward: WardInfo; overviewTick: number }) {
  const selected = useUi((s) => s.selectedBedId);
  const controls = useThree((s) => s.controls) as unknown as OrbitControlsImpl | null;
  const goalTarget = useRef(new Vector3());
  const goalCam = useRef(new Vector3());
  const flying = useRef(false);
  const first = useRef(true);
  useEffect(() => {
    // The ward opens on an overview; only a later selection flies the camera.
    if (first.current) {
      first.current = false;
      return;
    }
    const i = ward.beds.findIndex((b) => b.bedId === selected);
    if (i < 0) return;
    const m = bedMatrix(i, ward.beds.length);
    // Past the foot of the bed on the monitor's side, a little above a standing nurse's eye: the
    // patient's face and chest, the drip and the monitor (which is turned this way) in one view.
    const side = monitorSide(i, ward.beds.length);
    goalTarget.current.set(side * 0.25, 1.05, -0.5).applyMatrix4(m);
    goalCam.current.set(side * 1.35, 2.1, 1.75).applyMatrix4(m);
    flying.current = true;
  }, [selected, ward]);
  // "Back to overview" (issue 15: once flown to a bed there was no way back but dragging).
  useEffect(() => {
    if (overviewTick === 0) return;
    const o = overview(ward.beds.length);
    goalTarget.current.set(...o.target);
    goalCam.current.set(...o.position);
    flying.current = true;
  }, [overviewTick, ward]);
  useFrame((state, dt) => {
    if (!controls || !flying.current) return;
    const k = 1 - Math.exp(-dt * 3);
    controls.target.lerp(goalTarget.current, k);
    state.camera.position.lerp(goalCam.current, k);
    if (controls.target.distanceTo(goalTarget.current) < 0.01 && state.camera.position.distanceTo(goalCam.current) < 0.01) flying.current = false;
    controls.update();
  });
  return null;
}

export function WardScene({ ward }: { ward: WardInfo }) {
  const n = ward.beds.length;
  const { widthM } = roomSize(n);
  const selectBed = useUi((s) => s.selectBed);
  const [hover, setHover] = useState<number | null>(null);
  const handlers = {
    onSelect: useCallback((i: number) => selectBed(ward.beds[i]?.bedId ?? null), [selectBed, ward]),
    onHover: useCallback((i: number | null) => setHover((h) => (h === i ? h : i)), []),
  };
  const hovered = hover === null ? null : ward.beds[hover];
  const role = useUi((s) => s.role);
  const [overviewTick, setOverviewTick] = useState(0);
  return (
    <>
    <button type="button" className="scene-overview" data-testid="back-to-overview" onClick={() => setOverviewTick((t) => t + 1)}>
      ⤢ Overview
    </button>
    <Canvas
      camera={{ position: overview(n).position, fov: 50 }}
      data-testid="ward-canvas"
      gl={{ preserveDrawingBuffer: true, antialias: true }}
      dpr={[1, 1.5]}
      onPointerMissed={() => setHover(null)}
      aria-label={`3D view of ${ward.title}: ${plural(n, 'bed')}. Select beds with the bed list.`}
    >
      <color attach="background" args={['#1d2428']} />
      <ambientLight intensity={1.1} />
      <directionalLight position={[4, 9, 6]} intensity={1.7} />
      <hemisphereLight args={['#ffffff', '#8a9a94', 0.5]} />
      <Room count={n} />
      <BedsInstanced ward={ward} handlers={handlers} />
      <PatientFigures ward={ward} handlers={handlers} />
      <MonitorScreens ward={ward} />
      <BedsideExtras ward={ward} />
      <NurseStation ward={ward} position={[widthM / 2 - 1.6, 0, 0]} />
      {hovered && hover !== null && (
        <Html position={[bedPosition(hover, n)[0], 2.0, bedPosition(hover, n)[2]]} center style={{ pointerEvents: 'none' }}>
          <div className="hover-label" data-testid="hover-label">
            <strong>{hovered.label}</strong>
            <br />
            {bedSubtitle(hovered, role)}
          </div>
        </Html>
      )}
      <OrbitControls makeDefault target={overview(n).target} maxPolarAngle={Math.PI / 2.1} minDistance={2} maxDistance={45} />
      <FlyTo ward={ward} overviewTick={overviewTick} />
      <SceneProbe />
    </Canvas>
    </>
  );
}
