/**
 * Serves Pyodide's runtime files (the WebAssembly CPython, its standard library, its lock file and JS
 * glue) from the app itself, never from a CDN: the browser's module sandbox worker loads them from
 * `./pyodide/` beside itself (twin-engine/browser/module-worker.ts). Build: emitted with their own names
 * under `assets/pyodide/` (Emscripten looks them up by name, so they cannot be content-hashed). Dev: any
 * URL ending in `/pyodide/<one of these files>` is answered from node_modules/pyodide.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';

export const PYODIDE_FILES = ['pyodide.asm.wasm', 'pyodide.asm.mjs', 'python_stdlib.zip', 'pyodide-lock.json'] as const;
const TYPES: Record<string, string> = { wasm: 'application/wasm', mjs: 'text/javascript', zip: 'application/zip', json: 'application/json' };

export function pyodideAssets(): Plugin {
  const dir = dirname(createRequire(import.meta.url).resolve('pyodide/package.json'));
  return {
    name: 'wardtwin-pyodide-assets',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const m = /\/pyodide\/([^/?#]+)(?:[?#].*)?$/.exec(req.url ?? '');
        const name = m?.[1];
        if (!name || !(PYODIDE_FILES as readonly string[]).includes(name)) return next();
        res.setHeader('Content-Type', TYPES[name.split('.').pop() as string]);
        res.end(readFileSync(join(dir, name)));
      });
    },
    generateBundle() {
      for (const name of PYODIDE_FILES) this.emitFile({ type: 'asset', fileName: `assets/pyodide/${name}`, source: readFileSync(join(dir, name)) });
    },
  };
}
