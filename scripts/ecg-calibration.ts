/**
 * `npm run ecg-calibration`: the twin's ECG signal statistics beside those of real MIT-BIH Arrhythmia
 * Database records, and the reference QRS detector's Se/+P at each Noise-Stress-Test SNR level.
 *
 * Real records are NOT in the repository (PhysioNet licence, size): put `<rec>.hea/.dat/.atr` in
 * $MITDB_DIR (default .cache/mitdb, git-ignored) and the script recomputes their statistics; without them
 * it prints the derived figures committed in docs/ecg-calibration.json. Writes docs/ecg-calibration.json
 * and docs/figures/qrs-vs-snr.svg. SIMULATION — NOT FOR CLINICAL USE.
 *
 * Options: --seconds N (twin segment length, default 300), --quick (60-s segments, 2 seeds).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NST_SNR_LEVELS_DB } from '../twin-engine/devices/index';
import { detectorAtSnr, ecgStats, twinEcg, type EcgStats, type QrsScore } from './ecg-stats';

const OUT_JSON = 'docs/ecg-calibration.json';
const OUT_SVG = 'docs/figures/qrs-vs-snr.svg';
const SEGMENT_S = 300;

interface Record212 {
  fs: number;
  x: Float64Array;
  beats: { sample: number; code: number }[];
}

/** WFDB header + format-212 signal 0 + MIT annotation file (WFDB Applications Guide; docs/REFERENCES.md#wfdb). */
function readMitRecord(dir: string, rec: string): Record212 {
  const hea = readFileSync(join(dir, `${rec}.hea`), 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'));
  const [, nsigS, fsS] = hea[0].trim().split(/\s+/);
  const nsig = Number(nsigS);
  const fs = Number(fsS);
  const f = hea[1].trim().split(/\s+/);
  if (f[1] !== '212' || nsig !== 2) throw new Error(`${rec}.hea: expected two signals in format 212, got ${f[1]} × ${nsig}`);
  const gain = parseFloat(f[2]);
  const adcZero = Number(f[4] ?? 0);
  const dat = readFileSync(join(dir, `${rec}.dat`));
  const n = Math.floor(dat.length / 3);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v = dat[3 * i] | ((dat[3 * i + 1] & 0x0f) << 8);
    if (v > 2047) v -= 4096;
    x[i] = (v - adcZero) / gain;
  }
  const atr = readFileSync(join(dir, `${rec}.atr`));
  const beats: { sample: number; code: number }[] = [];
  let t = 0;
  for (let p = 0; p + 1 < atr.length; ) {
    const w = atr[p] | (atr[p + 1] << 8);
    p += 2;
    const code = w >> 10;
    const inc = w & 1023;
    if (w === 0) break;
    if (code === 59) {
      const hi = atr[p] | (atr[p + 1] << 8);
      const lo = atr[p + 2] | (atr[p + 3] << 8);
      t += ((hi << 16) | lo) >>> 0;
      p += 4;
      continue;
    }
    if (code === 63) {
      p += inc + (inc & 1);
      continue;
    }
    if (code === 60 || code === 61 || code === 62) continue;
    t += inc;
    beats.push({ sample: t, code });
  }
  return { fs, x, beats };
}

/** MIT annotation codes that label a beat (N L R a V F J A S E j / Q e n f and r …; WFDB ecgcodes.h). */
const BEAT_CODES = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 25, 30, 34, 35, 38]);

function realSegments(dir: string, rec: string): EcgStats[] {
  const r = readMitRecord(dir, rec);
  const segN = SEGMENT_S * r.fs;
  const out: EcgStats[] = [];
  for (let s0 = 0; s0 + segN <= r.x.length; s0 += segN) {
    const inSeg = r.beats.filter((b) => BEAT_CODES.has(b.code) && b.sample >= s0 && b.sample < s0 + segN);
    out.push(ecgStats(r.x.subarray(s0, s0 + segN), r.fs, inSeg.filter((b) => b.code === 1).map((b) => b.sample - s0), inSeg.map((b) => b.sample - s0)));
  }
  return out;
}

function twinSegments(seeds: number[], seconds: number): EcgStats[] {
  return seeds.map((seed) => {
    const e = twinEcg({ seed, seconds });
    const idx = e.rS.map((t) => Math.round(t * e.fs));
    return ecgStats(e.x, e.fs, idx.filter((_, i) => e.normal[i]), idx);
  });
}

const KEYS: (keyof EcgStats)[] = ['rAmpCv', 'baselineSdMv', 'hfRmsMv', 'corrP5', 'rAmpMv', 'beats'];
const range = (a: EcgStats[], k: keyof EcgStats) => [Math.min(...a.map((s) => s[k])), Math.max(...a.map((s) => s[k]))];

function svg(rows: { snrDb: number; se: number; ppv: number }[], published: { snrDb: number; der: number }[]): string {
  const W = 560, H = 340, L = 60, R = 20, T = 40, B = 50;
  const xs = (snr: number) => L + ((24 - snr) / 33) * (W - L - R); // 24 … −9 dB
  const ys = (p: number) => T + ((100 - p) / 60) * (H - T - B);
  const line = (pts: [number, number][], col: string, dash = '') =>
    `<polyline fill="none" stroke="${col}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''} points="${pts.map(([a, b]) => `${xs(a).toFixed(1)},${ys(Math.max(40, b)).toFixed(1)}`).join(' ')}"/>` +
    pts.map(([a, b]) => `<circle cx="${xs(a).toFixed(1)}" cy="${ys(Math.max(40, b)).toFixed(1)}" r="3" fill="${col}"/>`).join('');
  const grid = [40, 50, 60, 70, 80, 90, 100].map((p) => `<line x1="${L}" x2="${W - R}" y1="${ys(p)}" y2="${ys(p)}" stroke="#ddd"/><text x="${L - 6}" y="${ys(p) + 4}" text-anchor="end" font-size="11">${p}</text>`).join('');
  const xt = NST_SNR_LEVELS_DB.map((d) => `<text x="${xs(d)}" y="${H - B + 16}" text-anchor="middle" font-size="11">${d}</text>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif">
<rect width="${W}" height="${H}" fill="white"/>
<text x="${W / 2}" y="18" text-anchor="middle" font-size="13">Pan–Tompkins on the twin's ECG + NST electrode-motion noise</text>
<text x="${W / 2}" y="32" text-anchor="middle" font-size="10" fill="#a00">SIMULATION — NOT FOR CLINICAL USE · generated by npm run ecg-calibration</text>
${grid}${xt}
<text x="${W / 2}" y="${H - 12}" text-anchor="middle" font-size="12">SNR (dB, NST convention)</text>
<text x="16" y="${H / 2}" text-anchor="middle" font-size="12" transform="rotate(-90 16 ${H / 2})">%</text>
${line(rows.map((r) => [r.snrDb, 100 * r.se]), '#1f6feb')}
${line(rows.map((r) => [r.snrDb, 100 * r.ppv]), '#d9480f')}
${line(published.map((p) => [p.snrDb, 100 - p.der]), '#555', '5,4')}
<g font-size="11"><rect x="${L + 10}" y="${T + 170}" width="10" height="3" fill="#1f6feb"/><text x="${L + 26}" y="${T + 175}">Se (twin)</text>
<rect x="${L + 10}" y="${T + 186}" width="10" height="3" fill="#d9480f"/><text x="${L + 26}" y="${T + 191}">+P (twin)</text>
<rect x="${L + 10}" y="${T + 202}" width="10" height="3" fill="#555"/><text x="${L + 26}" y="${T + 207}">100 − DER, published (Reklewski et al.)</text></g>
</svg>
`;
}

/** Published reference (docs/REFERENCES.md#qrs-noise): detection error rate of a widely used QRS detector vs SNR, mixed NST noise. */
const PUBLISHED_DER = [
  { snrDb: 20, der: 0.98 },
  { snrDb: -7.96, der: 57.13 },
];

async function main() {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const si = args.indexOf('--seconds');
  const seconds = si >= 0 ? Number(args[si + 1]) : quick ? 60 : SEGMENT_S;
  const seeds = quick ? [1, 2] : [1, 2, 3, 4, 5, 6];
  const dir = process.env.MITDB_DIR ?? '.cache/mitdb';
  const old = existsSync(OUT_JSON) ? JSON.parse(readFileSync(OUT_JSON, 'utf8')) : null;
  const records = ['100', '101', '103', '105', '112', '113', '115', '117', '121', '122'];
  const real: Record<string, EcgStats[]> = {};
  for (const rec of records) if (existsSync(join(dir, `${rec}.dat`))) real[rec] = realSegments(dir, rec);
  const haveReal = Object.keys(real).length > 0;
  const realStats: Record<string, EcgStats[]> = haveReal ? real : (old?.real?.segments ?? {});
  const allReal = Object.values(realStats).flat();
  const twin = twinSegments(seeds, seconds);
  console.log('SIMULATION — NOT FOR CLINICAL USE');
  console.log(haveReal ? `Real records from ${dir}: ${Object.keys(real).join(', ')}` : `Real records not found in ${dir}: using the derived figures in ${OUT_JSON}`);
  console.log(`Segments: real ${allReal.length} × ${SEGMENT_S} s; twin ${twin.length} × ${seconds} s (sinus 75/min, RR 16/min, default noise floor)\n`);
  console.log(['statistic'.padEnd(16), 'real min–max'.padEnd(22), 'twin min–max'.padEnd(22), 'within?'].join(''));
  const within: Record<string, boolean> = {};
  for (const k of KEYS) {
    const [a, b] = range(allReal, k);
    const [c, d] = range(twin, k);
    const ok = k === 'beats' || k === 'rAmpMv' ? true : c >= a * 0.999 && d <= b * 1.001;
    if (k !== 'beats' && k !== 'rAmpMv') within[k] = ok;
    const f = (v: number) => (k === 'beats' ? v.toFixed(0) : v.toFixed(4));
    console.log([k.padEnd(16), `${f(a)} – ${f(b)}`.padEnd(22), `${f(c)} – ${f(d)}`.padEnd(22), k === 'beats' || k === 'rAmpMv' ? '(info)' : ok ? 'yes' : 'NO'].join(''));
  }
  console.log('\nPan–Tompkins (250 Hz) vs NST SNR, electrode-motion noise, ±150 ms matching (EC57):');
  const rows: { snrDb: number; se: number; ppv: number; tp: number; fn: number; fp: number }[] = [];
  for (const snr of NST_SNR_LEVELS_DB) {
    const agg: QrsScore = { tp: 0, fn: 0, fp: 0, se: 0, ppv: 0 };
    for (const seed of seeds) {
      const s = detectorAtSnr(snr, seconds, 100 + seed);
      agg.tp += s.tp;
      agg.fn += s.fn;
      agg.fp += s.fp;
    }
    const se = agg.tp / (agg.tp + agg.fn);
    const ppv = agg.tp / (agg.tp + agg.fp);
    rows.push({ snrDb: snr, se, ppv, tp: agg.tp, fn: agg.fn, fp: agg.fp });
    console.log(`  ${String(snr).padStart(3)} dB  Se ${(100 * se).toFixed(2).padStart(6)} %  +P ${(100 * ppv).toFixed(2).padStart(6)} %  (TP ${agg.tp}, FN ${agg.fn}, FP ${agg.fp})`);
  }
  const json = {
    note: 'SIMULATION — NOT FOR CLINICAL USE. Derived statistics only; no PhysioNet samples. Regenerate with npm run ecg-calibration.',
    real: {
      source: 'MIT-BIH Arrhythmia Database (Moody GB, Mark RG. IEEE Eng Med Biol 2001;20(3):45–50), PhysioNet (Goldberger AL et al. Circulation 2000;101:e215). Signal 0 (MLII), 360 Hz.',
      records: Object.keys(realStats),
      segmentS: SEGMENT_S,
      segments: realStats,
    },
    twin: { seeds, segmentS: seconds, hrBpm: 75, rrBpm: 16, segments: twin },
    within,
    detectorVsSnr: { detector: 'modules/qrs-pan-tompkins at 250 Hz', noise: 'em', matchWindowS: 0.15, seeds: seeds.map((s) => 100 + s), segmentS: seconds, rows },
  };
  if (!quick) {
    writeFileSync(OUT_JSON, JSON.stringify(json, null, 1) + '\n');
    mkdirSync('docs/figures', { recursive: true });
    writeFileSync(OUT_SVG, svg(rows, PUBLISHED_DER));
    console.log(`\nWrote ${OUT_JSON} and ${OUT_SVG}`);
  }
}

await main();
