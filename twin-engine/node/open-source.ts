/**
 * Opening a scenario/ward file from disk for a headless session: library files keep their library
 * path (so references resolve inside the library), other files resolve references from their folder.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import type { InProcessSession } from '../session/in-process';
import type { LoadSource } from '../session/api';
import { SCENARIOS_DIR } from './library-fs';
import { createNodeSession } from './create-node-session';

export interface OpenedFile {
  session: InProcessSession;
  source: LoadSource;
}

export function openFileSession(file: string, seed?: number, auditKey?: Uint8Array | string): OpenedFile {
  const abs = resolve(file);
  const libRel = relative(SCENARIOS_DIR, abs);
  const inLibrary = !libRel.startsWith('..');
  const base = inLibrary ? SCENARIOS_DIR : dirname(abs);
  const session = createNodeSession({ readFile: (p) => readFileSync(resolve(base, p), 'utf8'), auditKey });
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (e) {
    throw new Error(`cannot read '${file}': ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  const fileName = inLibrary ? libRel.split('\\').join('/') : basename(abs);
  return { session, source: { kind: 'text', fileName, text, seed } };
}
