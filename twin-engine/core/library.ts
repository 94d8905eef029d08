/**
 * The built-in scenario library as the engine sees it: named text files. Node reads them from
 * scenarios/ on disk (node/library-fs.ts); the browser host and the Electron engine bundle them at
 * build time (browser/library-bundled.ts).
 */
export interface ScenarioLibrary {
  /** Paths relative to scenarios/, with forward slashes, e.g. 'wards/default.yaml'. */
  list(): string[];
  /** File text; throws an Error naming the path and the available files when it does not exist. */
  read(path: string): string;
}

/** A library over an in-memory map of files (used by the bundled library and tests). */
export function libraryFromFiles(files: Record<string, string>): ScenarioLibrary {
  const norm = (p: string) => normalizePath(p);
  const map = new Map(Object.entries(files).map(([k, v]) => [norm(k), v]));
  return {
    list: () => [...map.keys()].sort(),
    read(path) {
      const text = map.get(norm(path));
      if (text === undefined) {
        throw new Error(`No file '${path}' in the scenario library (${map.size} files; e.g. ${[...map.keys()].slice(0, 5).join(', ')})`);
      }
      return text;
    },
  };
}

/** Resolve '.' and '..' segments and strip a leading './' or 'scenarios/'. */
export function normalizePath(p: string): string {
  const out: string[] = [];
  for (const seg of p.replace(/\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  if (out[0] === 'scenarios') out.shift();
  return out.join('/');
}
