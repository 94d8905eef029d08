/**
 * Scenario parameters (`$name`) in condition params, and scenario actions that fail at run time: through
 * the real `wardtwin` process, so the exit codes and messages are what a user sees (issue 13 item 6).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bindScenario, parseScenario } from '../../twin-engine/scenario';

const ROOT = resolve(import.meta.dirname, '../..');
const FIX = resolve(import.meta.dirname, 'fixtures');
const run = (...args: string[]) => spawnSync(process.execPath, [resolve(ROOT, 'bin/wardtwin.mjs'), ...args], { cwd: ROOT, encoding: 'utf8' });

const HEAD = `kind: scenario
id: p
title: Parameters
level: intermediate
author: test
objectives: [Test.]
duration: 10 min
`;

function tmpScenario(body: string): string {
  const f = join(mkdtempSync(join(tmpdir(), 'wt-params-')), 'p.yaml');
  writeFileSync(f, HEAD + body);
  return f;
}

describe('$param in condition params (issue 13 item 6)', () => {
  it('binds, converts to the unit the key ends in, and re-binds for cohorts', () => {
    const r = parseScenario(readFileSync(resolve(FIX, 'bleed-param.yaml'), 'utf8'), 'bleed-param.yaml');
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    const start = r.value.timeline[0].action;
    // default 120 mL/min; volume rates are held in mL/h, the key in mL/min
    expect(start.type === 'start_condition' && start.value.params?.rateMlPerMin).toBe(120);
    const b = bindScenario(r.value, { rate: 12000 }); // 200 mL/min in mL/h
    const s2 = b.timeline[0].action;
    expect(s2.type === 'start_condition' && s2.value.params?.rateMlPerMin).toBe(200);
  });

  it('wardtwin run bleeds at the parameter rate and exits 0', () => {
    const out = mkdtempSync(join(tmpdir(), 'wt-params-run-'));
    const r = run('run', resolve(FIX, 'bleed-param.yaml'), '--duration', '3m', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const rows = readFileSync(join(out, 'numerics.csv'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    const col = rows[0].split(',').indexOf('true_blood_volume_ml');
    const vol = (t: number) => Number(rows.find((l) => l.startsWith(`${t},`))!.split(',')[col]);
    // Severity 0.5 ramps the 120 mL/min bleed in; over the 2 min after onset it must lose well over
    // what refill returns (a patient who "never bleeds" loses ~0).
    expect(vol(60) - vol(179)).toBeGreaterThan(100);
  });

  it('validate refuses a parameter of the wrong kind at file:line:column', () => {
    const f = tmpScenario(`parameters:
  wait: { default: 5 min }
timeline:
  - at: 1 min
    action:
      start_condition: { id: bleed, kind: hemorrhage, severity: 0.5, params: { rateMlPerMin: $wait } }
`);
    const r = run('validate', f);
    expect(r.status).toBe(1);
    expect(r.stderr + r.stdout).toContain(
      `${f}:13:94: timeline[0].action.start_condition.params.rateMlPerMin: expected rateMlPerMin as a volume rate, found parameter '$wait' which is a duration`,
    );
  });

  it('validate refuses a parameter where parameters cannot go', () => {
    const f = tmpScenario(`parameters:
  vt: { default: 500 mL }
timeline:
  - at: 1 min
    action:
      intervention: { kind: fluid_bolus, volume: $vt, rate: 1000 mL/h }
`);
    const r = run('validate', f);
    expect(r.status).toBe(1);
    expect(r.stderr + r.stdout).toContain(`${f}:13:50: timeline[0].action.intervention.volume: expected a volume written out, found parameter '$vt': parameters cannot be used here`);
  });
});

describe('$param in more places (issue 13 item 6)', () => {
  it('a declared parameter written as a whole text (a note) is refused, not shown as the literal "$name"', () => {
    const f = tmpScenario(`parameters:
  wait: { default: 5 min }
timeline:
  - at: 1 min
    action: { note: $wait }
`);
    const r = run('validate', f);
    expect(r.status).toBe(1);
    expect(r.stderr + r.stdout).toContain(`${f}:12:21: timeline[0].action.note: expected text written out, found parameter '$wait': parameters are numbers and cannot be used in text`);
  });

  it('change_condition of a running arrhythmia with a parameter rate alone (its rhythm kept) runs, exit 0, and the rate follows', () => {
    const f = tmpScenario(`parameters:
  rate: { default: 130 /min, min: 40 /min, max: 200 /min }
timeline:
  - at: 30 s
    action:
      start_condition: { id: af, kind: arrhythmia, severity: 1, params: { rhythm: atrial_fibrillation, rateBpm: 90 /min } }
  - at: 2 min
    action:
      change_condition: { id: af, params: { rateBpm: $rate } }
`);
    expect(run('validate', f).status).toBe(0);
    const out = mkdtempSync(join(tmpdir(), 'wt-params-af-'));
    const r = run('run', f, '--duration', '4m', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const rows = readFileSync(join(out, 'numerics.csv'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    const col = rows[0].split(',').indexOf('true_hr_bpm');
    const hr = (t: number) => Number(rows.find((l) => l.startsWith(`${t},`))!.split(',')[col]);
    expect(hr(110)).toBeLessThan(100);
    expect(hr(230)).toBeGreaterThan(120);
  });
});

describe('an action that fails at run time fails the run', () => {
  it('exit 1 naming the scenario, the action and the time; the files are still written', () => {
    const out = mkdtempSync(join(tmpdir(), 'wt-params-fail-'));
    const r = run('run', resolve(FIX, 'change-stopped.yaml'), '--duration', '4m', '--out', out);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("wardtwin run: scenario 'change-stopped' (bed bed-1) at 0:03:00: Cannot change condition 'bleed' (timeline[2].action): it is not running\n");
    expect(readFileSync(join(out, 'events.json'), 'utf8')).toContain('it is not running');
  });

  it('an intervention valid in the file that the patient cannot take (a ventilator without a tube) fails the run with its place', () => {
    const f = tmpScenario(`triggers:
  - id: tired
    when: truth.timeS > 30
    then:
      - note: Ventilate
      - intervention: { kind: oxygen, device: ventilator, ventilator: { tidal_volume: 500 mL, rate: 14 /min, peep: 5 cmH2O, fio2: 0.5 FiO2 } }
`);
    expect(run('validate', f).status).toBe(0);
    const r = run('run', f, '--duration', '2m');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      "wardtwin run: scenario 'p' (bed bed-1) at 0:00:30: intervention (triggers[0].then[1], trigger 'tired') failed: applyIntervention(oxygen): device 'ventilator' requires an intubated patient (apply 'intubation' first)\n",
    );
  });
});
