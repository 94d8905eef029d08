/**
 * `npm run calibration`: the sim-to-real calibration table (twin-engine/evaluation/calibration.ts).
 * Runs NEWS2, qSOFA, SIRS, shock index and the hypoxemia detector on WardTwin's cohorts through the
 * product evaluation path (runEvaluation: the sandboxed module host, the same scoring as `wardtwin eval`;
 * clean condition, seed CALIBRATION_SEED) and the Pan–Tompkins detector on the twin's ECG, then writes
 * docs/calibration.json (read by the app's module panel) and the table in docs/CALIBRATION.md.
 *
 *   npm run calibration                 # the full table (about 15 min on 2 busy cores)
 *   npm run calibration -- --quick --out DIR   # a tiny version (QUICK_N patients, 1 min of ECG) into DIR
 *   npm run calibration -- --only qrs   # re-run one row (by id) and replace it in the stored table
 *
 * Re-run it whenever the physiology, the ECG noise model or a reference module changes.
 * SIMULATION ONLY — NOT FOR CLINICAL USE.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BedsideMonitor, benchInput, type ArtifactSettings, type DeviceInput } from '../twin-engine/devices/index';
import {
  CALIBRATION_MARKERS,
  CALIBRATION_ROWS,
  CALIBRATION_SEED,
  QRS_ROW_ARTIFACTS,
  QRS_ROW_CASES,
  QRS_ROW_ECTOPY,
  QRS_ROW_SEEDS,
  QUICK_N,
  calibrationRow,
  renderCalibrationMarkdown,
  type CalibrationRow,
  type CalibrationRowSpec,
  type CalibrationTable,
  type TwinFigure,
} from '../twin-engine/evaluation/calibration';
import { BEAT_PAC, BEAT_PVC } from '../twin-engine/devices/beats';
import { matchBeats } from '../twin-engine/evaluation/qrs-beats';
import { decimate } from '../twin-engine/modules-host/inputs';
import { runEvaluation } from '../twin-engine/node/eval-run';
import { SIMULATION_NOTICE } from '../twin-engine/session/api';
import { PanTompkins } from '../modules/qrs-pan-tompkins/pan-tompkins';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const outArg = args.indexOf('--out');
const outDir = outArg >= 0 ? resolve(args[outArg + 1] ?? '') : join(ROOT, 'docs');
if (quick && outArg < 0) {
  console.error('--quick writes a table too small to read: give --out DIR so docs/ keeps the full one');
  process.exit(2);
}
const WORKERS = 2;

async function numericsRow(spec: CalibrationRowSpec): Promise<CalibrationRow> {
  const n = quick ? QUICK_N : spec.n;
  const r = await runEvaluation({ module: spec.module, cohortPath: join(ROOT, spec.cohort!), n, seed: CALIBRATION_SEED, workers: WORKERS, conditions: ['clean'], scoring: { bootstrapB: 200 } });
  const c = r.metrics.results.clean!;
  const m = c.module;
  const amount = `${c.patientHours.toFixed(0)} patient-h`;
  let twin: TwinFigure;
  if (spec.metric === 'auroc') {
    twin = { value: m.scores.auroc, lo: null, hi: null, basis: `${m.scores.windows} windows, ${m.scores.positives} positive`, source: m.scores.source ?? 'alerts', amount };
  } else {
    const s = m.events.sensitivity;
    twin = { value: s.value, lo: s.lo, hi: s.hi, basis: `${m.events.detected}/${m.events.episodes} episodes`, source: 'alerts', amount };
  }
  console.log(`${spec.module}: ${spec.metric} ${twin.value?.toFixed(3) ?? '—'} (${twin.basis}; ${amount}; ${r.wallS.toFixed(0)} s)`);
  return calibrationRow(spec, twin, n);
}

/**
 * Beat sensitivity of Pan–Tompkins on the twin's ECG II (500 Hz generated, detected at 250 Hz as the module
 * does), with the per-bed monitor defaults (noise floor on), the ward preset's ECG artifacts and MIT-BIH
 * ectopy rates (calibration.ts QRS_ROW_*).
 */
function qrsRow(spec: CalibrationRowSpec): CalibrationRow {
  const seconds = quick ? 60 : 300;
  const artifacts: ArtifactSettings = { ...QRS_ROW_ARTIFACTS };
  let tp = 0;
  let fn = 0;
  let fp = 0;
  let beats = 0;
  let pvcs = 0;
  let pacs = 0;
  const runs = quick ? 1 : QRS_ROW_SEEDS;
  const nCases = QRS_ROW_CASES.length;
  for (let j = 0; j < runs; j++) QRS_ROW_CASES.forEach((over, k) => {
    const inp: DeviceInput = { ...benchInput(), intubated: false, ...QRS_ROW_ECTOPY, ...over };
    const m = new BedsideMonitor({ seed: CALIBRATION_SEED + k + nCases * j, skinToneMonk: 3, nibpIntervalS: 0, enabledChannels: ['ecg_ii'], artifacts });
    const det = new PanTompkins(250);
    const truth: number[] = [];
    const found: number[] = [];
    let seq = 0;
    for (let s = 0; s < seconds; s++) {
      for (let i = 0; i < 20; i++) {
        m.advance(inp, 0.05);
        const ring = m.sched.beats;
        for (; seq < ring.count; seq++) {
          const j = ring.slot(seq);
          truth.push(ring.tRS[j]);
          if (ring.kind[j] === BEAT_PVC) pvcs++;
          else if (ring.kind[j] === BEAT_PAC) pacs++;
        }
      }
      const pending = m.pendingSamples('ecg_ii');
      const w = decimate({ t0S: m.timeS - pending / 500, sampleRateHz: 500, samples: m.drain('ecg_ii') }, 250);
      found.push(...det.feed(w.samples, w.t0S));
    }
    beats += truth.length;
    // Skip the detector's 5-s learning period and the last second (detections lag by < 1 s).
    const r = matchBeats(truth.filter((t) => t > 5 && t < seconds - 1), found.filter((t) => t > 5 && t < seconds - 1), 0.15);
    tp += r.tp;
    fn += r.fn;
    fp += r.fp;
  });
  const se = tp / (tp + fn);
  const z = 1.959964;
  const d = tp + fn;
  const centre = (se + (z * z) / (2 * d)) / (1 + (z * z) / d);
  const half = (z * Math.sqrt((se * (1 - se)) / d + (z * z) / (4 * d * d))) / (1 + (z * z) / d);
  const pct = (x: number) => ((100 * x) / beats).toFixed(1);
  const twin: TwinFigure = {
    value: se,
    lo: Math.max(0, centre - half),
    hi: Math.min(1, centre + half),
    basis: `${tp}/${tp + fn} beats (${pct(pvcs)} % PVCs, ${pct(pacs)} % PACs), ${fp} false detections (+P ${(tp / (tp + fp)).toFixed(4)})`,
    source: 'beats',
    amount: `${(runs * nCases * seconds) / 60} ECG-min`,
  };
  console.log(`${spec.module}: beat Se ${se.toFixed(4)} (${twin.basis})`);
  return calibrationRow(spec, twin, runs * nCases);
}

const t0 = performance.now();
const rows: CalibrationRow[] = [];
// --only <row id>: run that row alone and replace it in the existing table (the others keep their stored figures).
const onlyArg = args.indexOf('--only');
const only = onlyArg >= 0 ? args[onlyArg + 1] : null;
if (only !== null && !CALIBRATION_ROWS.some((s) => s.id === only)) {
  console.error(`--only ${only ?? ''}: no such row; rows are ${CALIBRATION_ROWS.map((s) => s.id).join(', ')}`);
  process.exit(2);
}
const stored: CalibrationTable | null = only ? JSON.parse(readFileSync(join(outDir, 'calibration.json'), 'utf8')) : null;
for (const spec of CALIBRATION_ROWS) {
  const kept = stored?.rows.find((r) => r.id === spec.id);
  if (only && spec.id !== only) {
    if (!kept) throw new Error(`--only ${only}: ${join(outDir, 'calibration.json')} has no row '${spec.id}' to keep; run the full table`);
    rows.push(kept);
  } else rows.push(spec.cohort ? await numericsRow(spec) : qrsRow(spec));
}
const table: CalibrationTable = {
  format: 'wardtwin-calibration',
  version: 1,
  synthetic: true,
  notice: SIMULATION_NOTICE,
  generatedBy: 'npm run calibration',
  quick,
  seed: CALIBRATION_SEED,
  wallS: stored ? stored.wallS : (performance.now() - t0) / 1000,
  rows,
};
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'calibration.json'), `${JSON.stringify(table, null, 2)}\n`);
const mdPath = join(outDir, 'CALIBRATION.md');
let md: string;
try {
  md = readFileSync(mdPath, 'utf8');
} catch {
  md = `# Sim-to-real calibration (generated)\n\n${CALIBRATION_MARKERS.start}\n${CALIBRATION_MARKERS.end}\n`;
}
const a = md.indexOf(CALIBRATION_MARKERS.start);
const b = md.indexOf(CALIBRATION_MARKERS.end);
if (a < 0 || b < a) throw new Error(`${mdPath}: the markers ${CALIBRATION_MARKERS.start} … ${CALIBRATION_MARKERS.end} are missing; put them where the table goes`);
writeFileSync(mdPath, `${md.slice(0, a + CALIBRATION_MARKERS.start.length)}\n${renderCalibrationMarkdown(table)}\n${md.slice(b)}`);
console.log(`wrote ${join(outDir, 'calibration.json')} and ${mdPath} in ${table.wallS.toFixed(0)} s (${rows.filter((r) => r.verdict === 'pass').length}/${rows.length} rows pass)`);
