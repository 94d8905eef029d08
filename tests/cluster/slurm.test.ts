/**
 * End to end on a real single-node Slurm (Debian's slurm-wlm + munge), started here on localhost as
 * root in a temp dir: `wardtwin eval plan --slurm` → submit.sh → an sbatch array of 4 shards plus the
 * dependent merge job → merged metrics.json byte-identical to a one-machine run. Skipped, with the
 * reason printed, where Slurm is not installed, we are not root, or the daemons do not come up.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVAL_COMMAND } from '../../twin-engine/cli/eval';
import type { CliIo } from '../../twin-engine/cli/io';

const BINS = ['/usr/sbin/munged', '/usr/sbin/slurmctld', '/usr/sbin/slurmd', '/usr/bin/sbatch', '/usr/bin/sinfo', '/usr/bin/squeue'];
const missing = BINS.filter((b) => !existsSync(b));
let skipReason: string | null =
  missing.length ? `Slurm/munge not installed (${missing.join(', ')} missing; apt-get install -y slurm-wlm munge)` : process.getuid?.() !== 0 ? 'not root: the test starts slurmctld/slurmd/munged as root' : null;

const dir = mkdtempSync(join(tmpdir(), 'wardtwin-slurm-'));
const conf = join(dir, 'slurm.conf');
const env = { ...process.env, SLURM_CONF: conf };
const daemons: ChildProcess[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const logs = () =>
  ['slurmctld.log', 'slurmd.log', 'munged.log', ...(existsSync(join(dir, 'out', 'logs')) ? readdirSync(join(dir, 'out', 'logs')).map((f) => join('out', 'logs', f)) : [])]
    .filter((f) => existsSync(join(dir, f)))
    .map((f) => `--- ${f}\n${readFileSync(join(dir, f), 'utf8').split('\n').slice(-15).join('\n')}`)
    .join('\n');

async function startSlurm(): Promise<void> {
  const host = hostname().split('.')[0];
  const port = 20000 + Math.floor(Math.random() * 20000);
  for (const d of ['munge', 'state', 'spool']) mkdirSync(join(dir, d), { mode: 0o700 });
  writeFileSync(join(dir, 'munge', 'munge.key'), randomBytes(1024), { mode: 0o400 });
  chmodSync(join(dir, 'munge', 'munge.key'), 0o400);
  const sock = join(dir, 'munge', 'munge.sock');
  const spawnD = (bin: string, args: string[]) => {
    const p = spawn(bin, args, { env, stdio: 'ignore' });
    daemons.push(p);
    return p;
  };
  spawnD('/usr/sbin/munged', ['-F', '--force', `--key-file=${join(dir, 'munge', 'munge.key')}`, `--socket=${sock}`, `--pid-file=${join(dir, 'munge', 'munged.pid')}`, `--log-file=${join(dir, 'munged.log')}`, `--seed-file=${join(dir, 'munge', 'seed')}`]);
  for (let i = 0; i < 50 && !existsSync(sock); i++) await sleep(100);
  if (!existsSync(sock)) throw new Error('munged did not create its socket');
  writeFileSync(
    conf,
    [
      'ClusterName=wardtwin-test',
      `SlurmctldHost=${host}(127.0.0.1)`,
      'SlurmUser=root',
      'SlurmdUser=root',
      `SlurmctldPort=${port}`,
      `SlurmdPort=${port + 1}`,
      'AuthType=auth/munge',
      'CredType=cred/munge',
      `AuthInfo=socket=${sock}`,
      `StateSaveLocation=${join(dir, 'state')}`,
      `SlurmdSpoolDir=${join(dir, 'spool')}`,
      `SlurmctldPidFile=${join(dir, 'slurmctld.pid')}`,
      `SlurmdPidFile=${join(dir, 'slurmd.pid')}`,
      `SlurmctldLogFile=${join(dir, 'slurmctld.log')}`,
      `SlurmdLogFile=${join(dir, 'slurmd.log')}`,
      'ProctrackType=proctrack/linuxproc',
      'TaskPlugin=task/none',
      'JobAcctGatherType=jobacct_gather/none',
      'AccountingStorageType=accounting_storage/none',
      'SchedulerType=sched/backfill',
      'SelectType=select/cons_tres',
      'SelectTypeParameters=CR_Core',
      'MpiDefault=none',
      'ReturnToService=2',
      `NodeName=${host} NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN`,
      `PartitionName=wardtwin Nodes=${host} Default=YES MaxTime=INFINITE State=UP`,
      '',
    ].join('\n'),
  );
  spawnD('/usr/sbin/slurmctld', ['-D', '-i', '-f', conf]);
  spawnD('/usr/sbin/slurmd', ['-D', '-f', conf]);
  for (let i = 0; i < 60; i++) {
    await sleep(500);
    try {
      if (execFileSync('sinfo', ['-h', '-o', '%T'], { env, encoding: 'utf8' }).trim() === 'idle') return;
    } catch {
      // slurmctld not listening yet
    }
  }
  throw new Error(`the Slurm node did not become idle within 30 s\n${logs()}`);
}

beforeAll(async () => {
  if (skipReason) return;
  try {
    await startSlurm();
  } catch (e) {
    skipReason = `could not start Slurm on localhost: ${(e as Error).message}`;
  }
}, 60_000);

afterAll(async () => {
  try {
    if (!skipReason) execFileSync('scancel', ['--user=root'], { env, stdio: 'ignore' });
  } catch {
    // nothing queued
  }
  for (const p of daemons.reverse()) if (p.exitCode === null) p.kill('SIGTERM');
  await sleep(500);
  for (const p of daemons) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
});

const io = (): CliIo & { out: string[]; err: string[] } => {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (s) => out.push(s), stderr: (s) => err.push(s), isTty: false };
};

describe('Slurm job array', () => {
  it('runs 4 shards with sbatch --array=0-3, merges them in a dependent job, and matches a one-machine run byte for byte', async (ctx) => {
    if (skipReason) {
      console.log(`SKIPPED Slurm end-to-end test: ${skipReason}`);
      ctx.skip();
      return;
    }
    // Small and cheap: 8 patients × 30 min, clean condition, shock index, 1 worker per task.
    const run = ['--module', 'builtin:shock-index', '--cohort', 'scenarios/cohorts/sepsis-ward.yaml', '--n', '8', '--seed', '2', '--duration', '30m'];
    const extra = ['--artifacts', 'off', '--bootstrap', '200'];
    const out = join(dir, 'out');
    const plan = join(dir, 'plan');
    const c = io();
    await EVAL_COMMAND.run(['plan', ...run, `--eval-args=${extra.join(' ')}`, '--shards', '4', '--workers', '1', '--slurm', '--out', out, '--to', plan], c);
    expect(readFileSync(join(plan, 'eval-array.sbatch'), 'utf8')).toContain('#SBATCH --array=0-3\n');
    const submitted = execFileSync('bash', [join(plan, 'submit.sh')], { env, encoding: 'utf8' });
    expect(submitted).toMatch(/^array job \d+ \(4 tasks\), merge job \d+ -> /m);
    // The one-machine reference runs while Slurm works.
    await EVAL_COMMAND.run([...run, ...extra, '--workers', '1', '--out', join(dir, 'single')], io());
    const merged = join(out, 'merged', 'metrics.json');
    const deadline = Date.now() + 150_000;
    while (!existsSync(merged)) {
      const queued = execFileSync('squeue', ['-h', '-o', '%i %T'], { env, encoding: 'utf8' }).trim();
      if (!queued) await sleep(1000); // the merge may be writing its last file
      if (!queued && !existsSync(merged)) throw new Error(`the Slurm jobs ended without a merged result\n${logs()}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for Slurm; queue:\n${queued}\n${logs()}`);
      await sleep(1000);
    }
    expect(readdirSync(out).filter((n) => /^shard-\d{4}-of-0004$/.test(n)).sort()).toEqual(['shard-0001-of-0004', 'shard-0002-of-0004', 'shard-0003-of-0004', 'shard-0004-of-0004']);
    expect(readFileSync(merged, 'utf8')).toBe(readFileSync(join(dir, 'single', 'metrics.json'), 'utf8'));
    expect(JSON.parse(readFileSync(join(out, 'shard-0002-of-0004', 'metrics.json'), 'utf8')).shard).toBe('2/4');
  }, 240_000);
});
