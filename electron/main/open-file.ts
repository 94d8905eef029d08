/**
 * Opening a ward, scenario or cohort file from the main process: the file's text plus the other YAML
 * files of its folder and the library's sibling folders it may reference (wards refer to
 * ../scenario.yaml), passed as `files` so the engine resolves references the same as in the browser.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import type { LoadSource } from '../../twin-engine/session/api';

const MAX_FILES = 200;

async function yamlFilesIn(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((f) => /\.ya?ml$/i.test(f)).map((f) => join(dir, f));
  } catch {
    return [];
  }
}

export async function loadSourceFromPath(path: string): Promise<LoadSource> {
  if (!(await stat(path)).isFile()) throw new Error(`${path} is not a file`);
  const text = await readFile(path, 'utf8');
  const dir = dirname(path);
  const parent = dirname(dir);
  const candidates = [...(await yamlFilesIn(dir)), ...(await yamlFilesIn(parent))].filter((p) => p !== path).slice(0, MAX_FILES);
  const files: Record<string, string> = {};
  for (const p of candidates) files[relative(dir, p).split('\\').join('/')] = await readFile(p, 'utf8');
  return { kind: 'text', fileName: basename(path), text, files };
}
