/**
 * Issue 19, "a module cannot change the patient": the monitor derives its numerics one way whatever is
 * subscribed (devices/numerics.ts), so `wardtwin run` writes the same numerics.csv, truth.json and
 * events.json with no module, with a waveform module, with every reference module at once, and with a
 * waveform module that is quarantined mid-run.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { main } from '../../twin-engine/cli/main';

const quiet = { stdout: () => {}, stderr: () => {}, isTty: false };
const REFERENCE = ['news2', 'qsofa', 'sirs', 'shock-index', 'qrs-pan-tompkins', 'st-elevation', 'hypoxemia', 'apnea-capnography'];

interface Out {
  csv: string;
  truth: string;
  events: unknown[];
  dir: string;
}

async function run(modules: string[]): Promise<Out> {
  const out = mkdtempSync(join(tmpdir(), 'wt-run-mod-'));
  const args = ['run', 'scenarios/wards/default.yaml', '--duration', '10m', '--seed', '3', '--out', out];
  for (const m of modules) args.push('--module', m);
  expect(await main(args, quiet)).toBe(0);
  const events = JSON.parse(readFileSync(join(out, 'events.json'), 'utf8')) as unknown;
  return {
    csv: readFileSync(join(out, 'numerics.csv'), 'utf8'),
    truth: readFileSync(join(out, 'truth.json'), 'utf8'),
    events: engineEvents(events),
    dir: out,
  };
}

/** The run's engine events, without the module-status events a module's own life produces. */
function engineEvents(doc: unknown): unknown[] {
  const list = Array.isArray(doc) ? doc : ((doc as { events?: unknown[] }).events ?? []);
  return list.filter((e) => !JSON.stringify(e).includes('"module'));
}

/** Each attached module ran to the end (status running, compute time measured), so "identical" is not "it never ran". */
function expectRan(dir: string, ids: string[]): { findings: number } {
  const f = JSON.parse(readFileSync(join(dir, 'findings.json'), 'utf8')) as { modules: { moduleId: string; status: string; meanComputeMs: number }[]; findings: unknown[] };
  expect(f.modules.map((m) => m.moduleId).sort()).toEqual([...ids].sort());
  for (const m of f.modules) {
    expect(m.status, m.moduleId).toBe('running');
    expect(m.meanComputeMs, m.moduleId).toBeGreaterThan(0);
  }
  return { findings: f.findings.length };
}

let base: Out;
beforeAll(async () => {
  base = await run([]);
}, 300_000);

it('no module vs builtin:qrs-pan-tompkins (ECG subscriber): identical numerics, truth and events', async () => {
  const r = await run(['builtin:qrs-pan-tompkins']);
  expectRan(r.dir, ['qrs-pan-tompkins']);
  expect(r.csv.split('\n').length).toBe(2 + 8 * 600 + 1);
  expect(r.csv).toBe(base.csv);
  expect(r.truth).toBe(base.truth);
  expect(r.events).toEqual(base.events);
}, 300_000);

it('every reference module attached at once: identical numerics, truth and events', async () => {
  const r = await run(REFERENCE.map((m) => `builtin:${m}`));
  // …and between them they said something about the ward's patients
  expect(expectRan(r.dir, REFERENCE).findings).toBeGreaterThan(0);
  expect(r.csv).toBe(base.csv);
  expect(r.truth).toBe(base.truth);
  expect(r.events).toEqual(base.events);
}, 300_000);

it('a waveform module quarantined at 20 s leaves numerics identical', async () => {
  const r = await run(['tests/cli/fixtures/waveform-throws']);
  const findings = readFileSync(join(r.dir, 'findings.json'), 'utf8');
  expect(findings).toContain('boom at 20');
  expect(r.csv).toBe(base.csv);
  expect(r.truth).toBe(base.truth);
}, 300_000);
