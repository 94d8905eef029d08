/**
 * Named states as a small graph: nodes on a row (file order), transitions as arrows labelled with
 * their `when`; arrows to a state that does not exist are drawn red (the validator also says so).
 */
import { valueAt } from './doc-model';
import { useEditor } from './editor-store';

interface Edge {
  from: string;
  to: string;
  when: string;
}

export function statesGraphModel(js: unknown): { nodes: string[]; edges: Edge[]; initial: string | null } {
  const s = (js ?? {}) as Record<string, unknown>;
  const states = (s.states ?? {}) as Record<string, { transitions?: { when?: unknown; goto?: unknown }[] } | null>;
  const nodes = Object.keys(states);
  const edges: Edge[] = [];
  for (const [from, st] of Object.entries(states)) for (const t of st?.transitions ?? []) edges.push({ from, to: String(t?.goto ?? '?'), when: String(t?.when ?? '') });
  return { nodes, edges, initial: typeof s.initial_state === 'string' ? s.initial_state : null };
}

const NW = 130;
const NH = 34;
const GAP = 90;

export function StatesGraph() {
  useEditor((s) => s.rev);
  const doc = useEditor.getState().doc;
  const { nodes, edges, initial } = statesGraphModel(valueAt(doc, []));
  if (nodes.length === 0) return <p className="ed-hint">No named states: the scenario runs its timeline and triggers only.</p>;
  const x = (i: number) => 90 + i * (NW + GAP);
  const W = x(nodes.length - 1) + NW + 20;
  const yMid = 110;
  const H = 220;
  const idx = (n: string) => nodes.indexOf(n);
  return (
    <svg className="ed-states" viewBox={`0 0 ${W} ${H}`} style={{ maxWidth: W }} role="img" aria-label={`States: ${nodes.join(', ')}`} data-testid="states-graph">
      <defs>
        <marker id="ed-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" className="ed-arrow-head" />
        </marker>
      </defs>
      {initial !== null && idx(initial) >= 0 && (
        <g>
          <circle cx={20} cy={yMid} r={7} className="ed-start" />
          <text x={8} y={yMid - 14} className="ed-tick">start</text>
          <line x1={27} y1={yMid} x2={x(idx(initial)) - 2} y2={yMid} className="ed-edge" markerEnd="url(#ed-arrow)" />
        </g>
      )}
      {edges.map((e, k) => {
        const a = idx(e.from);
        const b = idx(e.to);
        const bad = b < 0;
        const x1 = x(a) + NW / 2;
        const x2 = bad ? x1 + 60 : x(b) + NW / 2;
        // Forward arrows arc above the row, backward ones below, so a two-way pair does not overlap.
        const up = x2 >= x1;
        const y0 = up ? yMid - NH / 2 : yMid + NH / 2;
        const bend = (up ? -1 : 1) * (34 + 12 * (k % 3));
        const cy = y0 + bend * 1.6;
        const label = e.when.length > 30 ? `${e.when.slice(0, 29)}…` : e.when;
        return (
          <g key={k} className={bad ? 'ed-edge-bad' : undefined}>
            <path d={`M${x1},${y0} Q${(x1 + x2) / 2},${cy} ${x2},${y0}`} className="ed-edge" fill="none" markerEnd="url(#ed-arrow)" />
            <text x={(x1 + x2) / 2} y={y0 + bend * 0.8 + (up ? -2 : 10)} textAnchor="middle" className="ed-edge-label">
              <title>{`${e.from} → ${e.to} when ${e.when}`}</title>
              {label}
            </text>
          </g>
        );
      })}
      {nodes.map((n, i) => (
        <g key={n} className={`ed-state${n === initial ? ' initial' : ''}`} data-state={n}>
          <rect x={x(i)} y={yMid - NH / 2} width={NW} height={NH} rx={8} />
          <text x={x(i) + NW / 2} y={yMid + 5} textAnchor="middle">
            {n}
          </text>
        </g>
      ))}
    </svg>
  );
}
