/** Nurses' station: a desk with a central monitor listing every bed's HR, SpO2 and alarm state. */
import { useFrame } from '@react-three/fiber';
import { useMemo, useRef } from 'react';
import { CanvasTexture, SRGBColorSpace } from 'three';
import type { WardInfo } from '../../../twin-engine/session/api';
import { live } from '../live/live-store';
import { ALARM_COLORS } from '../ui/alarm-colors';

export function NurseStation({ ward, position }: { ward: WardInfo; position: [number, number, number] }) {
  const { canvas, texture } = useMemo(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 512;
    canvas.height = 320;
    const texture = new CanvasTexture(canvas);
    texture.colorSpace = SRGBColorSpace;
    return { canvas, texture };
  }, []);
  const since = useRef(0);
  useFrame((_, dt) => {
    since.current += dt;
    if (since.current < 0.5) return;
    since.current = 0;
    const g = canvas.getContext('2d');
    if (!g) return;
    g.fillStyle = '#04080a';
    g.fillRect(0, 0, 512, 320);
    g.font = 'bold 16px sans-serif';
    g.fillStyle = '#ccc';
    g.fillText('CENTRAL MONITOR — SIMULATION', 10, 22);
    const rowH = Math.min(34, 280 / Math.max(1, ward.beds.length));
    ward.beds.forEach((b, i) => {
      const f = live.numerics.get(b.bedId);
      const y = 40 + i * rowH;
      const alarm = f?.alarms.find((a) => a.active || a.latched);
      if (alarm) {
        g.fillStyle = ALARM_COLORS[alarm.priority];
        g.fillRect(4, y - 2, 504, rowH - 4);
      }
      g.fillStyle = alarm ? '#000' : '#ddd';
      g.font = `${Math.max(11, rowH - 16)}px sans-serif`;
      const hr = f?.measured.hrBpm;
      const sp = f?.measured.spo2Pct;
      g.fillText(b.label.slice(0, 18), 10, y + rowH / 2);
      g.fillText(`HR ${hr == null ? '--' : Math.round(hr)}`, 200, y + rowH / 2);
      g.fillText(`SpO2 ${sp == null ? '--' : Math.round(sp)}`, 300, y + rowH / 2);
      g.fillText(alarm ? alarm.message.slice(0, 14) : '', 410, y + rowH / 2);
    });
    texture.needsUpdate = true;
  });
  return (
    <group position={position} rotation={[0, -Math.PI / 2, 0]}>
      <mesh position={[0, 0.5, 0]}>
        <boxGeometry args={[3, 1, 0.9]} />
        <meshStandardMaterial color="#8a6f55" />
      </mesh>
      <mesh position={[0, 1.35, -0.2]}>
        <boxGeometry args={[1.3, 0.82, 0.05]} />
        <meshStandardMaterial color="#111" />
      </mesh>
      <mesh position={[0, 1.35, -0.17]}>
        <planeGeometry args={[1.22, 0.76]} />
        <meshBasicMaterial map={texture} toneMapped={false} />
      </mesh>
    </group>
  );
}
