/**
 * Sweep-style traces like a bedside monitor: each trace is redrawn left to right with an erase bar
 * at the write position. Drawn in requestAnimationFrame from the live store (no React state), and only
 * when a trace received samples: a paused monitor is not redrawn (issue 15).
 */
import { useEffect, useRef } from 'react';
import { live } from '../live/live-store';
import { SWEEP_WINDOW_S, TRACES, type TraceStyle } from './traces';

export function SweepCanvas({ bedId, traces = TRACES, height = 420 }: { bedId: string; traces?: TraceStyle[]; height?: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    let raf = 0;
    const drawnFrom = new Float64Array(traces.length).fill(-1);
    const draw = () => {
      raf = requestAnimationFrame(draw);
      const c = ref.current;
      if (!c) return;
      let changed = false;
      for (let k = 0; k < traces.length; k++) {
        const n = live.wave(bedId, traces[k].channel)?.written ?? 0;
        if (n !== drawnFrom[k]) {
          drawnFrom[k] = n;
          changed = true;
        }
      }
      if (!changed) return;
      const g = c.getContext('2d');
      if (!g) return;
      const w = c.width;
      const h = c.height;
      g.fillStyle = '#000';
      g.fillRect(0, 0, w, h);
      const laneH = h / traces.length;
      // Grid: 1 s major lines (5 large ECG boxes at 25 mm/s = 1 s).
      g.strokeStyle = '#0d2a1a';
      g.lineWidth = 1;
      for (let s = 0; s <= SWEEP_WINDOW_S; s++) {
        const x = (s / SWEEP_WINDOW_S) * w;
        g.beginPath();
        g.moveTo(x, 0);
        g.lineTo(x, h);
        g.stroke();
      }
      traces.forEach((tr, lane) => {
        const top = lane * laneH;
        g.fillStyle = tr.color;
        g.font = 'bold 14px sans-serif';
        g.fillText(tr.label, 4, top + 14);
        const buf = live.wave(bedId, tr.channel);
        if (!buf || buf.written === 0) {
          g.fillStyle = '#9aa';
          g.fillText('no signal', 40, top + laneH / 2);
          return;
        }
        const rate = buf.sampleRateHz;
        const span = Math.floor(rate * SWEEP_WINDOW_S);
        const newest = buf.written - 1;
        // Sample index at the left edge of the current sweep.
        const sweepStart = newest - (newest % span);
        let lo: number;
        let hi: number;
        if (tr.range) [lo, hi] = tr.range;
        else {
          lo = Infinity;
          hi = -Infinity;
          for (let i = Math.max(0, buf.written - span); i < buf.written; i++) {
            const v = buf.at(i);
            if (v < lo) lo = v;
            if (v > hi) hi = v;
          }
          if (!(hi > lo)) {
            lo -= 1;
            hi += 1;
          }
        }
        const yOf = (v: number) => top + laneH - 4 - ((v - lo) / (hi - lo)) * (laneH - 18);
        g.strokeStyle = tr.color;
        g.lineWidth = 1.5;
        const drawSpan = (from: number, to: number, offset: number) => {
          g.beginPath();
          let pen = false;
          for (let i = from; i <= to; i++) {
            const v = buf.at(i);
            if (!Number.isFinite(v)) {
              pen = false;
              continue;
            }
            const x = ((i - offset) / span) * w;
            const y = yOf(v);
            if (pen) g.lineTo(x, y);
            else g.moveTo(x, y);
            pen = true;
          }
          g.stroke();
        };
        // Current sweep (left of the write head) and the previous sweep (right of the erase bar).
        drawSpan(sweepStart, newest, sweepStart);
        const gap = Math.floor(rate * 0.25);
        drawSpan(Math.max(0, newest - span + gap), sweepStart - 1, sweepStart - span);
      });
    };
    raf = requestAnimationFrame(draw);
    return () => cancelAnimationFrame(raf);
  }, [bedId, traces]);
  return <canvas ref={ref} width={760} height={height} className="sweep" data-testid="sweep-canvas" aria-label="Waveforms" role="img" />;
}
