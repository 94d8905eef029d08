/**
 * Sharded and resumable evaluation: the shard a task runs comes from Slurm's or Kubernetes' environment,
 * a SIGKILLed run resumes to byte-identical metrics, merge refuses incomplete/duplicated/mismatched
 * shard sets with exact messages, modules are identified by content hash, and the Kubernetes plan is a
 * valid batch/v1 Job by the Kubernetes API schema (kubernetes-models).
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { parseAllDocuments } from 'yaml';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { describe, expect, it } from 'vitest';
import { EVAL_COMMAND, resolveShard } from '../../twin-engine/cli/eval';
import { planFiles } from '../../twin-engine/cli/eval-plan';
import { parseArgs } from '../../twin-engine/cli/args';
import { PLAN_FLAGS } from '../../twin-engine/cli/eval-plan';
import type { CliIo } from '../../twin-engine/cli/io';
import { hashModuleFiles, moduleContentHash } from '../../twin-engine/node/module-hash';

const io = (): CliIo & { out: string[]; err: string[] } => {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (s) => out.push(s), stderr: (s) => err.push(s), isTty: false };
};
const tmp = mkdtempSync(join(tmpdir(), 'wardtwin-shards-'));
const run = async (args: string[]) => {
  const c = io();
  const code = await EVAL_COMMAND.run(args, c);
  if (code !== 0) throw new Error(c.err.join('\n'));
  return c;
};
// Cheap but real: 4 patients × 20 min, clean condition only.
const base = ['--module', 'builtin:shock-index', '--cohort', 'scenarios/cohorts/sepsis-ward.yaml', '--n', '4', '--seed', '5', '--duration', '20m', '--artifacts', 'off', '--bootstrap', '100', '--workers', '1'];

describe('shard from the batch engine', () => {
  it('reads Slurm array and Kubernetes Indexed Job variables', () => {
    expect(resolveShard(undefined, undefined, { SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_COUNT: '4' }).shard).toEqual({ k: 3, of: 4 });
    expect(resolveShard(undefined, undefined, { SLURM_ARRAY_TASK_ID: '11', SLURM_ARRAY_TASK_MIN: '10', SLURM_ARRAY_TASK_MAX: '13' }).shard).toEqual({ k: 2, of: 4 });
    expect(resolveShard(undefined, undefined, { JOB_COMPLETION_INDEX: '0', WARDTWIN_SHARDS: '50' }).shard).toEqual({ k: 1, of: 50 });
    expect(resolveShard(undefined, '8', { JOB_COMPLETION_INDEX: '7' }).shard).toEqual({ k: 8, of: 8 });
    expect(resolveShard('2/3', undefined, { SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '4' }).shard).toEqual({ k: 2, of: 3 });
    expect(resolveShard(undefined, undefined, {}).shard).toBeNull();
    expect(() => resolveShard(undefined, undefined, { JOB_COMPLETION_INDEX: '3' })).toThrow(
      'JOB_COMPLETION_INDEX is set (Kubernetes Indexed Job) but the number of completions is not: pass --shards N or set WARDTWIN_SHARDS',
    );
    expect(() => resolveShard(undefined, '5', { SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '4' })).toThrow('--shards 5 disagrees with the Slurm job array of 4 tasks');
    expect(() => resolveShard(undefined, '4', {})).toThrow('--shards N needs a shard index');
  });
});

describe('module identity', () => {
  it('hashes a canonical listing of relative path + file SHA-256', () => {
    // sha256("ca97…48bb  a.txt\n3e23…009d  sub/b.txt\n"), computed independently with Python's hashlib.
    const enc = new TextEncoder();
    expect(hashModuleFiles({ 'sub/b.txt': enc.encode('b'), 'a.txt': enc.encode('a') })).toBe('sha256:bc3ab2631afcb90f5a60ffac01cb1df191d417c8d0fb898a7772afc91c630a4f');
  });
  it('gives a folder copy of a built-in module the same hash, and an edited copy a different one', () => {
    const dir = join(tmp, 'si-copy');
    cpSync('modules/shock-index', dir, { recursive: true });
    expect(moduleContentHash(dir)).toBe(moduleContentHash('builtin:shock-index'));
    appendFileSync(join(dir, 'model-card.yaml'), '\n# edited\n');
    expect(moduleContentHash(dir)).not.toBe(moduleContentHash('builtin:shock-index'));
  });
});

describe('merge of a shared shard folder', () => {
  const folder = join(tmp, 'shards');
  const readGz = (d: string) => JSON.parse(gunzipSync(readFileSync(join(d, 'records.json.gz'))).toString('utf8'));
  it('merges 4 shards written by Slurm-style env into byte-identical metrics, and refuses bad sets by name', async () => {
    await run([...base, '--out', join(tmp, 'one')]);
    const one = readFileSync(join(tmp, 'one', 'metrics.json'), 'utf8');
    expect(JSON.parse(one).config.moduleHash).toBe(moduleContentHash('builtin:shock-index'));
    expect(JSON.parse(one).config.wardtwin).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
    const saved = { ...process.env };
    try {
      for (let t = 0; t < 4; t++) {
        Object.assign(process.env, { SLURM_ARRAY_TASK_ID: String(t), SLURM_ARRAY_TASK_COUNT: '4' });
        await run([...base, '--out', folder]);
      }
    } finally {
      delete process.env.SLURM_ARRAY_TASK_ID;
      delete process.env.SLURM_ARRAY_TASK_COUNT;
      Object.assign(process.env, saved);
    }
    expect(existsSync(join(folder, 'shard-0003-of-0004', 'records.json.gz'))).toBe(true);
    expect(existsSync(join(folder, 'shard-0003-of-0004.progress.jsonl'))).toBe(false);
    await run(['merge', folder, '--out', join(tmp, 'merged')]);
    expect(readFileSync(join(tmp, 'merged', 'metrics.json'), 'utf8')).toBe(one);

    // Missing: a folder without shard 3.
    const gap = join(tmp, 'gap');
    cpSync(folder, gap, { recursive: true });
    rmSync(join(gap, 'shard-0003-of-0004'), { recursive: true });
    await expect(EVAL_COMMAND.run(['merge', gap, '--out', join(tmp, 'bad')], io())).rejects.toThrow(`shard 3 of 4 is missing (expected ${join(gap, 'shard-0003-of-0004')})`);
    // Duplicated: the folder plus one of its shards again.
    const s2 = join(folder, 'shard-0002-of-0004');
    const copy2 = join(tmp, 'copy-of-2');
    cpSync(s2, copy2, { recursive: true });
    await expect(EVAL_COMMAND.run(['merge', folder, copy2, '--out', join(tmp, 'bad')], io())).rejects.toThrow(`shard 2 of 4 appears twice: ${s2} and ${copy2}`);
    // Mismatched: shard 4 from an edited module (different content hash), or another WardTwin version, or another seed.
    const mism = join(tmp, 'mism');
    const tamper = (edit: (rf: { config: Record<string, unknown> }) => void) => {
      rmSync(mism, { recursive: true, force: true });
      cpSync(folder, mism, { recursive: true });
      const rf = readGz(join(mism, 'shard-0004-of-0004'));
      edit(rf);
      writeFileSync(join(mism, 'shard-0004-of-0004', 'records.json.gz'), gzipSync(JSON.stringify(rf)));
    };
    const hash = moduleContentHash('builtin:shock-index');
    tamper((rf) => (rf.config.moduleHash = 'sha256:0000'));
    await expect(EVAL_COMMAND.run(['merge', mism, '--out', join(tmp, 'bad')], io())).rejects.toThrow(
      `shard 4 of 4 (${join(mism, 'shard-0004-of-0004')}) was run with a different module hash than shard 1 of 4 (${join(mism, 'shard-0001-of-0004')}): "sha256:0000" vs "${hash}"`,
    );
    tamper((rf) => (rf.config.wardtwin = '0.0.9'));
    await expect(EVAL_COMMAND.run(['merge', mism, '--out', join(tmp, 'bad')], io())).rejects.toThrow(/shard 4 of 4 \(.*\) was run with a different WardTwin version than shard 1 of 4 \(.*\): "0.0.9" vs "/);
    tamper((rf) => (rf.config.seed = 6));
    await expect(EVAL_COMMAND.run(['merge', mism, '--out', join(tmp, 'bad')], io())).rejects.toThrow(/shard 4 of 4 \(.*\) was run with a different seed than shard 1 of 4 \(.*\): 6 vs 5$/);
  }, 240_000);
});

describe('resume after a kill', () => {
  it('keeps finished patients across SIGKILL and resumes to byte-identical metrics.json', async () => {
    const args = [...base, '--n', '6', '--out', join(tmp, 'killed')];
    const progress = join(tmp, 'killed', 'progress.jsonl');
    const child = spawn(process.execPath, ['bin/wardtwin.mjs', 'eval', ...args], { stdio: 'ignore' });
    // Kill once at least two patients are on disk (header + 2 lines).
    await new Promise<void>((res, rej) => {
      const t = setInterval(() => {
        const n = existsSync(progress) ? readFileSync(progress, 'utf8').split('\n').filter(Boolean).length : 0;
        if (n >= 3) {
          clearInterval(t);
          child.kill('SIGKILL');
          res();
        }
      }, 100);
      child.on('exit', () => {
        clearInterval(t);
        rej(new Error('the evaluation finished before it could be killed'));
      });
    });
    await new Promise((r) => child.once('exit', r));
    expect(existsSync(join(tmp, 'killed', 'metrics.json'))).toBe(false);
    const kept = readFileSync(progress, 'utf8').split('\n').filter(Boolean).length - 1;
    expect(kept).toBeGreaterThanOrEqual(2);
    expect(kept).toBeLessThan(6);
    // A write torn by the kill: half a line at the end is dropped, not trusted.
    appendFileSync(progress, '7d3f0c {"index":5,"cond');
    await expect(EVAL_COMMAND.run(args, io())).rejects.toThrow(`an interrupted run left its progress in ${progress}; add --resume to continue it, or delete that file to start over`);
    await expect(EVAL_COMMAND.run([...args, '--seed', '9', '--resume'], io())).rejects.toThrow(
      `cannot --resume ${progress}: it was started with a different configuration (config.seed, config.scoring differ); rerun with the original flags, or delete the file to start over`,
    );
    const c = await run([...args, '--resume']);
    expect(c.err.join('\n')).toContain(`Resuming: ${kept} patient run(s) already done in ${progress}`);
    expect(existsSync(progress)).toBe(false);
    // Only the patients not on disk were simulated again: 6 − kept runs of 20 min (artifacts off: one condition).
    const resumed = JSON.parse(readFileSync(join(tmp, 'killed', 'run.json'), 'utf8')) as { resumedPatientRuns: number; patientHoursSimulated: number };
    expect(resumed.resumedPatientRuns).toBe(kept);
    expect(resumed.patientHoursSimulated).toBeCloseTo(((6 - kept) * 20) / 60, 9);
    await run([...base, '--n', '6', '--out', join(tmp, 'straight')]);
    expect(readFileSync(join(tmp, 'killed', 'metrics.json'), 'utf8')).toBe(readFileSync(join(tmp, 'straight', 'metrics.json'), 'utf8'));
  }, 240_000);
});

describe('wardtwin eval plan', () => {
  const plan = (argv: string[]) => planFiles(parseArgs(argv, PLAN_FLAGS).flags);
  const common = ['--module', 'builtin:news2', '--cohort', 'scenarios/cohorts/sepsis-ward.yaml', '--n', '1000', '--shards', '50', '--out', 'eval/news2'];
  it('writes Kubernetes Jobs that validate against the batch/v1 Job API schema', () => {
    const files = plan([...common, '--k8s', '--image', 'registry.example.edu/wardtwin:0.1.0']);
    const jobs = files.filter((f) => f.name.endsWith('.yaml')).map((f) => parseAllDocuments(f.text).map((d) => d.toJSON()));
    const [evalJob] = jobs[0];
    const [mergeJob] = jobs[1];
    for (const j of [evalJob, mergeJob]) expect(() => new Job(j).validate()).not.toThrow();
    expect(evalJob.spec).toMatchObject({ completionMode: 'Indexed', completions: 50, parallelism: 50 });
    const c = evalJob.spec.template.spec.containers[0];
    expect(c.command).toEqual(['node', 'bin/wardtwin.mjs', 'eval', '--module', 'builtin:news2', '--cohort', 'scenarios/cohorts/sepsis-ward.yaml', '--n', '1000', '--seed', '1', '--workers', '1', '--resume', '--out', '/results/eval/news2']);
    expect(c.env).toEqual([{ name: 'WARDTWIN_SHARDS', value: '50' }]);
    expect(mergeJob.spec.template.spec.containers[0].command).toEqual(['node', 'bin/wardtwin.mjs', 'eval', 'merge', '/results/eval/news2', '--out', '/results/eval/news2/merged']);
    // The validator is real: a wrong type is caught.
    expect(() => new Job({ ...evalJob, spec: { ...evalJob.spec, completions: 'fifty' } }).validate()).toThrow();
  });
  it('writes a Slurm array with the merge as a dependent job', () => {
    const files = plan([...common, '--slurm', '--workers', '2']);
    const arr = files.find((f) => f.name === 'eval-array.sbatch')!.text;
    expect(arr).toContain('#SBATCH --array=0-49\n');
    expect(arr).toContain('#SBATCH --cpus-per-task=2\n');
    expect(arr).toMatch(/--workers 2 --resume --out \/\S+\/eval\/news2\n/);
    expect(files.find((f) => f.name === 'submit.sh')!.text).toContain('--dependency=afterok:"$array_id"');
    expect(() => plan([...common])).toThrow('choose one engine: --slurm or --k8s');
    expect(() => plan([...common, '--k8s'])).toThrow('--k8s needs --image <ref>');
  });
  it('refuses at planning time what every task would refuse later, with the same message as eval', () => {
    const slurm = [...common, '--slurm'];
    expect(() => plan([...slurm, '--seed', 'x'])).toThrow("--seed must be an integer from 0 to 4294967295; got 'x'");
    expect(() => plan([...slurm, '--seed', '-1'])).toThrow("--seed must be an integer from 0 to 4294967295; got '-1'");
    expect(() => plan([...slurm, '--duration', '3 hours'])).toThrow("expected a duration like '2h', '30m' or '90s'; found '3 hours'");
    expect(() => plan([...slurm, '--workers', '0'])).toThrow("--workers must be an integer from 1 to 256; got '0'");
    expect(() => plan(['--module', 'builtin:news2', '--cohort', 'scenarios/cohorts/sepsis-ward.yaml', '--n', '20', '--shards', '50', '--out', 'eval/news2', '--slurm'])).toThrow('--shards 50 is more than the --n 20 patients: some shards would be empty');
  });
});
