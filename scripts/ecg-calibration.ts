/**
 * `npm run ecg-calibration`: the twin's ECG signal statistics beside those of real MIT-BIH Arrhythmia
 * Database records, and the reference QRS detector's Se/+P at each Noise-Stress-Test SNR level.
 *
 * Real records are NOT in the repository (PhysioNet licence, size): put `<rec>.hea/.dat/.atr` in
 * $MITDB_DIR (default .cache/mitdb, git-ignored) and the script recomputes their statistics; without them
 * it prints the derived figures committed in docs/ecg-calibration.json. Writes docs/ecg-calibration.json
 * and docs/figures/qrs-vs-snr.svg. SIMULATION — NOT FOR CLINICAL USE.
 *
 * Options: --seconds N (twin segment length, default 300), --quick (60-s segments, 2 seeds; writes nothing).
 * NST records (118e24 … 119e_6) are read from $NSTDB_DIR (default .cache/nstdb).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NST_SNR_LEVELS_DB } from '../twin-engine/devices/index';
import { PanTompkins } from '../modules/qrs-pan-tompkins/pan-tompkins';
import { detectorAtSnr, ecgStats, matchBeats, twinEcg, type EcgStats, type QrsScore } from './ecg-stats';
import { QRS_CODES, SVEB_CODES, VEB_CODES, readMitAnnotationFile, readWfdbRecord, resample, type WfdbRecord, type WfdbSignal } from './wfdb-read';

const OUT_JSON = 'docs/ecg-calibration.json';
const OUT_SVG = 'docs/figures/qrs-vs-snr.svg';
const SEGMENT_S = 300;

/** The ECG lead the statistics are measured on: MLII (the MIT-BIH convention), else none (102 and 104 have no MLII). */
function mliiOf(r: WfdbRecord): WfdbSignal | null {
  return r.signals.find((s) => s.desc === 'MLII') ?? null;
}

/**
 * Statistics of one real record, per 300-s segment. "Normal" beats are the record's dominant conducted beat
 * type (N, or L/R in bundle-branch-block records, / in paced ones) so that every record has a template.
 */
function realSegments(dir: string, rec: string): { segments: EcgStats[]; dominant: string } | null {
  const r = readWfdbRecord(dir, rec);
  const sig = mliiOf(r);
  if (!sig) return null;
  const ann = readMitAnnotationFile(join(dir, `${rec}.atr`)).filter((a) => QRS_CODES.has(a.code));
  const counts = new Map<number, number>();
  for (const a of ann) if (a.code === 1 || a.code === 2 || a.code === 3 || a.code === 12) counts.set(a.code, (counts.get(a.code) ?? 0) + 1);
  const dom = [...counts.entries()].sort((p, q) => q[1] - p[1])[0]?.[0] ?? 1;
  const segN = SEGMENT_S * r.fs;
  const out: EcgStats[] = [];
  for (let s0 = 0; s0 + segN <= sig.mv.length; s0 += segN) {
    const inSeg = ann.filter((b) => b.sample >= s0 && b.sample < s0 + segN);
    const normal = inSeg.filter((b) => b.code === dom).map((b) => b.sample - s0);
    if (normal.length < MIN_BEATS) continue;
    out.push(ecgStats(sig.mv.subarray(s0, s0 + segN), r.fs, normal, inSeg.map((b) => b.sample - s0)));
  }
  return { segments: out, dominant: SYMBOL[dom] };
}

/** Records whose mean R amplitude is below this are left out of the R-amplitude CV range (a ratio to ~0). */
const MIN_R_MV = 0.3;

const SYMBOL: Record<number, string> = { 1: 'N', 2: 'L', 3: 'R', 12: '/' };
/** A segment needs this many dominant beats for a template (a few records are mostly ectopic or flutter in places). */
const MIN_BEATS = 100;

/** Per record: the median of its segments' values (one figure per record; the range is taken over records). */
function perRecord(segs: EcgStats[]): EcgStats {
  const med = (k: keyof EcgStats) => {
    const v = segs.map((s) => s[k]).sort((a, b) => a - b);
    return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  };
  return { beats: segs.reduce((a, s) => a + s.beats, 0), rAmpCv: med('rAmpCv'), rAmpMv: med('rAmpMv'), baselineSdMv: med('baselineSdMv'), hfRmsMv: med('hfRmsMv'), corrP5: med('corrP5') };
}

/**
 * Pan–Tompkins (the reference module) on a real record as the module host would feed it (250 Hz), scored
 * beat by beat against the reference annotations (±150 ms) from `fromS` on (EC57: the first 5 min are the
 * detector's learning period).
 */
function detectReal(dir: string, rec: string, fromS = 300): QrsScore & { beats: number } {
  return detectRealWith(dir, rec, dir, rec, fromS);
}

/**
 * The NST's noisy stretches: from 5:00, 2 min of noise alternating with 2 min clean (nst(1), WFDB; checked on
 * 118e24/118e_6 against 118: the difference signal varies only inside these stretches).
 */
const NST_NOISY = (tS: number) => tS >= 300 && (tS - 300) % 240 < 120;

/**
 * SNR measured the way the NST's `nst`/`sigamp` measure it (nst(1), WFDB): S = (trimmed mean of the
 * peak-to-peak range within ±50 ms of the first 300 normal beats)² / 8; N = (trimmed mean of the
 * mean-removed RMS of 1-s chunks)²; trimmed = the largest and smallest 5 % dropped. Here N is measured on
 * the noise actually present (noisy − clean) in the chunks `keep` selects, not on the noise record's first
 * 5 min as nst does when it sets its gains.
 */
function snrNstWay(clean: ArrayLike<number>, noisy: ArrayLike<number>, fs: number, normalIdx: number[], keep: (tS: number) => boolean): number {
  const trimmed = (a: number[]) => {
    const v = [...a].sort((x, y) => x - y);
    const k = Math.floor(0.05 * v.length);
    const t = v.slice(k, v.length - k);
    return t.reduce((p, q) => p + q, 0) / t.length;
  };
  const h = Math.round(0.05 * fs);
  const pp = normalIdx.filter((i) => i - h >= 0 && i + h < clean.length).slice(0, 300).map((i) => {
    let lo = Infinity, hi = -Infinity;
    for (let j = i - h; j <= i + h; j++) {
      lo = Math.min(lo, clean[j]);
      hi = Math.max(hi, clean[j]);
    }
    return hi - lo;
  });
  const rms: number[] = [];
  const n = Math.min(clean.length, noisy.length);
  for (let s0 = 0; s0 + fs <= n; s0 += fs) {
    if (!keep(s0 / fs)) continue;
    let m = 0;
    for (let i = s0; i < s0 + fs; i++) m += noisy[i] - clean[i];
    m /= fs;
    let e = 0;
    for (let i = s0; i < s0 + fs; i++) e += (noisy[i] - clean[i] - m) ** 2;
    rms.push(Math.sqrt(e / fs));
  }
  const a = trimmed(pp);
  return 10 * Math.log10((a * a) / 8 / trimmed(rms) ** 2);
}

function detectRealWith(dir: string, rec: string, atrDir: string, atrRec: string, fromS = 300, keep: (tS: number) => boolean = () => true): QrsScore & { beats: number } {
  const r = readWfdbRecord(dir, rec);
  const sig = mliiOf(r) ?? r.signals[0];
  const x = resample(sig.mv, r.fs, 250);
  const found = new PanTompkins(250).feed(x, 0);
  const ref = readMitAnnotationFile(join(atrDir, `${atrRec}.atr`)).filter((a) => QRS_CODES.has(a.code)).map((a) => a.sample / r.fs);
  const endS = sig.mv.length / r.fs;
  // a beat whose ±150-ms window straddles a stretch boundary is scored with the stretch its reference time lies in
  const s = matchBeats(ref.filter(keep), found.filter((t) => keep(t) || ref.some((r) => keep(r) && Math.abs(r - t) <= 0.15)), fromS, endS);
  return { ...s, beats: s.tp + s.fn };
}

/** Beat-class counts of a record's reference annotations (all 30 min). */
function beatCounts(dir: string, rec: string): { beats: number; veb: number; sveb: number } {
  const ann = readMitAnnotationFile(join(dir, `${rec}.atr`));
  return { beats: ann.filter((a) => QRS_CODES.has(a.code)).length, veb: ann.filter((a) => VEB_CODES.has(a.code)).length, sveb: ann.filter((a) => SVEB_CODES.has(a.code)).length };
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
const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

interface SnrRow {
  snrDb: number;
  /** SNR measured the NST's way (snrNstWay) on the noise present. */
  measuredSnrDb?: number | null;
  se: number;
  ppv: number;
  tp: number;
  fn: number;
  fp: number;
}
interface RealNstRow extends SnrRow {
  record: string;
  /** The SNR in the noisy stretches measured the NST's way on the noise actually added (nst sets its gains on em's first 5 min). */
  measuredSnrDb: number | null;
  /** Scored 5:00–30:05 with the clean 2-min stretches included (the NST's usual whole-record figure). */
  wholeRecord: { se: number; ppv: number; tp: number; fn: number; fp: number };
}

function svg(rows: SnrRow[], real: RealNstRow[]): string {
  const W = 560, H = 340, L = 60, R = 20, T = 40, B = 50;
  const xs = (snr: number) => L + ((24 - snr) / 33) * (W - L - R); // 24 … −9 dB
  const ys = (p: number) => T + ((100 - p) / 60) * (H - T - B);
  const line = (pts: [number, number][], col: string, dash = '', shape: 'circle' | 'square' = 'circle') =>
    (dash === 'none' ? '' : `<polyline fill="none" stroke="${col}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''} points="${pts.map(([a, b]) => `${xs(a).toFixed(1)},${ys(Math.max(40, b)).toFixed(1)}`).join(' ')}"/>`) +
    pts
      .map(([a, b]) =>
        shape === 'circle'
          ? `<circle cx="${xs(a).toFixed(1)}" cy="${ys(Math.max(40, b)).toFixed(1)}" r="3" fill="${col}"/>`
          : `<rect x="${(xs(a) - 4).toFixed(1)}" y="${(ys(Math.max(40, b)) - 4).toFixed(1)}" width="8" height="8" fill="none" stroke="${col}" stroke-width="2"/>`,
      )
      .join('');
  const grid = [40, 50, 60, 70, 80, 90, 100].map((p) => `<line x1="${L}" x2="${W - R}" y1="${ys(p)}" y2="${ys(p)}" stroke="#ddd"/><text x="${L - 6}" y="${ys(p) + 4}" text-anchor="end" font-size="11">${p}</text>`).join('');
  const xt = NST_SNR_LEVELS_DB.map((d) => `<text x="${xs(d)}" y="${H - B + 16}" text-anchor="middle" font-size="11">${d}</text>`).join('');
  const realRec = [...new Set(real.map((r) => r.record.replace(/e.*$/, '')))].join(', ');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif">
<rect width="${W}" height="${H}" fill="white"/>
<text x="${W / 2}" y="18" text-anchor="middle" font-size="13">Pan–Tompkins vs NST electrode-motion noise: twin and real records</text>
<text x="${W / 2}" y="32" text-anchor="middle" font-size="10" fill="#a00">SIMULATION — NOT FOR CLINICAL USE · generated by npm run ecg-calibration</text>
${grid}${xt}
<text x="${W / 2}" y="${H - 12}" text-anchor="middle" font-size="12">SNR (dB, NST convention)</text>
<text x="16" y="${H / 2}" text-anchor="middle" font-size="12" transform="rotate(-90 16 ${H / 2})">%</text>
${line(rows.map((r) => [r.snrDb, 100 * r.se]), '#1f6feb')}
${line(rows.map((r) => [r.snrDb, 100 * r.ppv]), '#d9480f')}
${real.length ? line(real.map((r) => [r.snrDb, 100 * r.se]), '#1f6feb', '5,4', 'square') : ''}
${real.length ? line(real.map((r) => [r.snrDb, 100 * r.ppv]), '#d9480f', '5,4', 'square') : ''}
<g font-size="11"><rect x="${L + 10}" y="${T + 154}" width="10" height="3" fill="#1f6feb"/><text x="${L + 26}" y="${T + 159}">Se, twin (sinus 75/min, 6 × 300 s)</text>
<rect x="${L + 10}" y="${T + 170}" width="10" height="3" fill="#d9480f"/><text x="${L + 26}" y="${T + 175}">+P, twin</text>
${real.length ? `<rect x="${L + 10}" y="${T + 182}" width="8" height="8" fill="none" stroke="#1f6feb" stroke-width="2"/><text x="${L + 26}" y="${T + 191}">Se, real NST records (MIT-BIH ${realRec} + em), noisy stretches</text>
<rect x="${L + 10}" y="${T + 198}" width="8" height="8" fill="none" stroke="#d9480f" stroke-width="2"/><text x="${L + 26}" y="${T + 207}">+P, real NST records</text>` : ''}</g>
</svg>
`;
}

/** The NST's noisy records: <clean record>e<SNR> with e_6 for −6 dB (nstdb directory of PhysioNet). */
const NST_RECORDS = ['118', '119'].flatMap((r) => ['24', '18', '12', '06', '00', '_6'].map((l) => ({ record: `${r}e${l}`, clean: r, snrDb: l === '_6' ? -6 : Number(l) })));

async function main() {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const si = args.indexOf('--seconds');
  const seconds = si >= 0 ? Number(args[si + 1]) : quick ? 60 : SEGMENT_S;
  const seeds = quick ? [1, 2] : [1, 2, 3, 4, 5, 6];
  const dir = process.env.MITDB_DIR ?? '.cache/mitdb';
  const nstDir = process.env.NSTDB_DIR ?? '.cache/nstdb';
  const old = existsSync(OUT_JSON) ? JSON.parse(readFileSync(OUT_JSON, 'utf8')) : null;
  const records = existsSync(dir) ? readdirSync(dir).filter((f) => /^\d{3}\.hea$/.test(f) && existsSync(join(dir, f.replace('.hea', '.dat'))) && existsSync(join(dir, f.replace('.hea', '.atr')))).map((f) => f.slice(0, 3)).sort() : [];
  const haveReal = records.length > 0;
  console.log('SIMULATION — NOT FOR CLINICAL USE');
  console.log(haveReal ? `Real records from ${dir}: ${records.join(' ')}` : `Real records not found in ${dir}: using the derived figures in ${OUT_JSON}`);
  let realJson = old?.real;
  let realDetJson = old?.realDetector ?? null;
  let nstJson = old?.realNst ?? null;
  if (haveReal) {
    const segments: Record<string, EcgStats[]> = {};
    const perRec: Record<string, EcgStats & { dominant: string }> = {};
    const skipped: string[] = [];
    for (const rec of records) {
      const r = realSegments(dir, rec);
      if (!r || r.segments.length === 0) {
        skipped.push(`${rec} (${r ? `fewer than ${MIN_BEATS} beats of its dominant conducted type in every 300 s` : 'no MLII lead'})`);
        continue;
      }
      segments[rec] = r.segments;
      perRec[rec] = { ...perRecord(r.segments), dominant: r.dominant };
    }
    realJson = {
      source: 'MIT-BIH Arrhythmia Database (Moody GB, Mark RG. IEEE Eng Med Biol 2001;20(3):45–50), PhysioNet (Goldberger AL et al. Circulation 2000;101:e215). Lead MLII, 360 Hz; each record split into 300-s segments, its figure the median over its segments.',
      records: Object.keys(perRec),
      skipped: skipped.join(', '),
      segmentS: SEGMENT_S,
      perRecord: perRec,
    };
    // The reference detector on the real records, EC57 style (from 5 min; paced records reported apart as EC57 allows).
    const per: Record<string, QrsScore & { beats: number }> = {};
    const ect: Record<string, { beats: number; veb: number; sveb: number }> = {};
    for (const rec of records) {
      per[rec] = detectReal(dir, rec);
      ect[rec] = beatCounts(dir, rec);
    }
    // the database's four paced records (MIT-BIH Arrhythmia Database Directory); EC57 lets them be left out
    const paced = records.filter((rec) => ['102', '104', '107', '217'].includes(rec));
    const sum = (rs: string[]) => {
      const tp = rs.reduce((a, r) => a + per[r].tp, 0), fn = rs.reduce((a, r) => a + per[r].fn, 0), fp = rs.reduce((a, r) => a + per[r].fp, 0);
      return { records: rs.length, tp, fn, fp, se: tp / (tp + fn), ppv: tp / (tp + fp) };
    };
    const all = sum(records);
    const nonPaced = sum(records.filter((r) => !paced.includes(r)));
    const totBeats = records.reduce((a, r) => a + ect[r].beats, 0);
    const totV = records.reduce((a, r) => a + ect[r].veb, 0);
    const totS = records.reduce((a, r) => a + ect[r].sveb, 0);
    realDetJson = {
      detector: 'modules/qrs-pan-tompkins at 250 Hz (records resampled from 360 Hz), MLII (signal 0 where there is none)',
      scoring: 'beat by beat, ±150 ms, from 5:00 to the end of each record (ANSI/AAMI EC57)',
      paced,
      all,
      nonPaced,
      perRecord: Object.fromEntries(records.map((r) => [r, { tp: per[r].tp, fn: per[r].fn, fp: per[r].fp }])),
      ectopy: { beats: totBeats, veb: totV, sveb: totS, vebFraction: totV / totBeats, svebFraction: totS / totBeats, perRecord: ect },
    };
  }
  const perRecStats: EcgStats[] = realJson?.perRecord ? Object.values(realJson.perRecord as Record<string, EcgStats>) : Object.values((realJson?.segments ?? {}) as Record<string, EcgStats[]>).flat();
  const twin = twinSegments(seeds, seconds);
  console.log(`Real: ${perRecStats.length} records (median of 300-s segments each); twin ${twin.length} × ${seconds} s (sinus 75/min, RR 16/min, default noise floor)\n`);
  console.log(['statistic'.padEnd(16), 'real min–max (median)'.padEnd(32), 'twin min–max'.padEnd(22), 'within?'].join(''));
  const within: Record<string, boolean> = {};
  const realRange: Record<string, { min: number; median: number; max: number }> = {};
  for (const k of KEYS) {
    // R-amplitude CV is meaningless where MLII's QRS is mostly negative or tiny (mean R above PQ < 0.3 mV)
    const pool = k === 'rAmpCv' ? perRecStats.filter((s) => s.rAmpMv >= MIN_R_MV) : perRecStats;
    const [a, b] = range(pool, k);
    const m = median(pool.map((s) => s[k]));
    realRange[k] = { min: a, median: m, max: b };
    const [c, d] = range(twin, k);
    const info = k === 'beats' || k === 'rAmpMv';
    const ok = info ? true : c >= a * 0.999 && d <= b * 1.001;
    if (!info) within[k] = ok;
    const f = (v: number) => (k === 'beats' ? v.toFixed(0) : v.toFixed(4));
    console.log([k.padEnd(16), `${f(a)} – ${f(b)} (${f(m)})`.padEnd(32), `${f(c)} – ${f(d)}`.padEnd(22), info ? '(info)' : ok ? 'yes' : 'NO'].join(''));
  }
  if (realDetJson) {
    const f = (s: { se: number; ppv: number; tp: number; fn: number; fp: number; records: number }) => `Se ${(100 * s.se).toFixed(2)} %  +P ${(100 * s.ppv).toFixed(2)} %  (${s.records} records; TP ${s.tp}, FN ${s.fn}, FP ${s.fp})`;
    console.log(`\nPan–Tompkins on the real MIT-BIH records (${realDetJson.scoring}):\n  all     ${f(realDetJson.all)}\n  non-paced ${f(realDetJson.nonPaced)}`);
    const e = realDetJson.ectopy;
    console.log(`Ectopy in the reference annotations: ${e.veb} ventricular (V, E) and ${e.sveb} supraventricular premature (A, a, J, S) of ${e.beats} beats: ${(100 * e.vebFraction).toFixed(2)} % and ${(100 * e.svebFraction).toFixed(2)} %`);
  }
  // Real NST records (the clean record's annotations serve every noisy copy, as in the NST).
  const nstFound = NST_RECORDS.filter((r) => existsSync(join(nstDir, `${r.record}.hea`)) && existsSync(join(nstDir, `${r.record}.dat`)));
  if (nstFound.length) {
    const rows: RealNstRow[] = [];
    for (const r of nstFound) {
      const atrDir = existsSync(join(nstDir, `${r.record}.atr`)) ? nstDir : dir;
      const atr = existsSync(join(nstDir, `${r.record}.atr`)) ? r.record : r.clean;
      const s = detectRealWith(nstDir, r.record, atrDir, atr, 300, NST_NOISY);
      const w = detectRealWith(nstDir, r.record, atrDir, atr, 300);
      let measuredSnrDb: number | null = null;
      if (existsSync(join(dir, `${r.clean}.dat`))) {
        const cl = readWfdbRecord(dir, r.clean);
        const c0 = mliiOf(cl) ?? cl.signals[0];
        const nz = readWfdbRecord(nstDir, r.record);
        const n0 = nz.signals.find((x) => x.desc === c0.desc) ?? nz.signals[0];
        const normal = readMitAnnotationFile(join(dir, `${r.clean}.atr`)).filter((a) => a.code === 1 || a.code === 2 || a.code === 3).map((a) => a.sample);
        measuredSnrDb = snrNstWay(c0.mv, n0.mv, cl.fs, normal, NST_NOISY);
      }
      rows.push({ record: r.record, snrDb: r.snrDb, measuredSnrDb, se: s.se, ppv: s.ppv, tp: s.tp, fn: s.fn, fp: s.fp, wholeRecord: { se: w.se, ppv: w.ppv, tp: w.tp, fn: w.fn, fp: w.fp } });
    }
    const cleanRows = [...new Set(nstFound.map((r) => r.clean))].filter((c) => existsSync(join(dir, `${c}.dat`))).map((c) => ({ record: c, ...detectRealWith(dir, c, dir, c, 300, NST_NOISY) }));
    nstJson = {
      source: 'MIT-BIH Noise Stress Test Database (Moody GB, Muldrow WE, Mark RG. Computers in Cardiology 1984;11:381–384), PhysioNet: the clean MIT-BIH record with the electrode-motion record em added from 5:00 in alternate 2-min segments at the stated SNR.',
      scoring: 'beat by beat, ±150 ms, in the noisy 2-min stretches only (5:00–7:00, 9:00–11:00, … — the twin’s noise is continuous, so these compare like with like); wholeRecord: 5:00–30:05 including the clean stretches',
      rows: rows.sort((a, b) => b.snrDb - a.snrDb),
      clean: cleanRows.map((c) => ({ record: c.record, se: c.se, ppv: c.ppv, tp: c.tp, fn: c.fn, fp: c.fp })),
    };
  }
  if (nstJson) {
    console.log('\nPan–Tompkins on the real NST records (noisy 2-min stretches only):');
    for (const c of nstJson.clean) console.log(`  ${c.record.padEnd(7)} clean    (same stretches) Se ${(100 * c.se).toFixed(2).padStart(6)} %  +P ${(100 * c.ppv).toFixed(2).padStart(6)} %`);
    for (const r of nstJson.rows as RealNstRow[]) console.log(`  ${r.record.padEnd(7)} ${String(r.snrDb).padStart(3)} dB   Se ${(100 * r.se).toFixed(2).padStart(6)} %  +P ${(100 * r.ppv).toFixed(2).padStart(6)} %  (TP ${r.tp}, FN ${r.fn}, FP ${r.fp}; measured SNR ${r.measuredSnrDb?.toFixed(1) ?? '—'} dB; whole record Se ${(100 * r.wholeRecord.se).toFixed(2)} %, +P ${(100 * r.wholeRecord.ppv).toFixed(2)} %)`);
  } else console.log(`\nNo NST records in ${nstDir} (118e24 … 119e_6): the real detector-vs-SNR curve is not drawn.`);
  console.log('\nPan–Tompkins (250 Hz) on the twin vs NST SNR, electrode-motion noise, ±150 ms matching (EC57):');
  const rows: SnrRow[] = [];
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
    const cl = twinEcg({ seed: 101, seconds });
    const nz = twinEcg({ seed: 101, seconds, noise: { snrDb: snr, types: ['em'] } });
    const measuredSnrDb = snrNstWay(cl.x, nz.x, cl.fs, cl.rS.filter((_, i) => cl.normal[i]).map((t) => Math.round(t * cl.fs)), () => true);
    rows.push({ snrDb: snr, measuredSnrDb, se, ppv, tp: agg.tp, fn: agg.fn, fp: agg.fp });
    console.log(`  ${String(snr).padStart(3)} dB  Se ${(100 * se).toFixed(2).padStart(6)} %  +P ${(100 * ppv).toFixed(2).padStart(6)} %  (TP ${agg.tp}, FN ${agg.fn}, FP ${agg.fp}; measured SNR ${measuredSnrDb.toFixed(1)} dB)`);
  }
  const json = {
    note: 'SIMULATION — NOT FOR CLINICAL USE. Derived statistics only; no PhysioNet samples. Regenerate with npm run ecg-calibration.',
    real: realJson,
    realRange,
    twin: { seeds, segmentS: seconds, hrBpm: 75, rrBpm: 16, segments: twin },
    within,
    realDetector: realDetJson,
    realNst: nstJson,
    detectorVsSnr: { detector: 'modules/qrs-pan-tompkins at 250 Hz', noise: 'em', matchWindowS: 0.15, seeds: seeds.map((s) => 100 + s), segmentS: seconds, rows },
  };
  if (!quick) {
    writeFileSync(OUT_JSON, JSON.stringify(json, null, 1) + '\n');
    mkdirSync('docs/figures', { recursive: true });
    writeFileSync(OUT_SVG, svg(rows, nstJson?.rows ?? []));
    console.log(`\nWrote ${OUT_JSON} and ${OUT_SVG}`);
  }
}

await main();
