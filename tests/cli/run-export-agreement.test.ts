/**
 * `wardtwin run --format wfdb,fhir,csv` writes every file from the ONE run it simulated: the FHIR vital
 * signs are the numerics.csv values at the same times, and numerics.csv and the WFDB signals are those of
 * one simulation — the same session run (file, seed, every waveform channel on) reproduces both sample
 * for sample. (Before the one driver, the WFDB/FHIR files came from a second simulation with waveforms on
 * while numerics.csv came from a run without them, and at that time enabling a channel changed how the
 * monitor derived numerics; since issue 19 it no longer does: devices/README.md.)
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { main } from '../../twin-engine/cli/main';
import { csvRow } from '../../twin-engine/cli/run';
import { CHANNEL_IDS } from '../../twin-engine/devices/index';
import { toAdc } from '../../twin-engine/export/wfdb';
import { signalSpec } from '../../twin-engine/export/wfdb-record';
import { openFileSession } from '../../twin-engine/node/open-source';

const quiet = { stdout: () => {}, stderr: () => {}, isTty: false };
const FILE = 'scenarios/af-rvr.yaml';
const SEED = 5;
const DURATION_S = 360;

it('numerics.csv, FHIR and WFDB of one run agree sample for sample', async () => {
  const out = mkdtempSync(join(tmpdir(), 'wt-run-export-'));
  expect(await main(['run', FILE, '--duration', '6m', '--seed', String(SEED), '--format', 'wfdb,fhir,csv', '--out', out], quiet)).toBe(0);
  const csv = readFileSync(join(out, 'numerics.csv'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  const header = csv[0].split(',');
  const rows = csv.slice(1).map((l) => l.split(','));
  expect(rows).toHaveLength(DURATION_S);
  const col = (name: string) => header.indexOf(name);

  // FHIR: every vital-sign value equals the numerics.csv value at its time (HR, RR, SpO2, temperature,
  // systolic/diastolic components of the BP panel).
  const bundle = JSON.parse(readFileSync(join(out, 'fhir-bundle.json'), 'utf8'));
  const t0 = Date.parse('2024-01-01T08:00:00Z');
  const codes: Record<string, string> = { '8867-4': 'hr_bpm', '9279-1': 'rr_bpm', '59408-5': 'spo2_pct', '8310-5': 'temp_c', '8480-6': 'sbp_mmhg', '8462-4': 'dbp_mmhg' };
  type Coded = { code: { coding: { code: string }[] }; valueQuantity?: { value: number } };
  const compared: string[] = [];
  const check = (o: Coded, t: number) => {
    const c = o.code.coding.map((x) => x.code).find((x) => x in codes);
    if (!c || !o.valueQuantity) return;
    const row = rows.find((r) => Number(r[0]) === t);
    expect(row, `numerics.csv row at t=${t}`).toBeDefined();
    const cell = (row as string[])[col(codes[c])];
    expect(cell, `${codes[c]} at t=${t} is in numerics.csv`).not.toBe('');
    expect(o.valueQuantity.value, `${codes[c]} at t=${t}`).toBe(Number(cell));
    compared.push(`${t} ${codes[c]}`);
  };
  for (const e of bundle.entry) {
    const o = e.resource;
    if (o.resourceType !== 'Observation') continue;
    const t = (Date.parse(o.effectiveDateTime) - t0) / 1000;
    check(o, t);
    for (const comp of o.component ?? []) check(comp, t);
  }
  // t = 1 s (the monitor has only temperature and the first NIBP yet) and t = 301 s (everything).
  expect(compared.sort()).toEqual(
    ['1 temp_c', '1 sbp_mmhg', '1 dbp_mmhg', '301 hr_bpm', '301 rr_bpm', '301 spo2_pct', '301 temp_c', '301 sbp_mmhg', '301 dbp_mmhg'].sort(),
  );

  // The same run, reproduced through a session with every waveform on: numerics.csv rows and the WFDB
  // ECG record are that run's, sample for sample.
  const { session, source } = openFileSession(FILE, SEED);
  const lines: string[] = [];
  const ecg: number[] = [];
  await session.load(source);
  session.numerics({ includeTruth: true }).subscribe((f) => lines.push(csvRow(f)));
  session.waveforms({ channels: [...CHANNEL_IDS] }).subscribe((c) => {
    if (c.channel === 'ecg_ii') for (const v of c.samples) ecg.push(v);
  });
  for (let t = 0; t < DURATION_S; t += 60) await session.step(60);
  await session.dispose();
  expect(csv.slice(1)).toEqual(lines);
  const bedId = rows[0][col('bed')].replace(/[^A-Za-z0-9_]/g, '_');
  const dat = readFileSync(join(out, 'wfdb', `${bedId}_ecg.dat`));
  const decoded = new Int16Array(dat.buffer, dat.byteOffset, dat.length / 2);
  expect(decoded.length).toBe(DURATION_S * 500);
  const expected = toAdc(Float32Array.from(ecg.slice(0, decoded.length)), signalSpec('ecg_ii', 16), 16);
  expect(Array.from(decoded)).toEqual(Array.from(expected));
}, 300_000);
