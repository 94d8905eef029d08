/** Minimal inline-SVG plots for the self-contained report (no scripts, no external assets). */

export const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n2 = (x: number) => (Math.round(x * 100) / 100).toString();

export interface Series {
  name: string;
  color: string;
  points: [number, number][];
  dashed?: boolean;
}

const W = 360;
const H = 260;
const M = { l: 46, r: 12, t: 14, b: 40 };

function frame(title: string, xLabel: string, yLabel: string, x: [number, number], y: [number, number], body: string, legend: Series[]): string {
  const pw = W - M.l - M.r;
  const ph = H - M.t - M.b;
  const ticks = (lo: number, hi: number) => [0, 0.25, 0.5, 0.75, 1].map((f) => lo + f * (hi - lo));
  const fmtFor = (lo: number, hi: number) => (v: number) => (hi - lo >= 10 ? v.toFixed(0) : v.toFixed(2));
  let fmt = fmtFor(...x);
  const xt = ticks(...x)
    .map((v) => { const px = M.l + ((v - x[0]) / (x[1] - x[0] || 1)) * pw; return `<line x1="${n2(px)}" y1="${M.t + ph}" x2="${n2(px)}" y2="${M.t + ph + 4}" stroke="#555"/><text x="${n2(px)}" y="${M.t + ph + 16}" font-size="10" text-anchor="middle">${fmt(v)}</text>`; })
    .join('');
  fmt = fmtFor(...y);
  const yt = ticks(...y)
    .map((v) => { const py = M.t + ph - ((v - y[0]) / (y[1] - y[0] || 1)) * ph; return `<line x1="${M.l - 4}" y1="${n2(py)}" x2="${M.l}" y2="${n2(py)}" stroke="#555"/><text x="${M.l - 6}" y="${n2(py + 3)}" font-size="10" text-anchor="end">${fmt(v)}</text>`; })
    .join('');
  const leg = legend.map((s, i) => `<rect x="${M.l + 8}" y="${M.t + 6 + i * 14}" width="10" height="3" fill="${s.color}"/><text x="${M.l + 22}" y="${M.t + 11 + i * 14}" font-size="10">${esc(s.name)}</text>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(title)}"><title>${esc(title)}</title><rect x="${M.l}" y="${M.t}" width="${pw}" height="${ph}" fill="#fafafa" stroke="#999"/>${body}${xt}${yt}<text x="${M.l + pw / 2}" y="${H - 6}" font-size="11" text-anchor="middle">${esc(xLabel)}</text><text transform="translate(12 ${M.t + ph / 2}) rotate(-90)" font-size="11" text-anchor="middle">${esc(yLabel)}</text>${leg}</svg>`;
}

export function lineChart(title: string, xLabel: string, yLabel: string, series: Series[], x: [number, number], y: [number, number], opts: { diagonal?: boolean; markers?: boolean } = {}): string {
  const pw = W - M.l - M.r;
  const ph = H - M.t - M.b;
  const px = (v: number) => M.l + ((v - x[0]) / (x[1] - x[0] || 1)) * pw;
  const py = (v: number) => M.t + ph - ((v - y[0]) / (y[1] - y[0] || 1)) * ph;
  let body = opts.diagonal ? `<line x1="${px(x[0])}" y1="${py(y[0])}" x2="${px(x[1])}" y2="${py(y[1])}" stroke="#bbb" stroke-dasharray="4 3"/>` : '';
  for (const s of series) {
    if (s.points.length === 0) continue;
    const d = s.points.map(([a, b], i) => `${i ? 'L' : 'M'}${n2(px(a))},${n2(py(b))}`).join('');
    body += `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="1.8"${s.dashed ? ' stroke-dasharray="5 3"' : ''}/>`;
    if (opts.markers) body += s.points.map(([a, b]) => `<circle cx="${n2(px(a))}" cy="${n2(py(b))}" r="2.5" fill="${s.color}"/>`).join('');
  }
  return frame(title, xLabel, yLabel, x, y, body, series);
}

export function histogram(title: string, xLabel: string, series: { name: string; color: string; values: number[] }[], binW: number, x: [number, number]): string {
  const nb = Math.max(1, Math.ceil((x[1] - x[0]) / binW));
  const counts = series.map((s) => {
    const c = new Array<number>(nb).fill(0);
    for (const v of s.values) c[Math.min(nb - 1, Math.max(0, Math.floor((v - x[0]) / binW)))]++;
    return c;
  });
  const ymax = Math.max(1, ...counts.flat());
  const pw = W - M.l - M.r;
  const ph = H - M.t - M.b;
  const bw = pw / nb / series.length;
  let body = '';
  counts.forEach((c, si) =>
    c.forEach((k, b) => {
      const h = (k / ymax) * ph;
      body += `<rect x="${n2(M.l + (b * series.length + si) * bw)}" y="${n2(M.t + ph - h)}" width="${n2(Math.max(0.5, bw - 0.5))}" height="${n2(h)}" fill="${series[si].color}"/>`;
    }),
  );
  return frame(title, xLabel, 'episodes', x, [0, ymax], body, series.map((s) => ({ ...s, points: [] })));
}

export interface TimelineRow {
  label: string;
  durationS: number;
  episodes: { label: string; a: number; b: number; target: boolean }[];
  findings: number[];
  alarms: { a: number; b: number; target: boolean }[];
}

/** One row per patient: truth episodes (bars), module findings (ticks), monitor alarms (thin bars). */
export function timelines(rows: TimelineRow[], maxS: number): string {
  const w = 760;
  const rowH = 30;
  const l = 130;
  const pw = w - l - 10;
  const px = (t: number) => n2(l + (Math.max(0, Math.min(maxS, t)) / maxS) * pw);
  let body = '';
  rows.forEach((r, i) => {
    const y = 18 + i * rowH;
    body += `<text x="4" y="${y + 12}" font-size="10">${esc(r.label)}</text><line x1="${l}" y1="${y + 14}" x2="${px(r.durationS)}" y2="${y + 14}" stroke="#ddd"/>`;
    for (const e of r.episodes) body += `<rect x="${px(e.a)}" y="${y}" width="${n2(Math.max(1, Number(px(e.b)) - Number(px(e.a))))}" height="8" fill="${e.target ? '#c0392b' : '#e6b0aa'}"><title>${esc(e.label)}</title></rect>`;
    for (const a of r.alarms) body += `<rect x="${px(a.a)}" y="${y + 11}" width="${n2(Math.max(1, Number(px(a.b)) - Number(px(a.a))))}" height="5" fill="${a.target ? '#e67e22' : '#d5d8dc'}"/>`;
    for (const t of r.findings) body += `<line x1="${px(t)}" y1="${y + 18}" x2="${px(t)}" y2="${y + 27}" stroke="#1f618d" stroke-width="2"/>`;
  });
  const h = 30 + rows.length * rowH;
  const hours = Math.ceil(maxS / 3600);
  for (let k = 0; k <= hours; k++) body += `<text x="${px(k * 3600)}" y="${h - 2}" font-size="9" text-anchor="middle">${k} h</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h + 4}" viewBox="0 0 ${w} ${h + 4}" role="img" aria-label="Patient timelines"><title>Patient timelines</title>${body}</svg>`;
}
