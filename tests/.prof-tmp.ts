import { resolve } from 'node:path';
import { SCENARIOS_DIR } from '../twin-engine/node/library-fs';
import { loadCohortFile } from '../twin-engine/node/eval-cohort';
import { sampleCohort } from '../twin-engine/scenario/index';
import { instancePlan } from '../twin-engine/evaluation/cohort-plan';
import { InProcessSession } from '../twin-engine/session/in-process';
import { createNodeModuleHost } from '../twin-engine/node/module-host';
const cohort = loadCohortFile(resolve(SCENARIOS_DIR, 'cohorts/sepsis-ward.yaml'));
const insts = sampleCohort(cohort, 4, 1);
async function run(mod: boolean, k: number) {
  const c0 = process.cpuUsage(); const t0 = performance.now();
  let tAttach = 0, nf = 0, cAttach = 0, tStep = 0;
  for (const inst of insts) {
    const s = new InProcessSession({ loadPlan: () => instancePlan(cohort, inst), moduleHost: mod ? createNodeModuleHost() : undefined, moduleBatchS: k });
    s.events().subscribe((e) => { if (e.type === 'finding') nf++; });
    await s.load({ kind: 'text', fileName: cohort.sourceFile, text: '' });
    const ta = performance.now(); const ca = process.cpuUsage();
    if (mod) await s.attachModule({ kind: 'builtin', id: 'shock-index' });
    tAttach += performance.now() - ta; const cc = process.cpuUsage(ca); cAttach += (cc.user + cc.system) / 1e3;
    const ts = performance.now();
    for (let t = 0; t < 4 * 3600; t += 1800) await s.step(1800);
    tStep += performance.now() - ts;
    await s.dispose();
  }
  const c = process.cpuUsage(c0); const w = (performance.now() - t0) / 1000;
  console.log(mod ? `module K=${k}` : 'none', 'wall', w.toFixed(2), 'cpu', ((c.user + c.system) / 1e6).toFixed(2), 'attach ms', tAttach.toFixed(0), 'attach cpu ms', cAttach.toFixed(0), 'step ms', tStep.toFixed(0), 'ph/s(wall)', (16 / w).toFixed(2), 'ph/cpu-s', (16 / ((c.user + c.system) / 1e6)).toFixed(2), 'findings', nf);
}
const args = process.argv.slice(2);
for (const a of args) await run(a !== 'none', Number(a === 'none' ? 1 : a));
console.log("post ms", (globalThis as any).__postMs, "posts", (globalThis as any).__posts);
