/** The scenario library read from a scenarios/ folder on disk (CLI, tests, Node hosts). */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { libraryFromFiles, type ScenarioLibrary } from '../core/library';

/** The repository's scenarios/ folder. */
export const SCENARIOS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../scenarios');

export function readLibraryFiles(dir = SCENARIOS_DIR): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.ya?ml$/.test(name)) files[relative(dir, full).split(sep).join('/')] = readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return files;
}

export function fsLibrary(dir = SCENARIOS_DIR): ScenarioLibrary {
  return libraryFromFiles(readLibraryFiles(dir));
}
