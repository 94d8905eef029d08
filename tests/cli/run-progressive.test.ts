/**
 * `wardtwin run --out` writes as it goes: a run killed with SIGKILL keeps what it finished — whole CSV
 * rows equal to an uninterrupted run's, whole event lines, an audit log whose records verify — and it is
 * marked incomplete (progress.json, no manifest.json). `audit verify` on the folder reports the
 * truncation, not a crash. Before, nothing was written until the end, so a killed run kept nothing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = resolve(ROOT, 'bin/wardtwin.mjs');
const SCENARIO = 'scenarios/af-rvr.yaml';
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'wardtwin-progressive-'));
  dirs.push(d);
  return d;
};

it('a run killed mid-way keeps the simulated minutes it finished, marked incomplete; audit verify says truncated', async () => {
  const out = tmp();
  const child = spawn(process.execPath, [BIN, 'run', SCENARIO, '--duration', '48h', '--seed', '3', '--out', out], { cwd: ROOT, stdio: 'ignore' });
  const progressOf = () => {
    try {
      return JSON.parse(readFileSync(join(out, 'progress.json'), 'utf8')) as { complete: boolean; simulatedS: number; durationS: number };
    } catch {
      return null;
    }
  };
  try {
    // Kill it once it has written a few simulated minutes (well before its 48 h).
    const deadline = Date.now() + 60_000;
    while ((progressOf()?.simulatedS ?? 0) < 240 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
  } finally {
    child.kill('SIGKILL');
  }
  const progress = progressOf();
  expect(progress).toMatchObject({ complete: false, durationS: 172_800 });
  expect(progress?.simulatedS).toBeGreaterThanOrEqual(240);
  expect(progress?.simulatedS).toBeLessThan(172_800);
  expect(readdirSync(out).sort()).toEqual(['audit.jsonl', 'events.partial.jsonl', 'numerics.csv', 'progress.json']);

  // numerics.csv: whole rows, one per simulated second, the same bytes an uninterrupted run writes.
  const csv = readFileSync(join(out, 'numerics.csv'), 'utf8');
  expect(csv.endsWith('\n')).toBe(true);
  const lines = csv.trimEnd().split('\n');
  expect(lines[0]).toBe('# WardTwin synthetic data — SIMULATION — NOT FOR CLINICAL USE');
  const rows = lines.slice(2);
  expect(rows.every((r) => r.split(',').length === lines[1].split(',').length)).toBe(true);
  expect(rows.map((r) => Number(r.split(',')[0]))).toEqual(rows.map((_, i) => i + 1));
  expect(rows.length).toBeGreaterThanOrEqual(progress?.simulatedS ?? Infinity);
  const full = tmp();
  const done = spawnSync(process.execPath, [BIN, 'run', SCENARIO, '--duration', '4m', '--seed', '3', '--out', full], { cwd: ROOT, encoding: 'utf8' });
  expect(done.status, done.stderr).toBe(0);
  expect(existsSync(join(full, 'progress.json')) || existsSync(join(full, 'events.partial.jsonl'))).toBe(false);
  expect(readFileSync(join(full, 'numerics.csv'), 'utf8').trimEnd().split('\n')).toEqual(lines.slice(0, 2 + 240));

  // Events: whole JSON lines (a provenance line first).
  const ev = readFileSync(join(out, 'events.partial.jsonl'), 'utf8');
  expect(ev.endsWith('\n')).toBe(true);
  const parsed = ev.trimEnd().split('\n').map((l) => JSON.parse(l) as { type?: string; provenance?: string });
  expect(parsed[0].provenance).toContain('NOT FOR CLINICAL USE');
  expect(parsed.slice(1).some((e) => e.type === 'scenario')).toBe(true);

  // The audit log: what was written verifies; the missing end is reported as truncation.
  const v = spawnSync(process.execPath, [BIN, 'audit', 'verify', out], { cwd: ROOT, encoding: 'utf8' });
  expect(v.status).toBe(1);
  expect(v.stderr).toBe('');
  expect(v.stdout).toMatch(
    new RegExp(`^${join(out, 'audit.jsonl').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: FAILED at line \\d+ \\(truncated\\): the run did not finish \\(.*progress\\.json: \\d+ s simulated of 172800 s; no manifest\\.json\\), so the log has no seal and no anchor\\. \\d+ record\\(s\\) written before the interruption verify, chain intact, head hash [0-9a-f]{64}\\.\\n$`),
  );
}, 180_000);
