/** `wardtwin run`: the same ward and seed give byte-identical numerics.csv; two seeds differ. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { main } from '../../twin-engine/cli/main';

const quiet = { stdout: () => {}, stderr: () => {}, isTty: false };

async function run(seed: number): Promise<{ csv: string; truth: string }> {
  const out = mkdtempSync(join(tmpdir(), 'wt-run-'));
  expect(await main(['run', 'scenarios/wards/default.yaml', '--duration', '20m', '--seed', String(seed), '--out', out], quiet)).toBe(0);
  return { csv: readFileSync(join(out, 'numerics.csv'), 'utf8'), truth: readFileSync(join(out, 'truth.json'), 'utf8') };
}

it('same ward + seed → byte-identical numerics.csv; another seed → different', async () => {
  const a = await run(1);
  const b = await run(1);
  const c = await run(2);
  expect(a.csv).toBe(b.csv);
  expect(a.truth).toBe(b.truth);
  expect(c.csv).not.toBe(a.csv);
  const lines = a.csv.split('\n');
  expect(lines[0]).toBe('# WardTwin synthetic data — SIMULATION — NOT FOR CLINICAL USE');
  expect(lines[1]).toBe(
    't_s,bed,hr_bpm,sbp_mmhg,dbp_mmhg,map_mmhg,rr_bpm,spo2_pct,etco2_mmhg,temp_c,true_hr_bpm,true_sao2_pct,true_map_mmhg,true_co_l_min,true_blood_volume_ml,true_lactate_mmol_l,true_ph,true_pao2_mmhg,true_paco2_mmhg,true_rr_bpm,true_temp_c,true_rhythm',
  );
  expect(lines.length).toBe(2 + 8 * 20 * 60 + 1); // 8 beds × 1200 s, plus the trailing newline
});
