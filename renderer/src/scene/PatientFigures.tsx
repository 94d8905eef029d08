/**
 * A patient lying in every bed (issue 15: "a box and a sphere with no visible breathing, colour or
 * distress"): head with hair, chest in a gown, arms, legs under the blanket, on a backrest that rises
 * with the posture — two draw calls for the whole ward, whatever its size (every part is one instanced
 * capsule mesh; backrests and pillows one box mesh).
 *
 * Everything shown comes from the engine's visible signs in each numerics frame (breathing rate and
 * depth, pallor, cyanosis, sweating, posture), which every role receives; never from the hidden truth.
 * Per frame: the chest's scale follows a breath phase advanced by the patient's rate in simulated
 * time, and a posture change eases the upper body over; colours and sweat are rewritten only when a
 * new numerics frame arrives (1 Hz). No allocation and no React state per frame.
 */
import { useFrame, type ThreeEvent } from '@react-three/fiber';
import { useLayoutEffect, useMemo, useRef } from 'react';
import { BoxGeometry, CapsuleGeometry, Color, InstancedBufferAttribute, Matrix4, MeshStandardMaterial, type InstancedMesh } from 'three';
import type { WardInfo } from '../../../twin-engine/session/api';
import { live } from '../live/live-store';
import { useUi } from '../state/store';
import { applyClinicalTint, baseSkin } from './appearance';
import { bedMatrix } from './bed-frames';
import { pointer, type BedPointerHandlers } from './BedsInstanced';
import { figurePose, resetFigurePose } from './figure-pose';
import { BACKREST, BLANKET_PARTS, CHEST_EXCURSION, PART, PARTS_PER_BED, PILLOW, SKIN_PARTS, POSES, POSE_ANGLES, breathShape, hairColour, postureIndex, upperBody } from './patient-figures';

/** Fastest visible breathing (Hz): at high simulation speeds the chest moves fast rather than strobing. */
const MAX_VISIBLE_HZ = 2.5;
const GOWN = '#a9cfd0';
const BLANKET = '#7fa6c9';

/** Size of the sweat-bead cells on the skin (m): larger than real beads, so they read from the foot of the bed. */
const BEAD_CELL_M = 0.016;

/**
 * Skin that looks wet with each instance's `sweat` (0..1): its roughness falls (a gloss that catches
 * the light), it darkens a little as wet skin does, a sheen lies where it faces the viewer, and beads
 * of sweat glint on it — small bright spots, more of them the more it sweats, brightest facing the
 * viewer. The gloss alone was invisible in the ward's flat light at a moderate sweat (0.37, on dark
 * and on light skin alike); the glints need the darkening to show on light skin. The beads are laid out in the
 * part's own frame, in metres (the instance's scale taken out), so they stay put on the skin as the
 * patient moves and are round on a long arm as on the head.
 */
function skinMaterial(): MeshStandardMaterial {
  const m = new MeshStandardMaterial({ roughness: 0.7, metalness: 0 });
  m.onBeforeCompile = (shader) => {
    shader.vertexShader = shader.vertexShader
      .replace('#include <common>', '#include <common>\nattribute float sweat;\nvarying float vSweat;\nvarying vec3 vSkinM;')
      .replace(
        '#include <begin_vertex>',
        `#include <begin_vertex>
vSweat = sweat;
#ifdef USE_INSTANCING
vSkinM = position * vec3(length(instanceMatrix[0].xyz), length(instanceMatrix[1].xyz), length(instanceMatrix[2].xyz));
#else
vSkinM = position;
#endif`,
      );
    shader.fragmentShader = shader.fragmentShader
      .replace('#include <common>', `#include <common>\nvarying float vSweat;\nvarying vec3 vSkinM;\nconst float BEAD_CELL = ${BEAD_CELL_M.toFixed(4)};`)
      // A moderate sweat (≈ 0.35) already looks wet: the sheen follows its square root.
      .replace('#include <roughnessmap_fragment>', '#include <roughnessmap_fragment>\nfloat sheen = sqrt(clamp(vSweat, 0.0, 1.0));\nroughnessFactor = mix(roughnessFactor, 0.18, sheen);')
      .replace(
        '#include <normal_fragment_maps>',
        `#include <normal_fragment_maps>
vec3 beadP = vSkinM / BEAD_CELL;
vec3 beadCell = floor(beadP);
vec3 beadH = fract(sin(vec3(dot(beadCell, vec3(127.1, 311.7, 74.7)), dot(beadCell, vec3(269.5, 183.3, 246.1)), dot(beadCell, vec3(113.5, 271.9, 124.6)))) * 43758.5453);
float beadD = length(fract(beadP) - (0.3 + 0.4 * beadH));
float beadOn = step(fract(beadH.x * 7.13 + beadH.z * 3.71), 0.75 * sheen);
float facing = clamp(normal.z, 0.0, 1.0);
float glint = beadOn * (1.0 - smoothstep(0.12, 0.2, beadD)) * (0.3 + 0.7 * facing);
float wet = sheen * pow(facing, 6.0);`,
      )
      .replace('#include <dithering_fragment>', '#include <dithering_fragment>\ngl_FragColor.rgb = mix(gl_FragColor.rgb * (1.0 - 0.15 * sheen) + vec3(0.3) * wet, vec3(1.0), 0.85 * glint);');
  };
  m.customProgramCacheKey = () => 'wardtwin-skin-sweat-beads';
  return m;
}

export function PatientFigures({ ward, handlers }: { ward: WardInfo; handlers: BedPointerHandlers }) {
  const n = ward.beds.length;
  const parts = useRef<InstancedMesh>(null);
  const rests = useRef<InstancedMesh>(null);

  const capsule = useMemo(() => {
    const g = new CapsuleGeometry(0.5, 0.5, 4, 10);
    g.setAttribute('sweat', new InstancedBufferAttribute(new Float32Array(n * PARTS_PER_BED), 1));
    return g;
  }, [n]);
  const box = useMemo(() => new BoxGeometry(1, 1, 1), []);
  const material = useMemo(() => skinMaterial(), []);
  const bedMats = useMemo(() => ward.beds.map((_, i) => bedMatrix(i, n)), [ward, n]);
  const skins = useMemo(() => ward.beds.map((b) => baseSkin(b.profile.skinToneMonk, new Color())), [ward]);
  /**
   * Per bed: where its breathing starts in the cycle, rate (/min) and depth, current and wanted
   * posture, hinges and roll. The breaths themselves are counted in figurePose.breaths.
   */
  const st = useMemo(
    () => ({
      phaseAt0: new Float64Array(n).map((_, i) => (i * 0.37) % 1), // beds out of step with each other
      rate: new Float32Array(n),
      depth: new Float32Array(n),
      posture: new Uint8Array(n),
      raise: new Float32Array(n).fill(POSE_ANGLES[0].raise),
      rest: new Float32Array(n).fill(POSE_ANGLES[0].rest),
      roll: new Float32Array(n),
      settled: new Uint8Array(n),
      version: -1,
    }),
    [n],
  );

  // Static parts, colours and the starting pose, once per ward.
  useLayoutEffect(() => {
    const mesh = parts.current;
    const restMesh = rests.current;
    if (!mesh || !restMesh) return;
    const m = new Matrix4();
    const c = new Color();
    bedMats.forEach((bm, i) => {
      const at = i * PARTS_PER_BED;
      BLANKET_PARTS.forEach((part, k) => {
        mesh.setMatrixAt(at + PART.blanket + k, m.multiplyMatrices(bm, part));
        mesh.setColorAt(at + PART.blanket + k, c.set(BLANKET));
      });
      mesh.setColorAt(at + PART.chest, c.set(GOWN));
      const b = ward.beds[i];
      mesh.setColorAt(at + PART.hair, c.set(hairColour(b.profile.ageY, b.profile.skinToneMonk)));
      for (let k = 0; k < SKIN_PARTS; k++) mesh.setColorAt(at + k, skins[i]);
      restMesh.setColorAt(i * 2, c.set('#fafafa'));
      restMesh.setColorAt(i * 2 + 1, c.set('#ffffff'));
    });
    st.settled.fill(0);
    resetFigurePose(n);
    for (const r of [mesh, restMesh]) {
      r.instanceMatrix.needsUpdate = true;
      if (r.instanceColor) r.instanceColor.needsUpdate = true;
    }
  }, [bedMats, skins, ward, st, n]);

  const upper = useMemo(() => new Matrix4(), []);
  /** Per bed: the chest's placement at rest in the current pose (breathing scales it each frame). */
  const chestBase = useMemo(() => Array.from({ length: n }, () => new Matrix4()), [n]);
  const tmp = useMemo(() => new Matrix4(), []);
  const m = useMemo(() => new Matrix4(), []);
  const tint = useMemo(() => new Color(), []);
  const bounded = useRef(false);

  useFrame((_, dt) => {
    const mesh = parts.current;
    const restMesh = rests.current;
    if (!mesh || !restMesh) return;
    const ui = useUi.getState();
    const simPerWall = ui.runState !== 'playing' ? 0 : ui.speed === 'max' ? live.achievedFactor : ui.speed;
    const fresh = live.version !== st.version;
    st.version = live.version;
    const sweat = capsule.getAttribute('sweat') as InstancedBufferAttribute;
    const ease = 1 - Math.exp(-dt * 1.5);
    let posed = false;
    for (let i = 0; i < n; i++) {
      const at = i * PARTS_PER_BED;
      if (fresh) {
        const signs = live.numerics.get(ward.beds[i].bedId)?.signs;
        st.rate[i] = signs?.breathsPerMin ?? 0;
        st.depth[i] = signs?.chestRise ?? 0;
        const p = postureIndex(signs?.posture);
        if (p !== st.posture[i]) {
          st.posture[i] = p;
          st.settled[i] = 0;
        }
        applyClinicalTint(tint, skins[i], signs?.pallor ?? 0, signs?.cyanosis ?? 0);
        for (let k = 0; k < SKIN_PARTS; k++) {
          mesh.setColorAt(at + k, tint);
          sweat.setX(at + k, signs?.diaphoresis ?? 0);
        }
      }
      const hz = Math.min(MAX_VISIBLE_HZ, (st.rate[i] / 60) * simPerWall);
      // One count of the breaths drawn (the e2e hooks read it too); the phase is its fraction.
      const phase = ((figurePose.breaths[i] += hz * dt) + st.phaseAt0[i]) % 1;

      const pose = POSES[st.posture[i]];
      if (!st.settled[i]) {
        const goal = POSE_ANGLES[st.posture[i]];
        st.raise[i] += (goal.raise - st.raise[i]) * ease;
        st.rest[i] += (goal.rest - st.rest[i]) * ease;
        st.roll[i] += (goal.roll - st.roll[i]) * ease;
        if (Math.abs(goal.raise - st.raise[i]) < 1e-3 && Math.abs(goal.rest - st.rest[i]) < 1e-3 && Math.abs(goal.roll - st.roll[i]) < 1e-3) {
          st.raise[i] = goal.raise;
          st.rest[i] = goal.rest;
          st.roll[i] = goal.roll;
          st.settled[i] = 1;
        }
        posed = true;
        // The backrest and pillow first (their own hinge: a patient in tripod sits forward off them).
        upperBody(bedMats[i], st.rest[i], 0, upper, tmp);
        restMesh.setMatrixAt(i * 2, m.multiplyMatrices(upper, BACKREST));
        restMesh.setMatrixAt(i * 2 + 1, m.multiplyMatrices(upper, PILLOW));
        upperBody(bedMats[i], st.raise[i], st.roll[i], upper, tmp);
        chestBase[i].multiplyMatrices(upper, pose.chest);
        mesh.setMatrixAt(at + PART.head, m.multiplyMatrices(upper, pose.head));
        mesh.setMatrixAt(at + PART.armL, m.multiplyMatrices(upper, pose.armL));
        mesh.setMatrixAt(at + PART.armR, m.multiplyMatrices(upper, pose.armR));
        mesh.setMatrixAt(at + PART.nose, m.multiplyMatrices(upper, pose.nose));
        mesh.setMatrixAt(at + PART.hair, m.multiplyMatrices(upper, pose.hair));
        figurePose.upper[i]?.copy(upper);
        figurePose.face[i]?.multiplyMatrices(upper, pose.face);
      }
      // Breathing: the chest deepens (its capsule's z column) and widens a little (x) with each breath.
      const e = CHEST_EXCURSION * Math.min(2, st.depth[i]) * breathShape(phase);
      const el = m.copy(chestBase[i]).elements;
      for (let k = 0; k < 3; k++) {
        el[k] *= 1 + 0.3 * e;
        el[8 + k] *= 1 + e;
      }
      mesh.setMatrixAt(at + PART.chest, m);
    }
    mesh.instanceMatrix.needsUpdate = true;
    if (posed) {
      figurePose.version++;
      restMesh.instanceMatrix.needsUpdate = true;
    }
    if (fresh) {
      if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
      sweat.needsUpdate = true;
    }
    if (!bounded.current) {
      // Bounding spheres once the poses exist (raycasting and culling use them): three computes them
      // lazily, but a pointer raycast before this first frame would have sized them on unposed figures.
      bounded.current = true;
      mesh.computeBoundingSphere();
      restMesh.computeBoundingSphere();
    }
  });

  return (
    <group name="patients">
      <instancedMesh ref={parts} name="patient-figures" args={[capsule, material, n * PARTS_PER_BED]} {...pointer(PARTS_PER_BED, handlers)} />
      <instancedMesh ref={rests} name="backrests" args={[box, undefined, n * 2]} {...pointer(2, handlers)}>
        <meshStandardMaterial roughness={0.8} />
      </instancedMesh>
    </group>
  );
}
