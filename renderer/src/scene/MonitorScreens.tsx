/**
 * The bedside monitors' screens for the whole ward in two draw calls:
 *  - one texture atlas (a tile per bed: label or alarm banner, HR, SpO2, blood pressure), redrawn in
 *    place twice a second (numerics arrive at 1 Hz) and shown on one instanced quad mesh whose
 *    per-instance attribute picks the bed's tile;
 *  - every bed's ECG as one LineSegments geometry in world space (a sweep display, like the monitor it
 *    mimics). Per frame only the columns that received samples since the last frame are recomputed and
 *    only the beds whose trace moved are rewritten; a paused ward costs nothing and uploads nothing
 *    (issue 15: every column of every bed was recomputed every frame, `ui.ward24.js_ms_per_frame`).
 */
import { useFrame } from '@react-three/fiber';
import { useLayoutEffect, useMemo, useRef } from 'react';
import {
  BufferAttribute,
  BufferGeometry,
  CanvasTexture,
  LineBasicMaterial,
  Matrix4,
  SRGBColorSpace,
  Vector3,
  type InstancedMesh,
} from 'three';
import type { WardInfo } from '../../../twin-engine/session/api';
import { live } from '../live/live-store';
import { ALARM_COLORS, alarmChipText } from '../ui/alarm-colors';
import { MONITOR, local, monitorMatrix } from './bed-frames';
import { tileAtlasMaterial, tiledQuad } from './tile-atlas';
import { topAlarm } from '../monitor/alarm-tiles';

const TILE_W = 256;
const TILE_H = 160;
const COLS = 4;
const ATLAS_REDRAW_S = 0.5;
/** Points per ECG trace and its sweep window. */
const POINTS = 96;
const SWEEP_S = 4;
/** Trace area in the screen's unit-quad coordinates (y up; the atlas leaves it black). */
const TRACE_X: [number, number] = [-0.47, 0.47];
const TRACE_Y: [number, number] = [-0.1, 0.32];
const ECG_RANGE: [number, number] = [-0.6, 1.6];

function makeAtlas(n: number) {
  const rows = Math.ceil(n / COLS);
  const canvas = document.createElement('canvas');
  canvas.width = TILE_W * COLS;
  canvas.height = TILE_H * rows;
  const texture = new CanvasTexture(canvas);
  texture.colorSpace = SRGBColorSpace;
  texture.anisotropy = 4;
  return { canvas, texture, rows };
}

function drawTile(g: CanvasRenderingContext2D, i: number, bedId: string, label: string): void {
  const x0 = (i % COLS) * TILE_W;
  const y0 = Math.floor(i / COLS) * TILE_H;
  g.save();
  g.translate(x0, y0);
  g.fillStyle = '#03080a';
  g.fillRect(0, 0, TILE_W, TILE_H);
  const frame = live.numerics.get(bedId);
  const alarm = topAlarm(frame?.alarms);
  if (alarm) {
    g.fillStyle = ALARM_COLORS[alarm.priority];
    g.fillRect(0, 0, TILE_W, 22);
    g.fillStyle = '#000';
    g.font = 'bold 14px sans-serif';
    g.fillText(alarmChipText(alarm, false).slice(0, 30), 5, 16);
  } else {
    g.fillStyle = '#c8d4d8';
    g.font = 'bold 14px sans-serif';
    g.fillText(label, 5, 16);
  }
  const m = frame?.measured;
  const f = (v: number | null | undefined) => (v == null || !Number.isFinite(v) ? '--' : String(Math.round(v)));
  g.font = 'bold 30px sans-serif';
  g.fillStyle = '#3f6';
  g.fillText(f(m?.hrBpm), 6, 148);
  g.fillStyle = '#4cf';
  g.fillText(f(m?.spo2Pct), 92, 148);
  g.fillStyle = '#f77';
  g.font = 'bold 22px sans-serif';
  const sys = m?.artSysMmHg ?? m?.nibpSysMmHg;
  const dia = m?.artDiaMmHg ?? m?.nibpDiaMmHg;
  g.fillText(`${f(sys)}/${f(dia)}`, 164, 146);
  g.font = '11px sans-serif';
  g.fillStyle = '#9ab';
  g.fillText('HR', 6, 116);
  g.fillText('SpO2', 92, 116);
  g.fillText(m?.artSysMmHg != null ? 'ART' : 'NIBP', 164, 116);
  g.restore();
}

export function MonitorScreens({ ward }: { ward: WardInfo }) {
  const n = ward.beds.length;
  const { canvas, texture, rows } = useMemo(() => makeAtlas(n), [n]);
  const material = useMemo(() => tileAtlasMaterial(texture, COLS, rows), [texture, rows]);
  const quad = useMemo(() => tiledQuad(n, COLS), [n]);
  const screens = useRef<InstancedMesh>(null);

  // World placement of each screen, and the frame (origin, x and y axes) its trace is drawn in.
  const frames = useMemo(() => {
    const out: { o: Vector3; ex: Vector3; ey: Vector3; m: Matrix4 }[] = [];
    for (let i = 0; i < n; i++) {
      const m = monitorMatrix(i, n).multiply(local([0, 0, MONITOR.housing[2] / 2 + 0.002], [MONITOR.screen[0], MONITOR.screen[1], 1]));
      const o = new Vector3(0, 0, 0.001).applyMatrix4(m);
      const ex = new Vector3(1, 0, 0.001).applyMatrix4(m).sub(o);
      const ey = new Vector3(0, 1, 0.001).applyMatrix4(m).sub(o);
      out.push({ o, ex, ey, m });
    }
    return out;
  }, [n]);

  const lines = useMemo(() => {
    const g = new BufferGeometry();
    const pos = new Float32Array(n * (POINTS - 1) * 2 * 3);
    g.setAttribute('position', new BufferAttribute(pos, 3));
    return { geometry: g, pos, material: new LineBasicMaterial({ color: '#33ff66', toneMapped: false }) };
  }, [n]);

  useLayoutEffect(() => {
    frames.forEach((f, i) => screens.current?.setMatrixAt(i, f.m));
    if (screens.current) {
      screens.current.instanceMatrix.needsUpdate = true;
      screens.current.computeBoundingSphere();
    }
    lines.geometry.computeBoundingSphere();
    const g = canvas.getContext('2d');
    if (g) ward.beds.forEach((b, i) => drawTile(g, i, b.bedId, b.label));
    texture.needsUpdate = true;
  }, [frames, lines, canvas, texture, ward]);

  const since = useRef(ATLAS_REDRAW_S);
  /** Per bed: its columns (the sample farthest from baseline in each), and what they were computed from. */
  const sweep = useMemo(() => ({ ys: new Float32Array(n * POINTS).fill(NaN), written: new Float64Array(n).fill(-1), start: new Float64Array(n), head: new Int32Array(n).fill(-1) }), [n]);
  /** The numerics frame each tile was last drawn from: a tile is redrawn only when its bed's frame changed. */
  const tileFrom = useMemo(() => new Array<unknown>(n).fill(undefined), [n]);

  useFrame((_, dt) => {
    since.current += dt;
    if (since.current >= ATLAS_REDRAW_S) {
      since.current = 0;
      const g = canvas.getContext('2d');
      let redrawn = false;
      if (g)
        ward.beds.forEach((b, i) => {
          const frame = live.numerics.get(b.bedId);
          if (frame === tileFrom[i]) return;
          tileFrom[i] = frame;
          drawTile(g, i, b.bedId, b.label);
          redrawn = true;
        });
      if (redrawn) texture.needsUpdate = true;
    }
    const pos = lines.pos;
    let moved = false;
    for (let i = 0; i < n; i++) {
      const buf = live.wave(ward.beds[i].bedId, 'ecg_ii');
      const written = buf ? buf.written : 0;
      if (written === sweep.written[i]) continue; // nothing new for this bed (a paused ward: for any)
      moved = true;
      const ys = sweep.ys.subarray(i * POINTS, (i + 1) * POINTS);
      let head = -1;
      if (buf && written > 0) {
        const span = Math.floor(buf.sampleRateHz * SWEEP_S);
        const newest = written - 1;
        const sweepStart = newest - (newest % span);
        head = Math.floor(((newest - sweepStart) / span) * POINTS);
        const per = span / POINTS;
        // Column p of the sweep starting at `base`: the sample farthest from baseline, so QRS spikes never drop out.
        const column = (p: number, base: number) => {
          const a = Math.floor(base + p * per);
          let best = NaN;
          for (let k = a; k < a + per; k += 2) {
            const v = buf.at(k);
            if (Number.isFinite(v) && !(Math.abs(v) <= Math.abs(best))) best = v;
          }
          ys[p] = best;
        };
        const prevStart = sweep.start[i];
        const prevHead = sweep.head[i];
        if (sweep.written[i] > 0 && prevStart === sweepStart && prevHead <= head) {
          for (let p = Math.max(0, prevHead); p <= head; p++) column(p, sweepStart); // the columns that grew
        } else if (sweep.written[i] > 0 && prevStart === sweepStart - span) {
          // The sweep wrapped: finish the previous sweep's last columns, then start the new one.
          for (let p = Math.max(0, prevHead); p < POINTS; p++) column(p, prevStart);
          for (let p = 0; p <= head; p++) column(p, sweepStart);
        } else {
          // First data, or a jump of more than a sweep: every column (right of the head: the previous sweep).
          for (let p = 0; p < POINTS; p++) column(p, p <= head ? sweepStart : sweepStart - span);
        }
        sweep.start[i] = sweepStart;
      } else ys.fill(NaN);
      sweep.written[i] = written;
      sweep.head[i] = head;
      const f = frames[i];
      let w = i * (POINTS - 1) * 2 * 3;
      for (let p = 0; p < POINTS - 1; p++) {
        // Leave a gap just ahead of the write head (the erase bar) and where there is no signal.
        const gap = (p > head && p <= head + 3) || !Number.isFinite(ys[p]) || !Number.isFinite(ys[p + 1]);
        for (let e = 0; e < 2; e++) {
          const q = gap ? p : p + e;
          const u = TRACE_X[0] + ((TRACE_X[1] - TRACE_X[0]) * q) / (POINTS - 1);
          const yv = gap ? 0 : Math.min(1, Math.max(0, (ys[q] - ECG_RANGE[0]) / (ECG_RANGE[1] - ECG_RANGE[0])));
          const v = TRACE_Y[0] + (TRACE_Y[1] - TRACE_Y[0]) * yv;
          pos[w++] = f.o.x + u * f.ex.x + v * f.ey.x;
          pos[w++] = f.o.y + u * f.ex.y + v * f.ey.y;
          pos[w++] = f.o.z + u * f.ex.z + v * f.ey.z;
        }
      }
    }
    if (moved) (lines.geometry.attributes.position as BufferAttribute).needsUpdate = true;
  });

  return (
    <group>
      <instancedMesh ref={screens} args={[quad, material, n]} />
      <lineSegments geometry={lines.geometry} material={lines.material} frustumCulled={false} />
    </group>
  );
}
