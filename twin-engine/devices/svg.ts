/**
 * Monitor-style strip rendering to SVG (used by `wardtwin strip`). ECG paper conventions: 25 mm/s
 * (1 mm = 40 ms) and 10 mm/mV (1 mm = 0.1 mV), minor grid 1 mm, major grid 5 mm, 1 mV calibration pulse.
 * Non-ECG channels are drawn on the same time grid, scaled to fit their band with a labelled range.
 * NaN samples (dropout gaps) break the trace.
 */
import type { ChannelMeta } from './types';

const PX_PER_MM = 4;
const MM_PER_S = 25;
const MM_PER_MV = 10;
const LEFT_MM = 22;
const TOP_MM = 12;
const ECG_BAND_MM = 40;
const OTHER_BAND_MM = 28;
const GAP_MM = 4;

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function f(x: number): string {
  return (Math.round(x * 10) / 10).toString();
}

export function renderStripSvg(
  strips: { meta: ChannelMeta; samples: Float32Array; t0S: number }[],
  opts: { title: string; durationS: number },
): string {
  const dur = Math.max(0.5, opts.durationS);
  const widthMm = LEFT_MM + dur * MM_PER_S + 4;
  const bands = strips.map((s) => (s.meta.units === 'mV' ? ECG_BAND_MM : OTHER_BAND_MM));
  const heightMm = TOP_MM + bands.reduce((a, b) => a + b + GAP_MM, 0) + 8;
  const W = widthMm * PX_PER_MM;
  const H = heightMm * PX_PER_MM;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${f(W)}" height="${f(H)}" viewBox="0 0 ${f(W)} ${f(H)}" font-family="monospace">`);
  out.push(`<rect width="100%" height="100%" fill="#fff8f5"/>`);
  // grid over the trace area
  const x0 = LEFT_MM * PX_PER_MM;
  const x1 = (LEFT_MM + dur * MM_PER_S) * PX_PER_MM;
  const y0 = TOP_MM * PX_PER_MM;
  const y1 = (heightMm - 8) * PX_PER_MM;
  const minor: string[] = [];
  const major: string[] = [];
  for (let mm = 0; mm <= dur * MM_PER_S + 1e-9; mm++) {
    const x = x0 + mm * PX_PER_MM;
    (mm % 5 === 0 ? major : minor).push(`M${f(x)} ${f(y0)}V${f(y1)}`);
  }
  for (let mm = 0; TOP_MM + mm <= heightMm - 8 + 1e-9; mm++) {
    const y = y0 + mm * PX_PER_MM;
    (mm % 5 === 0 ? major : minor).push(`M${f(x0)} ${f(y)}H${f(x1)}`);
  }
  out.push(`<path d="${minor.join('')}" stroke="#f4c7c3" stroke-width="0.5"/>`);
  out.push(`<path d="${major.join('')}" stroke="#e8928a" stroke-width="1"/>`);
  out.push(`<text x="8" y="${f(5 * PX_PER_MM)}" font-size="16" fill="#222">${esc(opts.title)}</text>`);
  out.push(
    `<text x="${f(W - 8)}" y="${f(5 * PX_PER_MM)}" font-size="14" fill="#b00020" text-anchor="end">SIMULATION — NOT FOR CLINICAL USE</text>`,
  );
  out.push(
    `<text x="8" y="${f(9 * PX_PER_MM)}" font-size="11" fill="#555">25 mm/s · ECG 10 mm/mV · grid 1 mm = 40 ms</text>`,
  );
  let top = TOP_MM;
  strips.forEach((s, si) => {
    const band = bands[si];
    const isEcg = s.meta.units === 'mV';
    const mid = top + band / 2;
    let scaleMmPerUnit: number;
    let center: number;
    let lo = Infinity;
    let hi = -Infinity;
    const n = Math.min(s.samples.length, Math.ceil(dur * s.meta.sampleRateHz));
    for (let i = 0; i < n; i++) {
      const v = s.samples[i];
      if (v === v) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    if (!(hi >= lo)) {
      lo = 0;
      hi = 1;
    }
    if (isEcg) {
      scaleMmPerUnit = MM_PER_MV;
      center = 0.5 * (lo + hi);
    } else {
      const span = Math.max(hi - lo, 1e-6);
      scaleMmPerUnit = (band - 6) / span;
      center = 0.5 * (lo + hi);
    }
    const yOf = (v: number) => (mid - (v - center) * scaleMmPerUnit) * PX_PER_MM;
    const d: string[] = [];
    let pen = false;
    const dtMm = MM_PER_S / s.meta.sampleRateHz;
    for (let i = 0; i < n; i++) {
      const v = s.samples[i];
      if (v !== v) {
        pen = false;
        continue;
      }
      const x = x0 + i * dtMm * PX_PER_MM;
      d.push(`${pen ? 'L' : 'M'}${f(x)} ${f(yOf(v))}`);
      pen = true;
    }
    const color = isEcg ? '#0a7d28' : s.meta.id === 'art' ? '#c00000' : s.meta.id === 'pleth' ? '#0060c0' : s.meta.id === 'co2' ? '#8a6d00' : '#444';
    out.push(`<path d="${d.join('')}" fill="none" stroke="${color}" stroke-width="1.4" stroke-linejoin="round"/>`);
    const ly = (top + 4) * PX_PER_MM;
    out.push(`<text x="6" y="${f(ly)}" font-size="12" fill="${color}">${esc(s.meta.label)}</text>`);
    out.push(`<text x="6" y="${f(ly + 14)}" font-size="10" fill="#555">${esc(s.meta.units)} · ${s.meta.sampleRateHz} Hz</text>`);
    if (isEcg) {
      // 1 mV calibration pulse, 200 ms wide
      const cx = 6 * PX_PER_MM;
      const by = yOf(center - 0.5);
      const ty = by - MM_PER_MV * PX_PER_MM;
      out.push(
        `<path d="M${f(cx)} ${f(by)}h${f(2 * PX_PER_MM)}V${f(ty)}h${f(5 * PX_PER_MM)}V${f(by)}h${f(2 * PX_PER_MM)}" fill="none" stroke="#000" stroke-width="1"/>`,
      );
    } else {
      out.push(`<text x="6" y="${f(ly + 28)}" font-size="10" fill="#555">${esc(`${f(lo)}–${f(hi)}`)}</text>`);
    }
    if (s.samples.length > 0)
      out.push(`<text x="${f(x1)}" y="${f((top + band) * PX_PER_MM - 4)}" font-size="9" fill="#777" text-anchor="end">t0 = ${f(s.t0S)} s</text>`);
    top += band + GAP_MM;
  });
  out.push(`</svg>`);
  return out.join('\n');
}
