/**
 * The timeline drawn to scale: one lane per kind of action, a marker per item. Dragging a marker
 * changes its `at` (snapped to whole minutes) when released; for an item timed by `$param` it moves
 * the parameter's default instead, so the reference stays a reference.
 */
import { useRef, useState } from 'react';
import { durationSeconds, formatDuration, setAt, valueAt } from './doc-model';
import { useEditor } from './editor-store';
import { LANES, snapTime, timelineItems, type TimelineItem } from './timeline-model';

const W = 1000;
const LEFT = 100;
const RIGHT = 20;
const LANE_H = 30;
const TOP = 24;

export function TimelineSvg({ selected, onSelect }: { selected: string | null; onSelect: (path: string) => void }) {
  useEditor((s) => s.rev);
  const edit = useEditor((s) => s.edit);
  const doc = useEditor.getState().doc;
  const durationS = durationSeconds(doc, valueAt(doc, 'duration')) ?? 7200;
  const items = timelineItems(doc);
  const svgRef = useRef<SVGSVGElement>(null);
  const [drag, setDrag] = useState<{ path: string; t: number } | null>(null);
  const H = TOP + LANES.length * LANE_H + 8;
  const x = (t: number) => LEFT + (t / durationS) * (W - LEFT - RIGHT);
  const tOf = (clientX: number) => {
    const r = svgRef.current!.getBoundingClientRect();
    const vx = ((clientX - r.left) / r.width) * W;
    return snapTime(((vx - LEFT) / (W - LEFT - RIGHT)) * durationS, durationS);
  };
  const commit = (item: TimelineItem, t: number) =>
    edit((d) => {
      if (item.param !== null) setAt(d, `parameters.${item.param}.default`, formatDuration(t));
      else setAt(d, `${item.path}.at`, formatDuration(t));
    });
  const tickEvery = durationS > 6 * 3600 ? 3600 : durationS > 3 * 3600 ? 1800 : durationS > 3600 ? 900 : 300;
  const ticks = Array.from({ length: Math.floor(durationS / tickEvery) + 1 }, (_, i) => i * tickEvery);
  return (
    <svg
      ref={svgRef}
      className="ed-timeline"
      viewBox={`0 0 ${W} ${H}`}
      role="group"
      aria-label="Timeline: drag an item to change its time"
      data-testid="timeline-svg"
      onPointerMove={(e) => drag && setDrag({ ...drag, t: tOf(e.clientX) })}
      onPointerUp={() => {
        if (!drag) return;
        const item = items.find((i) => i.path === drag.path);
        if (item && item.atS !== drag.t) commit(item, drag.t);
        setDrag(null);
      }}
      onPointerLeave={() => setDrag(null)}
    >
      {ticks.map((t) => (
        <g key={t}>
          <line x1={x(t)} x2={x(t)} y1={TOP - 6} y2={H - 6} className="ed-grid-line" />
          <text x={x(t)} y={TOP - 10} className="ed-tick" textAnchor="middle">
            {formatDuration(t)}
          </text>
        </g>
      ))}
      {LANES.map((lane, i) => (
        <g key={lane}>
          <rect x={0} y={TOP + i * LANE_H} width={W} height={LANE_H} className={i % 2 ? 'ed-lane odd' : 'ed-lane'} />
          <text x={8} y={TOP + i * LANE_H + LANE_H / 2 + 4} className="ed-lane-label">
            {lane}
          </text>
        </g>
      ))}
      {items.map((it) => {
        const lane = LANES.indexOf(it.lane);
        const t = drag?.path === it.path ? drag.t : it.atS;
        if (t === null) return null;
        const cx = x(t);
        const cy = TOP + lane * LANE_H + LANE_H / 2;
        const sel = selected === it.path;
        return (
          <g
            key={it.path}
            className={`ed-marker${sel ? ' selected' : ''}${it.draggable ? ' draggable' : ''}`}
            data-item-path={it.path}
            data-at-s={t}
            tabIndex={0}
            role="button"
            aria-label={`${it.label} at ${formatDuration(t)}`}
            onPointerDown={(e) => {
              onSelect(it.path);
              if (!it.draggable) return;
              (e.target as Element).setPointerCapture?.(e.pointerId);
              setDrag({ path: it.path, t: it.atS ?? 0 });
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') onSelect(it.path);
              if (!it.draggable || it.atS === null || (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight')) return;
              e.preventDefault();
              commit(it, snapTime(it.atS + (e.key === 'ArrowLeft' ? -60 : 60), durationS));
            }}
          >
            <title>{`${it.label} — at ${it.atText}${it.param ? ` (parameter $${it.param})` : ''}${it.draggable ? '. Drag or use ←/→ to move.' : ' (starts at 0)'}`}</title>
            <circle cx={cx} cy={cy} r={sel ? 8 : 6} />
            <text x={cx + 10} y={cy + 4} className="ed-marker-label">
              {it.label.length > 28 ? `${it.label.slice(0, 27)}…` : it.label}
              {drag?.path === it.path ? ` @ ${formatDuration(t)}` : ''}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
