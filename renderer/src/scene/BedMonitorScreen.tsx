/**
 * The small monitor beside each bed: ECG sweep and heart rate drawn into a canvas texture that is
 * updated in place a few times a second (no React render, no new texture).
 */
import { useFrame } from '@react-three/fiber';
import { useMemo, useRef } from 'react';
import { CanvasTexture, SRGBColorSpace } from 'three';
import { live } from '../live/live-store';
import { ALARM_COLORS } from '../ui/alarm-colors';

const W = 256;
const H = 160;
const REDRAW_EVERY_S = 0.1;
const ECG_WINDOW_S = 4;

export function BedMonitorScreen({ bedId, label }: { bedId: string; label: string }) {
  const { canvas, texture } = useMemo(() => {
    const canvas = document.createElement('canvas');
    canvas.width = W;
    canvas.height = H;
    const texture = new CanvasTexture(canvas);
    texture.colorSpace = SRGBColorSpace;
    return { canvas, texture };
  }, []);
  const since = useRef(0);

  useFrame((_, delta) => {
    since.current += delta;
    if (since.current < REDRAW_EVERY_S) return;
    since.current = 0;
    draw(canvas, bedId, label);
    texture.needsUpdate = true;
  });

  return (
    <mesh position={[0, 0, 0.031]}>
      <planeGeometry args={[0.64, 0.4]} />
      <meshBasicMaterial map={texture} toneMapped={false} />
    </mesh>
  );
}

function draw(canvas: HTMLCanvasElement, bedId: string, label: string): void {
  const g = canvas.getContext('2d');
  if (!g) return;
  g.fillStyle = '#050a0a';
  g.fillRect(0, 0, W, H);
  const frame = live.numerics.get(bedId);
  const alarm = frame?.alarms.find((a) => a.active || a.latched);
  if (alarm) {
    g.fillStyle = ALARM_COLORS[alarm.priority];
    g.fillRect(0, 0, W, 18);
    g.fillStyle = '#000';
    g.font = 'bold 12px sans-serif';
    g.fillText(alarm.message.slice(0, 34), 4, 13);
  } else {
    g.fillStyle = '#9aa';
    g.font = '12px sans-serif';
    g.fillText(label, 4, 13);
  }
  // ECG trace (last few seconds, scrolling).
  const buf = live.wave(bedId, 'ecg_ii');
  if (buf && buf.written > 0) {
    const n = Math.min(buf.written, Math.floor(buf.sampleRateHz * ECG_WINDOW_S));
    const start = buf.written - n;
    g.strokeStyle = '#3f6';
    g.lineWidth = 1.5;
    g.beginPath();
    const step = Math.max(1, Math.floor(n / 180));
    for (let i = 0; i < n; i += step) {
      const v = buf.at(start + i);
      const x = (i / (buf.sampleRateHz * ECG_WINDOW_S)) * 170;
      const y = 70 - (Number.isFinite(v) ? v : 0) * 28;
      if (i === 0) g.moveTo(x, y);
      else g.lineTo(x, y);
    }
    g.stroke();
  }
  const hr = frame?.measured.hrBpm;
  g.fillStyle = '#3f6';
  g.font = 'bold 44px sans-serif';
  g.fillText(hr == null ? '--' : String(Math.round(hr)), 176, 80);
  g.font = '11px sans-serif';
  g.fillText('HR /min', 180, 96);
  const spo2 = frame?.measured.spo2Pct;
  g.fillStyle = '#4cf';
  g.font = 'bold 26px sans-serif';
  g.fillText(spo2 == null ? '--' : String(Math.round(spo2)), 180, 140);
  g.font = '11px sans-serif';
  g.fillText('SpO2 %', 180, 154);
  const map = frame?.measured.artMeanMmHg ?? frame?.measured.nibpMeanMmHg;
  g.fillStyle = '#f66';
  g.font = 'bold 20px sans-serif';
  g.fillText(map == null ? 'MAP --' : `MAP ${Math.round(map)}`, 8, 140);
}
