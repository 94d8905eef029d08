/**
 * The preview's curves: one small panel per vital sign on a fixed range (so a drop after an edit is
 * visible as a drop, not rescaled away), the first seed as a line, all seeds as a min–max band,
 * timeline events as ticks and truth episodes as shaded spans. Each line carries data-min / data-max
 * so tests read the plotted series from the DOM.
 */
import type { Band } from '../../../twin-engine/preview/band';
import { SERIES, type PreviewRun, type SeriesDef } from '../../../twin-engine/preview/types';
import { formatClock, formatDuration } from './doc-model';

const W = 330;
/** The strip spans both plot columns. */
const SW = 2 * W + 10;
const H = 96;
const PAD_L = 34;
const PAD_R = 6;
const PAD_T = 16;
const PAD_B = 14;

const EPISODE_COLORS: Record<string, string> = {
  hypotension: '#e0565b',
  hypoxemia: '#4aa3df',
  tachycardia: '#e69a3c',
  bradycardia: '#b08be0',
};

function pathOf(ts: Float32Array, ys: Float32Array, x: (t: number) => number, y: (v: number) => number): string {
  let d = '';
  let pen = false;
  for (let i = 0; i < ts.length; i++) {
    const v = ys[i];
    if (Number.isNaN(v)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${x(ts[i]).toFixed(1)},${y(v).toFixed(1)}`;
    pen = true;
  }
  return d;
}

function bandPath(ts: Float32Array, lo: Float32Array, hi: Float32Array, x: (t: number) => number, y: (v: number) => number): string {
  const n = Math.min(ts.length, lo.length);
  let top = '';
  let bottom = '';
  for (let i = 0; i < n; i++) if (!Number.isNaN(hi[i])) top += `${top ? 'L' : 'M'}${x(ts[i]).toFixed(1)},${y(hi[i]).toFixed(1)}`;
  for (let i = n - 1; i >= 0; i--) if (!Number.isNaN(lo[i])) bottom += `L${x(ts[i]).toFixed(1)},${y(lo[i]).toFixed(1)}`;
  return top ? `${top}${bottom}Z` : '';
}

function stats(ys: Float32Array): { min: number; max: number; last: number } {
  let min = Infinity;
  let max = -Infinity;
  let last = NaN;
  for (const v of ys) {
    if (Number.isNaN(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    last = v;
  }
  return { min, max, last };
}

export function PreviewPlot({ run, band, durationS, rev }: { run: PreviewRun; band: Band | null; durationS: number; rev: number }) {
  const x = (t: number) => PAD_L + (t / durationS) * (W - PAD_L - PAD_R);
  const marks = run.events.filter(isMark);
  return (
    <div className="ed-plots" data-testid="preview-plot" data-rev={rev} data-seeds={band ? band.seeds.length : 1}>
      <TopStrip run={run} durationS={durationS} />
      {SERIES.map((def) => (
        <Panel key={def.key} def={def} run={run} band={band} x={x} durationS={durationS} marks={marks} />
      ))}
    </div>
  );
}

/** Events drawn as dashed lines in every panel (the rest are bookkeeping). */
function isMark(e: PreviewRun['events'][number]): boolean {
  return e.kind === 'condition' || e.kind === 'intervention' || e.kind === 'note' || e.kind === 'lab_result' || e.kind === 'state_entered' || e.kind === 'learner_action' || e.kind === 'trigger';
}

/**
 * Above the panels, on one shared time axis: numbered scenario events (their numbers match the dashed
 * lines' tooltips and the event list) and the true episodes as labelled bars.
 */
function TopStrip({ run, durationS }: { run: PreviewRun; durationS: number }) {
  const x = (t: number) => PAD_L + (t / durationS) * (SW - PAD_L - PAD_R);
  const rows = [...new Set(run.episodes.map((e) => e.label))];
  const rh = 15;
  const evY = 34;
  const epTop = evY + 22;
  const h = epTop + 8 + Math.max(1, rows.length) * rh;
  const marks = run.events.filter(isMark);
  return (
    <svg className="ed-plot ed-episodes" viewBox={`0 0 ${SW} ${h}`} aria-label="Scenario events and true episodes" data-testid="episodes">
      <text x={2} y={12} className="ed-plot-title">
        Scenario events <tspan className="ed-plot-range">(dashed lines below; hover for details)</tspan>
      </text>
      <line x1={PAD_L} x2={SW - PAD_R} y1={evY} y2={evY} className="ed-axis" />
      {marks.map((m, i) => (
        <g key={i} className={`ed-ev k-${m.kind}`}>
          <line x1={x(m.timeS)} x2={x(m.timeS)} y1={evY - 6} y2={evY + 6} className={`ed-event-line k-${m.kind}`} />
          <text x={x(m.timeS) + 2} y={evY - 4 - (i > 0 && x(m.timeS) - x(marks[i - 1].timeS) < 10 ? 9 * (i % 2) : 0)} className="ed-ev-num">
            {i + 1}
          </text>
          <title>{`${i + 1}. ${formatClock(m.timeS)} — ${m.text}`}</title>
        </g>
      ))}
      <text x={2} y={epTop - 4} className="ed-plot-title">
        True episodes{rows.length === 0 ? ': none' : ''}
      </text>
      {run.episodes.map((e, i) => {
        const r = rows.indexOf(e.label);
        const x1 = x(e.onsetS);
        const x2 = x(e.offsetS ?? durationS);
        const y = epTop + 4 + r * rh;
        const first = i === run.episodes.findIndex((q) => q.label === e.label);
        // Label right of the bar if it fits, else left of it, else inside the bar (never clipped).
        const LABEL_W = 170;
        const place = x2 + LABEL_W < SW ? 'right' : x1 > LABEL_W ? 'left' : 'inside';
        return (
          <g key={i}>
            <rect x={x1} y={y} width={Math.max(2, x2 - x1)} height={rh - 4} fill={EPISODE_COLORS[e.label] ?? '#8a9aa2'} opacity={0.8}>
              <title>{`${e.label}: ${formatClock(e.onsetS)} – ${e.offsetS === null ? 'end' : formatClock(e.offsetS)}`}</title>
            </rect>
            {first && (
              <text x={place === 'left' ? x1 - 4 : place === 'right' ? x2 + 4 : x1 + 4} y={y + 9} textAnchor={place === 'left' ? 'end' : 'start'} className={`ed-episode-label${place === 'inside' ? ' inside' : ''}`}>
                {e.label.replace(/_/g, ' ')} from {formatClock(e.onsetS)}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}

function Panel(props: { def: SeriesDef; run: PreviewRun; band: Band | null; x: (t: number) => number; durationS: number; marks: PreviewRun['events'] }) {
  const { def, run, band, x, durationS, marks } = props;
  const y = (v: number) => PAD_T + (1 - (Math.min(def.max, Math.max(def.min, v)) - def.min) / (def.max - def.min)) * (H - PAD_T - PAD_B);
  const ys = run.series[def.key];
  const s = stats(ys);
  const fmt = (v: number) => (Number.isFinite(v) ? (def.max <= 20 ? v.toFixed(1) : Math.round(v).toString()) : '—');
  const hypo = run.episodes.filter((e) => (def.key === 'map' && e.label === 'hypotension') || ((def.key === 'spo2' || def.key === 'sao2') && e.label === 'hypoxemia') || (def.key === 'hr' && (e.label === 'tachycardia' || e.label === 'bradycardia')));
  const ticks = [0, durationS / 2, durationS];
  return (
    <svg className="ed-plot" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${def.label}: min ${fmt(s.min)}, max ${fmt(s.max)} ${def.unit}`}>
      <text x={2} y={11} className="ed-plot-title">
        {def.label} <tspan className="ed-plot-unit">{def.unit}</tspan>
        <tspan className="ed-plot-range" dx={8}>
          min {fmt(s.min)} · max {fmt(s.max)} · end {fmt(s.last)}
        </tspan>
      </text>
      {hypo.map((e, i) => (
        <rect key={i} x={x(e.onsetS)} y={PAD_T} width={Math.max(1, x(e.offsetS ?? durationS) - x(e.onsetS))} height={H - PAD_T - PAD_B} fill={EPISODE_COLORS[e.label] ?? '#888'} opacity={0.16} />
      ))}
      <line x1={PAD_L} x2={W - PAD_R} y1={H - PAD_B} y2={H - PAD_B} className="ed-axis" />
      <text x={PAD_L - 3} y={PAD_T + 4} textAnchor="end" className="ed-tick">
        {def.max}
      </text>
      <text x={PAD_L - 3} y={H - PAD_B} textAnchor="end" className="ed-tick">
        {def.min}
      </text>
      {ticks.map((t) => (
        <text key={t} x={x(t)} y={H - 2} textAnchor={t === 0 ? 'start' : t === durationS ? 'end' : 'middle'} className="ed-tick">
          {formatDuration(t)}
        </text>
      ))}
      {marks.map((m, i) => (
        <line key={i} x1={x(m.timeS)} x2={x(m.timeS)} y1={PAD_T} y2={H - PAD_B} className={`ed-event-line k-${m.kind}`}>
          <title>{`${i + 1}. ${formatClock(m.timeS)} — ${m.text}`}</title>
        </line>
      ))}
      {band && <path d={bandPath(run.timesS, band.lo[def.key], band.hi[def.key], x, y)} className="ed-band" />}
      <path d={pathOf(run.timesS, ys, x, y)} className="ed-line" data-series={def.key} data-min={s.min} data-max={s.max} data-last={s.last} fill="none" />
    </svg>
  );
}
