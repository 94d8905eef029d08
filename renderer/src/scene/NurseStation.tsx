/** Nurses' station: a desk with a central monitor listing every bed's HR, SpO2 and alarm state. */
import { useFrame } from '@react-three/fiber';
import { useMemo, useRef } from 'react';
import { CanvasTexture, SRGBColorSpace } from 'three';
import type { WardInfo } from '../../../twin-engine/session/api';
import { live } from '../live/live-store';
import { ALARM_COLORS } from '../ui/alarm-colors';

const W = 768;
const H = 480;

function draw(g: CanvasRenderingContext2D, ward: WardInfo): void {
  g.fillStyle = '#04080a';
  g.fillRect(0, 0, W, H);
  g.font = 'bold 20px sans-serif';
  g.fillStyle = '#e0e6e8';
  g.fillText('CENTRAL MONITOR — SIMULATION', 12, 28);
  // Two columns when the ward is large, so rows stay readable.
  const cols = ward.beds.length > 12 ? 2 : 1;
  const perCol = Math.ceil(ward.beds.length / cols);
  const colW = W / cols;
  const rowH = Math.min(48, (H - 44) / Math.max(1, perCol));
  const fontPx = Math.max(12, Math.min(22, rowH - 10));
  ward.beds.forEach((b, i) => {
    const f = live.numerics.get(b.bedId);
    const x = Math.floor(i / perCol) * colW;
    const y = 40 + (i % perCol) * rowH;
    const alarm = f?.alarms.find((a) => a.priority === 'high') ?? f?.alarms.find((a) => a.priority === 'medium') ?? f?.alarms[0];
    if (alarm) {
      g.fillStyle = ALARM_COLORS[alarm.priority];
      g.fillRect(x + 4, y, colW - 8, rowH - 3);
    }
    g.fillStyle = alarm ? '#000' : '#e0e6e8';
    g.font = `bold ${fontPx}px sans-serif`;
    const mid = y + rowH / 2 + fontPx / 3;
    const hr = f?.measured.hrBpm;
    const sp = f?.measured.spo2Pct;
    g.fillText(b.label.slice(0, 10), x + 10, mid);
    g.fillText(`HR ${hr == null ? '--' : Math.round(hr)}`, x + colW * 0.28, mid);
    g.fillText(`SpO2 ${sp == null ? '--' : Math.round(sp)}`, x + colW * 0.5, mid);
    g.font = `${fontPx - 2}px sans-serif`;
    g.fillText(alarm ? alarm.message.slice(0, cols === 2 ? 12 : 22) : '', x + colW * 0.74, mid);
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
  useFrame((_, dt) => {
    since.current += dt;
    if (since.current < 0.5) return;
    since.current = 0;
    const g = canvas.getContext('2d');
    if (!g) return;
    draw(g, ward);
    texture.needsUpdate = true;
  });
  return (
    <group position={position} rotation={[0, -Math.PI / 2 + 0.6, 0]} name="nurse-station">
      <mesh position={[0, 0.5, 0]}>
        <boxGeometry args={[3, 1, 0.9]} />
        <meshStandardMaterial color="#8a6f55" />
      </mesh>
      <mesh position={[0, 1.5, -0.2]}>
        <boxGeometry args={[1.7, 1.08, 0.05]} />
        <meshStandardMaterial color="#111" />
      </mesh>
      <mesh position={[0, 1.5, -0.17]}>
        <planeGeometry args={[1.6, 1.0]} />
        <meshBasicMaterial map={texture} toneMapped={false} />
      </mesh>
    </group>
  );
}
