/** Read a cohort file from disk the way `wardtwin run` reads files: library paths inside scenarios/, else relative to the file. */
import { readFileSync } from 'node:fs';
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
