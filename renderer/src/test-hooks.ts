/**
 * Hooks for the end-to-end tests and the UI benchmark, installed only when the page is opened with
 * `?e2e`. The original contract (bedsInScene, ecgSamplesWritten, createSession) is kept; the rest are
 * additions: where a bed is on screen (to click it in the 3D canvas), renderer statistics, and frame
 * timing for the benchmark.
 */
import { createWorkerSession } from '../../twin-engine/browser/worker-session';
import { Color, Matrix4, Vector3, type Camera, type InstancedMesh, type Object3D, type WebGLRenderer } from 'three';
import type { OpenRequest, Session, VisibleSigns } from '../../twin-engine/session/api';
import { live } from './live/live-store';
import { history } from './state/history';
import { useUi } from './state/store';
import { baseSkin } from './scene/appearance';
import { HIP_PIVOT, PART, PARTS_PER_BED } from './scene/patient-figures';
import { bedMatrix } from './scene/bed-frames';
import { figurePose } from './scene/figure-pose';

export interface FrameStats {
  frames: number;
  frameMsP50: number;
  frameMsP95: number;
  drawCalls: number;
  triangles: number;
}

export interface TestHooks {
  bedsInScene(): number;
  ecgSamplesWritten(): number;
  createSession(open?: OpenRequest): Session;
  /** Client (CSS px) coordinates of a bed's mattress, or null if it is off screen. */
  bedScreenPoint(bedId: string): { x: number; y: number } | null;
  selectedBed(): string | null;
  /** Latest measured numerics of a bed (for assertions without parsing the DOM). */
  numerics(bedId: string): Record<string, unknown> | null;
  eventCount(type?: string): number;
  /** Draw calls and triangles of the last rendered frame. */
  renderInfo(): { calls: number; triangles: number };
  /** Per instanced mesh of bedside things (bed-plates, oxygen-masks, iv-bags): the beds whose instance is shown. */
  bedsideShown(mesh: string): number[];
  /** Sample requestAnimationFrame intervals for `ms` of wall time. */
  measureFrames(ms: number): Promise<FrameStats>;
  /** A bed's latest visible signs as the session sent them (what the figure is asked to show). */
  signs(bedId: string): VisibleSigns | null;
  /** A bed's patient figure as drawn: read back from the instanced meshes of the scene. */
  patientFigure(bedId: string): PatientFigureProbe | null;
  /** Per bed (ward order): whether its monitor's screen faces the camera and its lamp is in the picture. */
  monitorsFacingCamera(): { facing: boolean; lampOnScreen: boolean }[];
}

export interface PatientFigureProbe {
  /** Chest depth (m) this frame: grows and shrinks with each breath. */
  chestDepthM: number;
  /** Head's skin colour (linear RGB 0..1) and the same patient's untinted Monk tone. */
  skinRgb: [number, number, number];
  baseSkinRgb: [number, number, number];
  /** Sweat sheen 0..1 on the skin. */
  sweat: number;
  /** Elevation of the upper body above the bed (degrees): ≈ 15 lying, ≈ 50 sitting up, ≈ 75 tripod. */
  upperBodyDeg: number;
  /** The head is further towards the foot of the bed than the hips: the trunk leans forward past upright. */
  leansForward: boolean;
  /** Breaths the figure has drawn since the ward opened (fractional), at whatever frame rate. */
  breathsDrawn: number;
}

declare global {
  interface Window {
    __wardtwin?: TestHooks;
  }
}

interface SceneHandles {
  scene: Object3D;
  camera: Camera;
  gl: WebGLRenderer;
}

/** The live three.js scene, registered by WardScene's probe. */
let handles: SceneHandles | null = null;
export function registerScene(h: SceneHandles | null): void {
  handles = h;
}

function countBeds(): number {
  let n = 0;
  handles?.scene.traverse((o) => {
    if (o.name.startsWith('bed:')) n++;
  });
  return n;
}

function bedScreenPoint(bedId: string): { x: number; y: number } | null {
  if (!handles) return null;
  const marker = handles.scene.getObjectByName(`bed:${bedId}`);
  if (!marker) return null;
  const p = new Vector3(0, 0.78, 0.3);
  marker.localToWorld(p);
  p.project(handles.camera);
  if (p.z > 1 || Math.abs(p.x) > 1 || Math.abs(p.y) > 1) return null;
  const r = handles.gl.domElement.getBoundingClientRect();
  return { x: r.left + ((p.x + 1) / 2) * r.width, y: r.top + ((1 - p.y) / 2) * r.height };
}

function bedsideShown(name: string): number[] {
  const mesh = handles?.scene.getObjectByName(name) as InstancedMesh | undefined;
  if (!mesh?.isInstancedMesh) return [];
  const m = new Matrix4();
  const shown: number[] = [];
  for (let i = 0; i < mesh.count; i++) {
    mesh.getMatrixAt(i, m);
    if (m.determinant() !== 0) shown.push(i);
  }
  return shown;
}

function bedIndex(bedId: string): number {
  return useUi.getState().ward?.beds.findIndex((b) => b.bedId === bedId) ?? -1;
}

function patientFigure(bedId: string): PatientFigureProbe | null {
  const i = bedIndex(bedId);
  const mesh = handles?.scene.getObjectByName('patient-figures') as InstancedMesh | undefined;
  const profile = useUi.getState().ward?.beds[i]?.profile;
  if (i < 0 || !mesh?.isInstancedMesh || !profile) return null;
  const at = i * PARTS_PER_BED;
  const m = new Matrix4();
  mesh.getMatrixAt(at + PART.chest, m);
  // The capsule's geometry z is the chest's front-to-back depth (1 unit wide); its y runs head to hips.
  const depth = new Vector3().setFromMatrixColumn(m, 2).length();
  const along = new Vector3().setFromMatrixColumn(m, 1).normalize();
  const c = new Color();
  mesh.getColorAt(at + PART.head, c);
  const base = baseSkin(profile.skinToneMonk, new Color());
  const sweat = (mesh.geometry.getAttribute('sweat')?.getX(at + PART.head) as number | undefined) ?? 0;
  // The head's centre in the bed's frame (z from head −z to foot +z; the hips hinge at z 0).
  mesh.getMatrixAt(at + PART.head, m);
  const head = new Vector3().setFromMatrixPosition(m).applyMatrix4(bedMatrix(i, useUi.getState().ward?.beds.length ?? 0).invert());
  return {
    chestDepthM: depth,
    skinRgb: [c.r, c.g, c.b],
    baseSkinRgb: [base.r, base.g, base.b],
    sweat,
    breathsDrawn: figurePose.breaths[i] ?? 0,
    upperBodyDeg: (Math.asin(Math.max(-1, Math.min(1, -along.y))) * 180) / Math.PI,
    leansForward: head.z > HIP_PIVOT[2],
  };
}

function monitorsFacingCamera(): { facing: boolean; lampOnScreen: boolean }[] {
  const housings = handles?.scene.getObjectByName('monitor-housings') as InstancedMesh | undefined;
  const lamps = handles?.scene.getObjectByName('alarm-lamps') as InstancedMesh | undefined;
  if (!handles || !housings?.isInstancedMesh || !lamps?.isInstancedMesh) return [];
  const cam = new Vector3().setFromMatrixPosition(handles.camera.matrixWorld);
  const m = new Matrix4();
  const out: { facing: boolean; lampOnScreen: boolean }[] = [];
  for (let i = 0; i < housings.count; i++) {
    housings.getMatrixAt(i, m);
    const normal = new Vector3().setFromMatrixColumn(m, 2).normalize();
    const at = new Vector3().setFromMatrixPosition(m);
    lamps.getMatrixAt(i, m);
    const lamp = new Vector3().setFromMatrixPosition(m).project(handles.camera);
    const toCamera = new Vector3().subVectors(cam, at).normalize();
    // Facing: the screen is seen from in front, at least 12° off its own plane.
    out.push({ facing: normal.dot(toCamera) > 0.2, lampOnScreen: lamp.z < 1 && Math.abs(lamp.x) <= 1 && Math.abs(lamp.y) <= 1 });
  }
  return out;
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function measureFrames(ms: number): Promise<FrameStats> {
  return new Promise((resolve) => {
    const deltas: number[] = [];
    let last = performance.now();
    const start = last;
    const tick = (now: number) => {
      deltas.push(now - last);
      last = now;
      if (now - start < ms) requestAnimationFrame(tick);
      else {
        const sorted = [...deltas].sort((a, b) => a - b);
        const info = handles?.gl.info.render;
        resolve({ frames: deltas.length, frameMsP50: quantile(sorted, 0.5), frameMsP95: quantile(sorted, 0.95), drawCalls: info?.calls ?? 0, triangles: info?.triangles ?? 0 });
      }
    };
    requestAnimationFrame(tick);
  });
}

export function isE2e(): boolean {
  return new URLSearchParams(location.search).has('e2e');
}

export function installTestHooks(): void {
  if (!isE2e()) return;
  window.__wardtwin = {
    bedsInScene: countBeds,
    ecgSamplesWritten: () => {
      const bed = useUi.getState().selectedBedId;
      return bed ? (live.wave(bed, 'ecg_ii')?.written ?? 0) : 0;
    },
    createSession: (open = { role: 'instructor' }) => createWorkerSession(open),
    bedScreenPoint,
    selectedBed: () => useUi.getState().selectedBedId,
    numerics: (bedId) => (live.numerics.get(bedId)?.measured as unknown as Record<string, unknown>) ?? null,
    eventCount: (type) => history.all.filter((e) => !type || e.type === type).length,
    renderInfo: () => ({ calls: handles?.gl.info.render.calls ?? 0, triangles: handles?.gl.info.render.triangles ?? 0 }),
    bedsideShown,
    measureFrames,
    signs: (bedId) => live.numerics.get(bedId)?.signs ?? null,
    patientFigure,
    monitorsFacingCamera,
  };
}
