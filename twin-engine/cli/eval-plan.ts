/**
 * `wardtwin eval plan`: write ready-to-submit batch files for a sharded evaluation on the engines
 * universities and departments already run — a Slurm job array with the merge as a dependent job, or a
 * Kubernetes Indexed Job with a follow-up merge Job on a shared volume. Each task runs
 * `wardtwin eval … --resume`, which picks its shard from the engine's environment and, when a pre-empted
 * task is requeued, continues from the patients it already finished.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { SIMULATION_NOTICE } from '../session/api';
import { SEED_MAX, UsageError, intFlag, parseArgs, parseDurationS, type FlagSpec } from './args';
import type { CliIo } from './io';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export const PLAN_FLAGS: FlagSpec[] = [
  { name: 'module', value: '<builtin:id|path>', help: 'module to evaluate' },
  { name: 'cohort', value: '<file>', help: 'cohort file' },
  { name: 'n', value: '<patients>', help: 'patients to sample (default 500)' },
  { name: 'seed', value: '<n>', help: 'seed (default 1)' },
  { name: 'duration', value: '<time>', help: "simulated time per patient (default: the cohort's)" },
  { name: 'shards', value: '<n>', help: 'number of shards = array tasks / completions (required)' },
  { name: 'workers', value: '<n>', help: 'worker threads (and CPUs) per task (default 1)' },
  { name: 'eval-args', value: '<"…">', help: "extra `wardtwin eval` flags, e.g. '--artifacts off --bootstrap 200'" },
  { name: 'slurm', help: 'write an sbatch array script, a dependent merge script and submit.sh' },
  { name: 'k8s', help: 'write an Indexed Job manifest, a merge Job manifest and submit.sh (kubectl)' },
  { name: 'out', value: '<dir>', help: 'shared output folder the tasks write their shards to (Slurm: made absolute; k8s: path on the volume)' },
  { name: 'to', value: '<dir>', help: 'where to write the plan files' },
  { name: 'name', value: '<job>', help: 'job name (default wardtwin-eval)' },
  { name: 'partition', value: '<p>', help: 'Slurm partition (default: the cluster default)' },
  { name: 'time', value: '<hh:mm:ss>', help: 'Slurm time limit per task (default 04:00:00)' },
  { name: 'image', value: '<ref>', help: 'k8s: container image with WardTwin installed (npm ci) at --workdir (required for --k8s)' },
  { name: 'workdir', value: '<dir>', help: 'k8s: WardTwin inside the image (default /opt/wardtwin)' },
  { name: 'pvc', value: '<claim>', help: 'k8s: ReadWriteMany PersistentVolumeClaim mounted at /results (default wardtwin-results)' },
  { name: 'parallelism', value: '<p>', help: 'k8s: pods at once (default: all shards)' },
];

const q = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

export interface PlanFile {
  name: string;
  text: string;
  executable?: boolean;
}

export function planFiles(flags: Map<string, string | true>): PlanFile[] {
  for (const req of ['module', 'cohort', 'out']) if (typeof flags.get(req) !== 'string') throw new UsageError(`--${req} is required`);
  if (flags.has('slurm') === flags.has('k8s')) throw new UsageError('choose one engine: --slurm or --k8s');
  // The tasks run `wardtwin eval` with these values: refuse here what eval would refuse there, once per task.
  const shards = intFlag(flags, 'shards', 'required', 1, 100_000)!;
  const workers = intFlag(flags, 'workers', 1, 1, 256);
  const n = intFlag(flags, 'n', 500, 1, 1_000_000);
  if (shards > n) throw new UsageError(`--shards ${shards} is more than the --n ${n} patients: some shards would be empty`);
  const seed = intFlag(flags, 'seed', 1, 0, SEED_MAX);
  if (flags.has('duration')) parseDurationS(String(flags.get('duration')));
  const name = String(flags.get('name') ?? 'wardtwin-eval');
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name) || name.length > 52) throw new UsageError(`--name must be lower-case letters, digits and '-' (a Kubernetes name, at most 52 characters); got '${name}'`);
  const extra = typeof flags.get('eval-args') === 'string' ? String(flags.get('eval-args')).split(/\s+/).filter(Boolean) : [];
  const slurm = flags.has('slurm');
  const mod = String(flags.get('module'));
  // Slurm tasks share the submitting machine's filesystem: absolute paths. In a pod, paths are the image's.
  const path = (p: string) => (slurm ? resolve(p) : p);
  const evalArgs = [
    '--module', mod.startsWith('builtin:') || mod === 'none' ? mod : path(mod),
    '--cohort', path(String(flags.get('cohort'))),
    '--n', String(n),
    '--seed', String(seed),
    ...(flags.has('duration') ? ['--duration', String(flags.get('duration'))] : []),
    ...extra,
  ];
  const header = `# WardTwin sharded evaluation (${shards} shards). ${SIMULATION_NOTICE}\n# Written by: wardtwin eval plan. Every task runs with --resume, so a requeued task continues.\n`;
  if (slurm) {
    const out = resolve(String(flags.get('out')));
    const bin = join(REPO, 'bin', 'wardtwin.mjs');
    const time = String(flags.get('time') ?? '04:00:00');
    const part = flags.has('partition') ? `#SBATCH --partition=${flags.get('partition')}\n` : '';
    const array = `#!/bin/bash
#SBATCH --job-name=${name}
#SBATCH --array=0-${shards - 1}
#SBATCH --ntasks=1
#SBATCH --cpus-per-task=${workers}
#SBATCH --time=${time}
#SBATCH --requeue
#SBATCH --output=${out}/logs/eval-%A_%a.out
${part}${header}set -euo pipefail
cd ${q(REPO)}
# The shard (k of n) comes from SLURM_ARRAY_TASK_ID / SLURM_ARRAY_TASK_COUNT.
exec node ${q(bin)} eval ${evalArgs.map(q).join(' ')} --workers ${workers} --resume --out ${q(out)}
`;
    const merge = `#!/bin/bash
#SBATCH --job-name=${name}-merge
#SBATCH --ntasks=1
#SBATCH --cpus-per-task=1
#SBATCH --time=01:00:00
#SBATCH --output=${out}/logs/merge-%j.out
${part}${header}set -euo pipefail
cd ${q(REPO)}
exec node ${q(bin)} eval merge ${q(out)} --out ${q(join(out, 'merged'))}
`;
    const submit = `#!/bin/bash
${header}# Submits the array, then the merge as a job that starts only if every array task succeeded.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p ${q(join(out, 'logs'))}
array_id=$(sbatch --parsable "$here/eval-array.sbatch")
array_id=\${array_id%%;*}
merge_id=$(sbatch --parsable --dependency=afterok:"$array_id" --kill-on-invalid-dep=yes "$here/eval-merge.sbatch")
merge_id=\${merge_id%%;*}
echo "array job $array_id (${shards} tasks), merge job $merge_id -> ${join(out, 'merged')}"
`;
    return [
      { name: 'eval-array.sbatch', text: array },
      { name: 'eval-merge.sbatch', text: merge },
      { name: 'submit.sh', text: submit, executable: true },
    ];
  }
  if (typeof flags.get('image') !== 'string') throw new UsageError('--k8s needs --image <ref>: a container image with WardTwin installed (see docs/CLUSTER.md)');
  const image = String(flags.get('image'));
  const workdir = String(flags.get('workdir') ?? '/opt/wardtwin');
  const pvc = String(flags.get('pvc') ?? 'wardtwin-results');
  const parallelism = intFlag(flags, 'parallelism', shards, 1, 100_000);
  const out = `/results/${String(flags.get('out')).replace(/^\/+/, '').replace(/^results\//, '')}`;
  const labels = { 'app.kubernetes.io/name': 'wardtwin-eval', 'app.kubernetes.io/instance': name };
  const podSpec = (command: string[], cpu: number) => ({
    restartPolicy: 'OnFailure',
    containers: [
      {
        name: 'wardtwin',
        image,
        workingDir: workdir,
        command,
        env: [{ name: 'WARDTWIN_SHARDS', value: String(shards) }],
        resources: { requests: { cpu: String(cpu), memory: '1Gi' }, limits: { memory: '2Gi' } },
        volumeMounts: [{ name: 'results', mountPath: '/results' }],
      },
    ],
    volumes: [{ name: 'results', persistentVolumeClaim: { claimName: pvc } }],
  });
  const evalJob = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, labels },
    spec: {
      completionMode: 'Indexed',
      completions: shards,
      parallelism,
      backoffLimit: 3 * shards,
      template: {
        metadata: { labels },
        // The shard (k of n) comes from JOB_COMPLETION_INDEX and WARDTWIN_SHARDS.
        spec: podSpec(['node', 'bin/wardtwin.mjs', 'eval', ...evalArgs, '--workers', String(workers), '--resume', '--out', out], workers),
      },
    },
  };
  const mergeJob = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: `${name}-merge`, labels },
    spec: {
      completions: 1,
      backoffLimit: 2,
      template: { metadata: { labels }, spec: podSpec(['node', 'bin/wardtwin.mjs', 'eval', 'merge', out, '--out', `${out}/merged`], 1) },
    },
  };
  const submit = `#!/bin/bash
${header}# Kubernetes has no job dependencies: wait for the Indexed Job to complete, then start the merge Job.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
kubectl apply -f "$here/eval-job.yaml"
kubectl wait --for=condition=complete --timeout=168h job/${name}
kubectl apply -f "$here/merge-job.yaml"
kubectl wait --for=condition=complete --timeout=2h job/${name}-merge
echo "merged results: ${out}/merged on PersistentVolumeClaim ${pvc}"
`;
  return [
    { name: 'eval-job.yaml', text: header + stringify(evalJob, { aliasDuplicateObjects: false }) },
    { name: 'merge-job.yaml', text: header + stringify(mergeJob, { aliasDuplicateObjects: false }) },
    { name: 'submit.sh', text: submit, executable: true },
  ];
}

export async function runEvalPlan(argv: string[], io: CliIo): Promise<number> {
  const { positionals, flags } = parseArgs(argv, PLAN_FLAGS);
  if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const files = planFiles(flags);
  if (typeof flags.get('to') !== 'string') throw new UsageError('--to <dir> is required: where to write the plan files');
  const to = String(flags.get('to'));
  mkdirSync(to, { recursive: true });
  for (const f of files) {
    writeFileSync(join(to, f.name), f.text);
    if (f.executable) chmodSync(join(to, f.name), 0o755);
  }
  io.stdout(`Wrote ${files.map((f) => f.name).join(', ')} to ${to}. Submit with: bash ${join(to, 'submit.sh')}`);
  return 0;
}
