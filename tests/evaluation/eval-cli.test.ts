/**
 * The evaluation CLI end to end on a small cohort (8 patients × 30 min, both artifact conditions):
 * metrics.json must not depend on the worker count, and merged shards must equal one run.
 */
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVAL_COMMAND } from '../../twin-engine/cli/eval';
import type { CliIo } from '../../twin-engine/cli/io';

const io = (): CliIo & { out: string[]; err: string[] } => {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (s) => out.push(s), stderr: (s) => err.push(s), isTty: false };
};
const base = ['--module', 'builtin:shock-index', '--cohort', 'scenarios/cohorts/sepsis-ward.yaml', '--n', '8', '--seed', '3', '--duration', '30m', '--bootstrap', '200'];
const tmp = mkdtempSync(join(tmpdir(), 'wardtwin-eval-'));
const run = async (args: string[]) => {
  const c = io();
  const code = await EVAL_COMMAND.run(args, c);
  if (code !== 0) throw new Error(c.err.join('\n'));
  return c;
};
const metrics = (dir: string) => readFileSync(join(tmp, dir, 'metrics.json'), 'utf8');

describe('wardtwin eval', () => {
  it('gives identical metrics.json for --workers 1 and --workers 2, and for merged shards', async () => {
    const first = await run([...base, '--workers', '1', '--out', join(tmp, 'w1')]);
    // 8 patients × 30 min of the sepsis ward hold no shock yet: the output says so before any figure.
    const lines = first.out.join('\n').split('\n');
    // Said before the workers start (issue 15: silent for ~25 s; --n 8 runs 16 without saying why).
    expect(first.err[0]).toBe(
      'Evaluating builtin:shock-index on scenarios/cohorts/sepsis-ward.yaml: 8 patient(s) × 2 artifact condition(s) (clean, artifacts) = 16 patient run(s) — each patient is run clean and with monitor artifacts for the robustness comparison; --artifacts off runs clean only. Starting workers…',
    );
    expect(lines.slice(0, 2)).toEqual([
      '!'.repeat(78),
      'TOO FEW TARGET EPISODES: 0 (minimum 20). The figures below are not evidence about this module. no shock/septic_shock episode occurred in 8 patients of 30 min: use a cohort whose outcomes list shock or septic_shock (scenarios/cohorts/README.md), or a longer --duration.',
    ]);
    expect(lines).toContain('  would suffice: --cohort scenarios/cohorts/postop-ward.yaml --n 44 (states shock in 50 % of patients)');
    await run([...base, '--workers', '2', '--out', join(tmp, 'w2')]);
    expect(metrics('w2')).toBe(metrics('w1'));
    await run([...base, '--workers', '1', '--shard', '1/2', '--out', join(tmp, 'sh')]);
    await run([...base, '--workers', '1', '--shard', '2/2', '--out', join(tmp, 'sh')]);
    expect(JSON.parse(metrics('sh/shard-0001-of-0002')).shard).toBe('1/2');
    await run(['merge', join(tmp, 'sh', 'shard-0001-of-0002'), join(tmp, 'sh', 'shard-0002-of-0002'), '--out', join(tmp, 'merged')]);
    expect(metrics('merged')).toBe(metrics('w1'));
    const m = JSON.parse(metrics('w1'));
    expect(m.synthetic).toBe(true);
    expect(m.provenance).toContain('SIMULATION — NOT FOR CLINICAL USE');
    expect(Object.keys(m.results)).toEqual(['clean', 'artifacts']);
    expect(m.results.clean.patients).toBe(8);
    expect(m.robustness.module.sensitivity).toBeDefined();
    const html = readFileSync(join(tmp, 'w1', 'report.html'), 'utf8');
    expect(html).toContain('SIMULATION — NOT FOR CLINICAL USE');
    expect(html).toContain('<svg');
    expect(html).toMatch(/<div class="toofew" role="alert">TOO FEW TARGET EPISODES: 0 \(minimum 20\)/);
    expect(html.indexOf('TOO FEW TARGET EPISODES')).toBeLessThan(html.indexOf('<h1>'));
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    expect(existsSync(join(tmp, 'w1', 'run.json'))).toBe(true);
  }, 120_000);

  it("a student's module folder gets its own model card in the report (issue 15: only built-in cards were looked up)", async () => {
    await run(['--module', 'modules/examples/spo2-rule-js', '--cohort', 'scenarios/cohorts/respiratory-ward.yaml', '--n', '1', '--seed', '3', '--duration', '10m', '--artifacts', 'off', '--workers', '1', '--out', join(tmp, 'student')]);
    const html = readFileSync(join(tmp, 'student', 'report.html'), 'utf8');
    expect(html).not.toContain('No model card');
    expect(html).toContain('<tr><th>Intended users</th><td>Medical students and instructors using WardTwin; module authors learning the contract.</td></tr>');
  }, 120_000);

  it('refuses incomplete or overlapping shard sets with a clear message', async () => {
    const c = io();
    const s1 = join(tmp, 'sh', 'shard-0001-of-0002');
    await expect(EVAL_COMMAND.run(['merge', s1, '--out', join(tmp, 'bad')], c)).rejects.toThrow(`shard 2 of 2 is missing (expected ${join(tmp, 'sh', 'shard-0002-of-0002')})`);
    await expect(EVAL_COMMAND.run(['merge', s1, s1, '--out', join(tmp, 'bad')], c)).rejects.toThrow(`shard 1 of 2 appears twice: ${s1} and ${s1}`);
    // Unsharded runs of overlapping patients are still caught patient by patient.
    await expect(EVAL_COMMAND.run(['merge', join(tmp, 'w1'), join(tmp, 'w2'), '--out', join(tmp, 'bad')], c)).rejects.toThrow(/patient 1 \(clean\) appears in both/);
  }, 60_000);

  it('rejects bad flags with usage errors', async () => {
    await expect(EVAL_COMMAND.run([...base, '--shard', '3/2', '--out', tmp], io())).rejects.toThrow(/--shard/);
    await expect(EVAL_COMMAND.run(['--cohort', 'x.yaml', '--out', tmp], io())).rejects.toThrow(/--module is required/);
    await expect(EVAL_COMMAND.run([...base, '--module', 'builtin:nope', '--out', tmp], io())).rejects.toThrow(/unknown built-in module/);
  });
});
