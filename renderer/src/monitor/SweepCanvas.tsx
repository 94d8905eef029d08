/**
 * Sweep-style traces like a bedside monitor: each trace is written left to right with an erase bar
 * ahead of the write position. Drawn in requestAnimationFrame from the live store (no React state), and
 * only when a trace received samples: a paused monitor is not redrawn (issue 15).
 *
 * Like the monitor it mimics, a frame draws only what arrived since the last one: the strip from the
 * previous write position to the new one plus the erase bar is cleared and the new samples drawn in it;
 * the previous sweep stays to the right until the bar passes. Redrawing every trace whole on each
 * update cost the page ~4 ms per frame in `ui.ward24.js_ms_per_frame` (canvas stroke of 5 × 6 s of
 * samples). The whole canvas is redrawn only on the first data, after a gap of more than half a
 * sweep, and when an auto-scaled trace wraps (its scale follows the last sweep, refreshed once per sweep).
 */
import { useEffect, useRef } from 'react';
import { live } from '../live/live-store';
import type { WaveBuffer } from '../live/wave-buffer';
import { SWEEP_WINDOW_S, TRACES, type TraceStyle } from './traces';

/** The erase bar ahead of the write head, in seconds. */
const ERASE_S = 0.25;
/** Width of the lane label the erase bar must not leave wiped, px. */
const LABEL_W = 60;

interface Lane {
  /** Newest sample index drawn (-1: nothing yet). */
  drawnTo: number;
  rate: number;
  lo: number;
  hi: number;
}

export function SweepCanvas({ bedId, traces = TRACES, height = 420 }: { bedId: string; traces?: TraceStyle[]; height?: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    let raf = 0;
    const lanes: Lane[] = traces.map(() => ({ drawnTo: -1, rate: 0, lo: 0, hi: 1 }));
    const draw = () => {
      raf = requestAnimationFrame(draw);
      const c = ref.current;
      if (!c) return;
      let changed = false;
      let full = false;
      for (let k = 0; k < traces.length; k++) {
        const buf = live.wave(bedId, traces[k].channel);
        const lane = lanes[k];
        const newest = (buf?.written ?? 0) - 1;
        if (newest === lane.drawnTo) continue;
        changed = true;
        if (!buf || newest < lane.drawnTo || lane.drawnTo < 0 || buf.sampleRateHz !== lane.rate) {
          full = true;
          continue;
        }
        const span = Math.floor(buf.sampleRateHz * SWEEP_WINDOW_S);
        if (newest - lane.drawnTo > span / 2) full = true;
        // An auto-scaled trace takes its new scale as it starts a sweep.
        else if (!traces[k].range && Math.floor(newest / span) !== Math.floor(lane.drawnTo / span)) full = true;
      }
      if (!changed) return;
      const g = c.getContext('2d');
      if (!g) return;
      if (full) drawAll(g, c.width, c.height, bedId, traces, lanes);
      else traces.forEach((tr, k) => drawNew(g, c.width, c.height / traces.length, k, tr, lanes[k], live.wave(bedId, tr.channel)));
    };
    raf = requestAnimationFrame(draw);
    return () => cancelAnimationFrame(raf);
  }, [bedId, traces]);
  return <canvas ref={ref} width={760} height={height} className="sweep" data-testid="sweep-canvas" aria-label="Waveforms" role="img" />;
}

/** Grid: 1 s major lines (5 large ECG boxes at 25 mm/s = 1 s), between x0 and x1 of one lane. */
function grid(g: CanvasRenderingContext2D, w: number, top: number, laneH: number, x0: number, x1: number): void {
  g.strokeStyle = '#0d2a1a';
  g.lineWidth = 1;
  g.beginPath();
  for (let s = 0; s <= SWEEP_WINDOW_S; s++) {
    const x = (s / SWEEP_WINDOW_S) * w;
    if (x < x0 - 1 || x > x1 + 1) continue;
    g.moveTo(x, top);
    g.lineTo(x, top + laneH);
  }
  g.stroke();
}

function label(g: CanvasRenderingContext2D, tr: TraceStyle, top: number): void {
  g.fillStyle = tr.color;
  g.font = 'bold 14px sans-serif';
  g.fillText(tr.label, 4, top + 14);
}

/** Samples `from`..`to` as one path at their sweep positions (the pen lifts at a wrap and where there is no signal). */
function trace(g: CanvasRenderingContext2D, w: number, top: number, laneH: number, tr: TraceStyle, lane: Lane, buf: WaveBuffer, from: number, to: number): void {
  const span = Math.floor(buf.sampleRateHz * SWEEP_WINDOW_S);
  const { lo, hi } = lane;
  g.strokeStyle = tr.color;
  g.lineWidth = 1.5;
  g.beginPath();
  let pen = false;
  for (let i = from; i <= to; i++) {
    const v = buf.at(i);
    const col = i % span;
    if (!Number.isFinite(v)) {
      pen = false;
      continue;
    }
    const x = (col / span) * w;
    const y = top + laneH - 4 - ((v - lo) / (hi - lo)) * (laneH - 18);
    if (pen && col !== 0) g.lineTo(x, y);
    else g.moveTo(x, y);
    pen = true;
  }
  g.stroke();
}

function clipLane(g: CanvasRenderingContext2D, w: number, top: number, laneH: number): void {
  g.save();
  g.beginPath();
  g.rect(0, top, w, laneH);
  g.clip();
}

/** Everything: background, grid, labels, each trace's current sweep and what is left of the previous one. */
function drawAll(g: CanvasRenderingContext2D, w: number, h: number, bedId: string, traces: TraceStyle[], lanes: Lane[]): void {
  g.fillStyle = '#000';
  g.fillRect(0, 0, w, h);
  const laneH = h / traces.length;
  traces.forEach((tr, k) => {
    const top = k * laneH;
    const lane = lanes[k];
    grid(g, w, top, laneH, 0, w);
    label(g, tr, top);
    const buf = live.wave(bedId, tr.channel);
    if (!buf || buf.written === 0) {
      lane.drawnTo = -1;
      lane.rate = 0;
      g.fillStyle = '#9aa';
      g.fillText('no signal', 40, top + laneH / 2);
      return;
    }
    const span = Math.floor(buf.sampleRateHz * SWEEP_WINDOW_S);
    const newest = buf.written - 1;
    if (tr.range) [lane.lo, lane.hi] = tr.range;
    else {
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = Math.max(0, buf.written - span); i < buf.written; i++) {
        const v = buf.at(i);
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      if (!(hi > lo)) {
        lo -= 1;
        hi += 1;
      }
      lane.lo = lo;
      lane.hi = hi;
    }
    lane.rate = buf.sampleRateHz;
    lane.drawnTo = newest;
    const sweepStart = newest - (newest % span);
    const gap = Math.floor(buf.sampleRateHz * ERASE_S);
    clipLane(g, w, top, laneH);
    // Current sweep (left of the write head) and the previous sweep (right of the erase bar).
    trace(g, w, top, laneH, tr, lane, buf, sweepStart, newest);
    trace(g, w, top, laneH, tr, lane, buf, Math.max(0, newest - span + gap), sweepStart - 1);
    g.restore();
  });
}

/** What arrived since the lane was last drawn: clear from the old write head to the new erase bar, draw the new samples. */
function drawNew(g: CanvasRenderingContext2D, w: number, laneH: number, k: number, tr: TraceStyle, lane: Lane, buf: WaveBuffer | undefined): void {
  if (!buf) return;
  const newest = buf.written - 1;
  if (newest <= lane.drawnTo) return;
  const span = Math.floor(buf.sampleRateHz * SWEEP_WINDOW_S);
  const gap = Math.floor(buf.sampleRateHz * ERASE_S);
  const top = k * laneH;
  const xOf = (i: number) => ((i % span) / span) * w;
  // From just right of the last drawn point (its line ends there) to the end of the new erase bar.
  const x0 = Math.floor(xOf(lane.drawnTo)) + 1;
  const x1 = Math.ceil(xOf(newest + gap)) + 1;
  const strips: [number, number][] = Math.floor((newest + gap) / span) > Math.floor(lane.drawnTo / span) ? [[x0, w], [0, x1]] : [[x0, x1]];
  clipLane(g, w, top, laneH);
  g.fillStyle = '#000';
  for (const [a, b] of strips) {
    g.fillRect(a, top, b - a, laneH);
    grid(g, w, top, laneH, a, b);
  }
  if (strips.some(([a]) => a < LABEL_W)) label(g, tr, top);
  trace(g, w, top, laneH, tr, lane, buf, lane.drawnTo, newest);
  g.restore();
  lane.drawnTo = newest;
}
