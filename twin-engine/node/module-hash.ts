/**
 * A module's identity for evaluation results: SHA-256 over a canonical listing of every file the module
 * host loads (manifest, code or model, model card), one line per file "<sha256 of file>  <relative path>",
 * sorted by path. Built-in and folder modules are hashed the same way, so merged shards can be checked to
 * come from one version of a student's module, byte for byte.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { loadModuleBundle, MODULES_DIR } from './module-host';

export function hashModuleFiles(files: Record<string, Uint8Array>): string {
  const listing = Object.keys(files)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((p) => `${createHash('sha256').update(files[p]).digest('hex')}  ${p}\n`)
    .join('');
  return `sha256:${createHash('sha256').update(listing).digest('hex')}`;
}

/** `builtin:<id>`, a module folder or its manifest → content hash; `none` (monitor only) → null. */
export function moduleContentHash(spec: string): string | null {
  if (spec === 'none') return null;
  const dir = spec.startsWith('builtin:') ? resolve(MODULES_DIR, spec.slice('builtin:'.length)) : resolve(spec);
  return hashModuleFiles(loadModuleBundle(dir).files);
}
