/**
 * A small trend plot of the last hours (HR, SpO2, MAP, RR) from the live trend rings, redrawn once a
 * second at most — trends move slowly, and the canvas is drawn outside React.
 */
import { useEffect, useRef, useState } from 'react';
import { live } from '../live/live-store';
import type { TrendKey } from '../live/trend-ring';

const SERIES: { key: TrendKey; label: string; color: string; range: [number, number] }[] = [
  { key: 'hr', label: 'HR', color: '#33ff66', range: [30, 180] },
  { key: 'spo2', label: 'SpO₂', color: '#40d0ff', range: [70, 100] },
  { key: 'map', label: 'MAP', color: '#ff6060', range: [30, 130] },
  { key: 'rr', label: 'RR', color: '#f2f2f2', range: [0, 45] },
];
const WINDOWS = [
  { s: 1800, label: '30 min' },
  { s: 3600, label: '1 h' },
  { s: 4 * 3600, label: '4 h' },
];

export function TrendPlot({ bedId, height = 150 }: { bedId: string; height?: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [windowS, setWindowS] = useState(3600);
  useEffect(() => {
    let lastDraw = 0;
    let lastVersion = -1;
    let raf = 0;
    const draw = (now: number) => {
      raf = requestAnimationFrame(draw);
      if (now - lastDraw < 1000) return;
      lastDraw = now;
      lastVersion = live.version;
      const c = ref.current;
      const g = c?.getContext('2d');
      if (!c || !g) return;
      const w = c.width;
      const h = c.height;
      const left = 96;
      g.fillStyle = '#05090b';
      g.fillRect(0, 0, w, h);
      const ring = live.trends.get(bedId);
      const end = ring && ring.length ? ring.t[ring.index(ring.length - 1)] : live.simTimeS;
      const start = end - windowS;
      // Grid: one line every quarter of the window, labelled in minutes before now.
      g.strokeStyle = '#1c2a30';
      g.fillStyle = '#a9b8bf';
      g.font = '11px sans-serif';
      for (let q = 0; q <= 4; q++) {
        const x = left + ((w - left - 4) * q) / 4;
        g.beginPath();
        g.moveTo(x, 0);
        g.lineTo(x, h - 14);
        g.stroke();
        const mins = Math.round(((4 - q) * windowS) / 4 / 60);
        g.fillText(q === 4 ? 'now' : `−${mins}m`, x - 12, h - 2);
      }
      SERIES.forEach((s, si) => {
        g.fillStyle = '#a9b8bf';
        g.fillText(`${s.range[0]}–${s.range[1]}`, 44, 12 + si * 13);
        g.fillStyle = s.color;
        g.fillText(s.label, 2, 12 + si * 13);
      });
      if (!ring || ring.length < 2) return;
      // One point per pixel column: the mean of the samples in it, so 1 Hz jitter does not paint a band.
      const cols = w - left - 4;
      const sums = new Float64Array(cols);
      const counts = new Uint32Array(cols);
      for (const s of SERIES) {
        sums.fill(0);
        counts.fill(0);
        for (let j = 0; j < ring.length; j++) {
          const i = ring.index(j);
          const t = ring.t[i];
          if (t < start) continue;
          const v = ring.v[s.key][i];
          if (!Number.isFinite(v)) continue;
          const c = Math.min(cols - 1, Math.floor(((t - start) / windowS) * cols));
          sums[c] += v;
          counts[c]++;
        }
        const [lo, hi] = s.range;
        g.strokeStyle = s.color;
        g.lineWidth = 1.5;
        g.beginPath();
        let pen = false;
        for (let c = 0; c < cols; c++) {
          if (counts[c] === 0) continue;
          const v = sums[c] / counts[c];
          const x = left + c;
          const y = 4 + (1 - Math.min(1, Math.max(0, (v - lo) / (hi - lo)))) * (h - 22);
          if (pen) g.lineTo(x, y);
          else g.moveTo(x, y);
          pen = true;
        }
        g.stroke();
      }
    };
    raf = requestAnimationFrame(draw);
    return () => cancelAnimationFrame(raf);
  }, [bedId, windowS]);
  return (
    <div className="trend-plot">
      <div className="trend-head">
        <span>Trends</span>
        <span role="group" aria-label="Trend window">
          {WINDOWS.map((wdw) => (
            <button key={wdw.s} className={`small${wdw.s === windowS ? ' on' : ''}`} aria-pressed={wdw.s === windowS} onClick={() => setWindowS(wdw.s)}>
              {wdw.label}
            </button>
          ))}
        </span>
      </div>
      <canvas ref={ref} width={760} height={height} data-testid="trend-canvas" role="img" aria-label="Trend plot of HR, SpO2, MAP and RR" />
    </div>
  );
}
