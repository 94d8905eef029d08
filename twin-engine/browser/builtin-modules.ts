/**
 * The reference modules (modules/*) bundled into the browser host at build time, as text files, and
 * a TypeScript → CommonJS transpiler (sucrase: small and fast enough to run in a worker) so the
 * browser's module host can load them exactly as the Node host does.
 */
import { transform } from 'sucrase';
import type { Transpile } from '../modules-host/bundle';

const raw = import.meta.glob('../../modules/*/*.{ts,js,yaml,yml,json}', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export const builtinModuleFiles: Record<string, Record<string, string>> = {};
for (const [path, text] of Object.entries(raw)) {
  const m = /modules\/([^/]+)\/(.+)$/.exec(path);
  if (!m || m[1] === 'examples' || m[1] === 'tools') continue;
  (builtinModuleFiles[m[1]] ??= {})[m[2]] = text;
}

export const transpileInBrowser: Transpile = (source, fileName) =>
  transform(source, { transforms: ['typescript', 'imports'], filePath: fileName, production: true }).code;
