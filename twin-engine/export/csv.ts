/** CSV export of 1 Hz numerics beside the hidden truth; the first line is the synthetic-data marker. */
import type { MonitorNumerics } from '../devices/index';
import { SIMULATION_NOTICE, type TruthSummary } from '../session/api';

export const CSV_MARKER = `# WardTwin synthetic data — ${SIMULATION_NOTICE}`;

const COLS: [string, (m: MonitorNumerics, t: TruthSummary | undefined) => number | string | null | undefined, number][] = [
  ['hr_bpm', (m) => m.hrBpm, 1],
  ['spo2_pct', (m) => m.spo2Pct, 1],
  ['rr_bpm', (m) => m.rrBpm, 1],
  ['etco2_mmhg', (m) => m.etco2MmHg, 1],
  ['sbp_mmhg', (m) => m.artSysMmHg ?? m.nibpSysMmHg, 1],
  ['dbp_mmhg', (m) => m.artDiaMmHg ?? m.nibpDiaMmHg, 1],
  ['map_mmhg', (m) => m.artMeanMmHg ?? m.nibpMeanMmHg, 1],
  ['temp_c', (m) => m.tempC, 2],
  ['true_hr_bpm', (_m, t) => t?.hrBpm, 1],
  ['true_sao2_pct', (_m, t) => t?.sao2Pct, 2],
  ['true_map_mmhg', (_m, t) => t?.mapMmHg, 2],
  ['true_rr_bpm', (_m, t) => t?.rrBpm, 1],
  ['true_lactate_mmol_l', (_m, t) => t?.lactateMmolL, 3],
  ['true_temp_c', (_m, t) => t?.coreTempC, 2],
  ['true_rhythm', (_m, t) => t?.rhythm, 0],
];

export function numericsCsv(rows: readonly { bedId: string; simTimeS: number; measured: MonitorNumerics; truth?: TruthSummary }[]): string {
  const out = [CSV_MARKER, ['t_s', 'bed', ...COLS.map((c) => c[0])].join(',')];
  for (const r of rows) {
    const cells = COLS.map(([, f, d]) => {
      const v = f(r.measured, r.truth);
      return v === null || v === undefined ? '' : typeof v === 'number' ? (Number.isFinite(v) ? v.toFixed(d) : '') : v;
    });
    out.push([String(Math.round(r.simTimeS)), r.bedId, ...cells].join(','));
  }
  return `${out.join('\n')}\n`;
}
