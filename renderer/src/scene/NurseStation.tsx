/** Nurses' station: a desk at the ward's +x end with a large central monitor of every bed's HR, SpO2 and alarm state, turned towards the overview camera. */
import { useFrame } from '@react-three/fiber';
import { useMemo, useRef } from 'react';
import { CanvasTexture, SRGBColorSpace } from 'three';
import type { WardInfo } from '../../../twin-engine/session/api';
import { live } from '../live/live-store';
import { ALARM_COLORS } from '../ui/alarm-colors';
import { topAlarm } from '../monitor/alarm-tiles';

const W = 1024;
const H = 640;
/** Top band: title and the simulation notice. */
const HEAD_PX = 52;

/** What a bed's tile shows, per bed: HR and SpO2 as drawn (rounded; NaN for none) and the tile's alarm. */
const SHOWN_PER_BED = 3;
const ALARM_CODE = { high: 3, medium: 2, low: 1 } as const;


/** Write what the screen would show into `shown`; true if any of it differs from what it held. */
function updateShown(ward: WardInfo, shown: Float64Array): boolean {
  let changed = false;
  for (let i = 0; i < ward.beds.length; i++) {
    const f = live.numerics.get(ward.beds[i].bedId);
    const hr = f?.measured.hrBpm;
    const sp = f?.measured.spo2Pct;
    const alarm = topAlarm(f?.alarms);
    const v0 = hr == null ? NaN : Math.round(hr);
    const v1 = sp == null ? NaN : Math.round(sp);
    const v2 = alarm ? ALARM_CODE[alarm.priority] : 0;
    const at = i * SHOWN_PER_BED;
    if (!Object.is(shown[at], v0) || !Object.is(shown[at + 1], v1) || shown[at + 2] !== v2) changed = true;
    shown[at] = v0;
    shown[at + 1] = v1;
    shown[at + 2] = v2;
  }
  return changed;
}

/**
 * The central screen, drawn for reading from the overview camera a few metres behind the station
 * (issue 15: unreadable at overview distance): one tile per bed with only the bed number, HR and SpO2
 * in large type, the tile filled in the colour of the bed's highest alarm; white on black otherwise.
 */
function draw(g: CanvasRenderingContext2D, ward: WardInfo): void {
  g.fillStyle = '#000';
  g.fillRect(0, 0, W, H);
  g.fillStyle = '#ffffff';
  g.font = 'bold 30px sans-serif';
  g.textBaseline = 'middle';
  g.textAlign = 'left';
  g.fillText('CENTRAL MONITOR', 14, HEAD_PX / 2);
  g.textAlign = 'right';
  g.font = 'bold 22px sans-serif';
  g.fillStyle = '#ffd24a';
  g.fillText('SIMULATION — NOT FOR CLINICAL USE', W - 14, HEAD_PX / 2);
  const n = ward.beds.length;
  const cols = n <= 4 ? 2 : n <= 12 ? 3 : 4;
  const rows = Math.ceil(n / cols);
  const cw = W / cols;
  const ch = (H - HEAD_PX) / rows;
  const big = Math.floor(Math.min(ch * 0.42, cw * 0.2));
  ward.beds.forEach((b, i) => {
    const f = live.numerics.get(b.bedId);
    const x = (i % cols) * cw;
    const y = HEAD_PX + Math.floor(i / cols) * ch;
    const alarm = topAlarm(f?.alarms);
    g.fillStyle = alarm ? ALARM_COLORS[alarm.priority] : '#101820';
    g.fillRect(x + 4, y + 4, cw - 8, ch - 8);
    const ink = alarm ? '#000' : '#ffffff';
    const hr = f?.measured.hrBpm;
    const sp = f?.measured.spo2Pct;
    // Bed number large on the left; HR (green on black, as on the monitors) and SpO2 (cyan) stacked.
    g.textAlign = 'left';
    g.fillStyle = ink;
    g.font = `bold ${big}px sans-serif`;
    g.fillText(b.label.replace(/^bed\s*/i, '').slice(0, 4), x + 14, y + ch / 2);
    g.textAlign = 'right';
    g.font = `bold ${Math.floor(big * 0.78)}px sans-serif`;
    g.fillStyle = alarm ? ink : '#5dff7a';
    g.fillText(`♥ ${hr == null ? '--' : Math.round(hr)}`, x + cw - 14, y + ch * 0.32);
    g.fillStyle = alarm ? ink : '#5fe3ff';
    g.fillText(`${sp == null ? '--' : Math.round(sp)}%`, x + cw - 14, y + ch * 0.7);
  });
}

export function NurseStation({ ward, position }: { ward: WardInfo; position: [number, number, number] }) {
  const { canvas, texture } = useMemo(() => {
    const canvas = document.createElement('canvas');
    canvas.width = W;
    canvas.height = H;
    const texture = new CanvasTexture(canvas);
    texture.colorSpace = SRGBColorSpace;
    return { canvas, texture };
  }, []);
  const since = useRef(1);
  // What the screen shows now (filled with -1, never a drawn value, so the first check redraws).
  const shown = useMemo(() => ({ values: new Float64Array(ward.beds.length * SHOWN_PER_BED).fill(-1), version: -1 }), [ward]);
  useFrame((_, dt) => {
    since.current += dt;
    if (since.current < 0.5) return;
    since.current = 0;
    // Redraw (a 1024 × 640 canvas and its texture upload) only when a tile would look different.
    if (live.version === shown.version) return;
    shown.version = live.version;
    if (!updateShown(ward, shown.values)) return;
    const g = canvas.getContext('2d');
    if (!g) return;
    draw(g, ward);
    texture.needsUpdate = true;
  });
  return (
    <group position={position} rotation={[0, Math.PI / 2, 0]} name="nurse-station">
      <mesh position={[0, 0.5, 0]}>
        <boxGeometry args={[3, 1, 0.9]} />
        <meshStandardMaterial color="#8a6f55" />
      </mesh>
      {/* The screen stands on the desk's far edge, tilted back towards a viewer standing or above. */}
      <group position={[0, 1.95, -0.3]} rotation={[-0.25, 0, 0]}>
        <mesh>
          <boxGeometry args={[2.5, 1.62, 0.06]} />
          <meshStandardMaterial color="#111" />
        </mesh>
        <mesh position={[0, 0, 0.032]} name="central-screen">
          <planeGeometry args={[2.4, 1.5]} />
          <meshBasicMaterial map={texture} toneMapped={false} />
        </mesh>
      </group>
    </group>
  );
}
