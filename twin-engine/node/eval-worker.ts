/**
 * Worker-thread side of parallel evaluation: samples the same cohort as the main thread (sampling
 * depends only on file, n and seed) and simulates the patients it is sent, one message per patient.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { simulatePatient } from '../evaluation/simulate';
import { sampleCohort } from '../scenario/index';
import type { ArtifactCondition } from '../evaluation/types';
import { loadCohortFile } from './eval-cohort';
import { resolveModuleRunner } from './eval-modules';
import { createNodeModuleHost } from './module-host';

export interface EvalWorkerData {
  cohortPath: string;
  n: number;
  seed: number;
  durationS: number;
  module: string;
}

export type EvalJob = { type: 'job'; index: number; condition: ArtifactCondition };

if (!parentPort) throw new Error('eval-worker must run in a worker thread');
const port = parentPort;
const wd = workerData as EvalWorkerData;
const cohort = loadCohortFile(wd.cohortPath);
const instances = sampleCohort(cohort, wd.n, wd.seed);
const runner = resolveModuleRunner(wd.module);

port.on('message', (m: EvalJob) => {
  simulatePatient(cohort, instances[m.index], { durationS: wd.durationS, condition: m.condition, runner, moduleHost: () => createNodeModuleHost() })
    .then((record) => port.postMessage({ type: 'record', record }))
    .catch((err: unknown) => port.postMessage({ type: 'error', message: `patient ${m.index + 1} (${m.condition}): ${err instanceof Error ? err.stack ?? err.message : String(err)}` }));
});
port.postMessage({ type: 'ready' });
