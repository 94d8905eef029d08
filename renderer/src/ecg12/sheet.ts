/**
 * A 12-lead ECG as the standard printed sheet, SVG markup (a pure function: the viewer shows it and the
 * SVG download is the same markup). Layout of a resting ECG printout: 3 rows × 4 columns of 2.5 s
 * (I, aVR, V1, V4 / II, aVL, V2, V5 / III, aVF, V3, V6; each column the next 2.5 s of the recording),
 * then a 10-s lead II rhythm strip; 25 mm/s, 10 mm/mV, 1-mm pink grid with 5-mm major lines, a 1-mV
 * calibration pulse at the start of every row. Units of the SVG are millimetres of paper.
 */
import type { Ecg12Lead, Ecg12Recording } from '../../../twin-engine/session/api';

export const SIMULATION_NOTICE = 'SIMULATION — NOT FOR CLINICAL USE';
const MM_PER_S = 25;
const MM_PER_MV = 10;
const LAYOUT: readonly (readonly Ecg12Lead[])[] = [
  ['I', 'aVR', 'V1', 'V4'],
  ['II', 'aVL', 'V2', 'V5'],
  ['III', 'aVF', 'V3', 'V6'],
];
const COL_S = 2.5;
const MARGIN = 5;
const HEADER_MM = 22;
const ROW_MM = 32;
const CAL_MM = 8; // calibration pulse area before the trace
const TRACE_MM = COL_S * 4 * MM_PER_S; // 250 mm
export const SHEET_W_MM = MARGIN * 2 + CAL_MM + TRACE_MM;
export const SHEET_H_MM = HEADER_MM + ROW_MM * 4 + MARGIN * 2;

export interface SheetHeader {
  patient: string;
  bed: string;
  /** Simulated clock time of the recording's start, as the app prints it. */
  time: string;
  /** Ventricular rate the cart measured (/min), or null when none. */
  rateBpm: number | null;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const f = (v: number) => (Math.round(v * 100) / 100).toString();

/** Polyline points of samples [k0, k1) of a lead, starting at paper x0 with the baseline at y0. */
function trace(uv: readonly number[], fs: number, k0: number, k1: number, x0: number, y0: number): string {
  const pts: string[] = [];
  for (let k = k0; k < k1 && k < uv.length; k++) pts.push(`${f(x0 + ((k - k0) / fs) * MM_PER_S)},${f(y0 - (uv[k] / 1000) * MM_PER_MV)}`);
  return `<polyline points="${pts.join(' ')}"/>`;
}

/** A 1-mV, 200-ms calibration pulse (10 mm tall, 5 mm wide) standing on the baseline at x. */
const calPulse = (x: number, y: number) => `<polyline points="${f(x)},${f(y)} ${f(x + 1)},${f(y)} ${f(x + 1)},${f(y - 10)} ${f(x + 6)},${f(y - 10)} ${f(x + 6)},${f(y)} ${f(x + 7)},${f(y)}"/>`;

export function ecg12SheetSvg(rec: Ecg12Recording, h: SheetHeader): string {
  const W = SHEET_W_MM;
  const H = SHEET_H_MM;
  const gx0 = MARGIN;
  const gy0 = MARGIN + HEADER_MM;
  const gw = CAL_MM + TRACE_MM;
  const gh = ROW_MM * 4;
  const grid: string[] = [];
  for (let i = 0; i <= gw; i++) {
    const x = gx0 + i;
    grid.push(`<line x1="${x}" y1="${gy0}" x2="${x}" y2="${gy0 + gh}" class="${i % 5 === 0 ? 'mj' : 'mn'}"/>`);
  }
  for (let j = 0; j <= gh; j++) {
    const y = gy0 + j;
    grid.push(`<line x1="${gx0}" y1="${y}" x2="${gx0 + gw}" y2="${y}" class="${j % 5 === 0 ? 'mj' : 'mn'}"/>`);
  }
  const fs = rec.fs;
  const perCol = Math.round(COL_S * fs);
  const traces: string[] = [];
  const labels: string[] = [];
  const tx0 = gx0 + CAL_MM;
  LAYOUT.forEach((row, r) => {
    const y0 = gy0 + ROW_MM * r + ROW_MM * 0.62;
    traces.push(calPulse(gx0, y0));
    row.forEach((lead, c) => {
      const x0 = tx0 + c * COL_S * MM_PER_S;
      traces.push(trace(rec.leadsUv[lead], fs, c * perCol, (c + 1) * perCol, x0, y0));
      labels.push(`<text x="${f(x0 + 2)}" y="${f(y0 - 11)}" class="ld">${lead}</text>`);
      if (c > 0) traces.push(`<line x1="${f(x0)}" y1="${f(y0 - 3)}" x2="${f(x0)}" y2="${f(y0 + 3)}" class="sep"/>`);
    });
  });
  const yr = gy0 + ROW_MM * 3 + ROW_MM * 0.62;
  traces.push(calPulse(gx0, yr));
  traces.push(trace(rec.leadsUv.II, fs, 0, rec.leadsUv.II.length, tx0, yr));
  labels.push(`<text x="${f(tx0 + 2)}" y="${f(yr - 11)}" class="ld">II</text>`);
  const rate = h.rateBpm === null ? 'Vent. rate —' : `Vent. rate ${h.rateBpm} /min`;
  const header = [
    `<text x="${MARGIN}" y="${MARGIN + 5}" class="warn">${esc(SIMULATION_NOTICE)}</text>`,
    `<text x="${MARGIN}" y="${MARGIN + 11}" class="hd">${esc(h.patient)} · ${esc(h.bed)}</text>`,
    `<text x="${MARGIN}" y="${MARGIN + 16.5}" class="hs">Recorded ${esc(h.time)} (simulated clock) · ${rate} · 12-lead ECG, 10 s, ${fs} Hz</text>`,
    `<text x="${W - MARGIN}" y="${MARGIN + 16.5}" class="hs" text-anchor="end">25 mm/s · 10 mm/mV · WardTwin simulated patient</text>`,
    `<text x="${W - MARGIN}" y="${MARGIN + 5}" class="warn" text-anchor="end">${esc(SIMULATION_NOTICE)}</text>`,
  ];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}mm" height="${H}mm" role="img" aria-label="12-lead ECG, ${esc(SIMULATION_NOTICE)}">`,
    `<style>.mn{stroke:#f6c9cf;stroke-width:0.08}.mj{stroke:#e68a97;stroke-width:0.2}polyline{fill:none;stroke:#111;stroke-width:0.28;stroke-linejoin:round}.sep{stroke:#111;stroke-width:0.3}.ld{font:bold 3.2px sans-serif;fill:#111}.warn{font:bold 3.6px sans-serif;fill:#c00000}.hd{font:bold 3.6px sans-serif;fill:#111}.hs{font:2.8px sans-serif;fill:#222}</style>`,
    `<rect x="0" y="0" width="${W}" height="${H}" fill="#fff"/>`,
    `<rect x="${gx0}" y="${gy0}" width="${gw}" height="${gh}" fill="#fff5f6"/>`,
    ...grid,
    ...header,
    ...traces,
    ...labels,
    `</svg>`,
  ].join('\n');
}
