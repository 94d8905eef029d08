/** Read a cohort file from disk the way `wardtwin run` reads files: library paths inside scenarios/, else relative to the file. */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { loadCohort } from '../evaluation/cohort-plan';
import type { Cohort } from '../scenario/index';
import { SCENARIOS_DIR } from './library-fs';

export function loadCohortFile(file: string): Cohort {
  const abs = resolve(file);
  const libRel = relative(SCENARIOS_DIR, abs);
  const inLibrary = !libRel.startsWith('..');
  const base = inLibrary ? SCENARIOS_DIR : dirname(abs);
  const fileName = inLibrary ? libRel.split('\\').join('/') : basename(abs);
  return loadCohort(readFileSync(abs, 'utf8'), fileName, (p) => readFileSync(resolve(base, p), 'utf8'));
}

/**
 * Library cohorts (scenarios/cohorts/) whose stated outcomes include one of `targets`, with the number
 * of patients that would give about `minEpisodes` of them (stated incidence, +10 % for sampling):
 * what `wardtwin eval` names when a run had too few target episodes.
 */
export function cohortsFor(targets: readonly string[], minEpisodes: number): { file: string; n: number; label: string; incidence: number }[] {
  const dir = resolve(SCENARIOS_DIR, 'cohorts');
  const out: { file: string; n: number; label: string; incidence: number }[] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.yaml')).sort()) {
    let c: Cohort;
    try {
      c = loadCohortFile(resolve(dir, f));
    } catch {
      continue; // a broken library file is validate's business, not this hint's
    }
    const best = targets.map((t) => ({ label: t, incidence: c.outcomes[t]?.incidence ?? 0 })).sort((a, b) => b.incidence - a.incidence)[0];
    if (best && best.incidence > 0) out.push({ file: `scenarios/cohorts/${f}`, n: Math.ceil((minEpisodes / best.incidence) * 1.1), ...best });
  }
  return out;
}
