import { runEvaluation } from '../twin-engine/node/eval-run';
const mod = process.argv[2] ?? 'builtin:news2';
const label = process.argv[3] ?? 'sepsis';
const r = await runEvaluation({ module: mod, cohortPath: '/work/wt/confound/scenarios/cohorts/sepsis-ward.yaml', n: 20, seed: 1, workers: 2, conditions: ['clean'], scoring: { bootstrapB: 0 } });
for (const rec of r.records as any[]) {
  const sc = (rec.moduleScores ?? []).map((p: any) => p.value);
  const eps = rec.episodes.filter((e: any) => ['sepsis','septic_shock','shock','respiratory_failure'].includes(e.label)).map((e: any) => `${e.label}@${Math.round(e.onsetS/60)}`);
  const first = rec.episodes.filter((e: any) => e.label === label).map((e: any) => e.onsetS)[0];
  const pre = first === undefined ? sc : (rec.moduleScores ?? []).filter((p: any) => p.tS < first - 1800).map((p: any) => p.value);
  const hist = (xs: number[]) => { const h: Record<string, number> = {}; for (const x of xs) h[x] = (h[x] ?? 0) + 1; return JSON.stringify(h); };
  console.log(rec.id, rec.deteriorates ? 'D' : 'S', JSON.stringify(rec.profile.comorbidities), eps.join(' '), '| neg-ish', hist(pre), '| all', hist(sc));
}
