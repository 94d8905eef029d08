/**
 * The layers are enforced, not hoped for: the headless engine imports no UI, Electron or Node; the
 * renderer no Node or Electron; the preload not the main process; engine folders only import layers
 * below them (tests/engine/import-rules.ts has the order and says why type-only imports count), and no
 * engine folders import each other in a cycle. Each violation names its file and line.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkImports, parseImports } from './import-rules';

const ROOT = resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (n === 'node_modules') return [];
    return statSync(p).isDirectory() ? sources(p) : /\.(ts|tsx|mts|mjs)$/.test(n) ? [p] : [];
  });
}

const show = (vs: { file: string; line: number; message: string }[]) => vs.map((v) => `${v.file}:${v.line}: ${v.message}`);

describe('import rules', () => {
  it('hold in the repository', () => {
    const files: Record<string, string> = {};
    for (const dir of ['twin-engine', 'renderer', 'electron'])
      for (const f of sources(join(ROOT, dir))) files[relative(ROOT, f).split(sep).join('/')] = readFileSync(f, 'utf8');
    expect(Object.keys(files).length).toBeGreaterThan(200);
    expect(show(checkImports(files))).toEqual([]);
  });

  it('parse every import form, type-only ones marked', () => {
    const text = [
      "import type { A } from './a';",
      "import { type B, C } from './b';",
      "import { type D } from './d';",
      "export { E } from './e';",
      "export type { F } from './f';",
      "const g = await import('./g');",
      "const h = require('h');",
      "let i: import('./i').I;",
      "import './side-effect';",
      '// import x from "./comment" is not an import',
      "const s = 'import y from \"./string\"';",
    ].join('\n');
    expect(parseImports('x.ts', text)).toEqual([
      { specifier: './a', line: 1, typeOnly: true },
      { specifier: './b', line: 2, typeOnly: false },
      { specifier: './d', line: 3, typeOnly: true },
      { specifier: './e', line: 4, typeOnly: false },
      { specifier: './f', line: 5, typeOnly: true },
      { specifier: './g', line: 6, typeOnly: false },
      { specifier: 'h', line: 7, typeOnly: false },
      { specifier: './i', line: 8, typeOnly: true },
      { specifier: './side-effect', line: 9, typeOnly: false },
    ]);
  });

  it('report a planted forbidden import with its file and line', () => {
    const planted = {
      'twin-engine/core/planted.ts': "// a core file\nimport { readFileSync } from 'node:fs';\nimport type { Session } from '../session/api';\n",
      'twin-engine/session/api.ts': "import type { X } from '../core/planted';\n",
      'twin-engine/physiology/planted.ts': "import { useState } from 'react';\nconst fs = require('fs');\n",
      'twin-engine/browser/planted.ts': "import { join } from 'path';\nimport type { Y } from '../node/z';\n",
      'twin-engine/node/ok.ts': "import { join } from 'node:path';\n",
      'renderer/src/planted.tsx': "import { ipcRenderer } from 'electron';\n\nimport { Z } from '../../twin-engine/node/create-node-session';\n",
      'electron/preload/planted.ts': "import { contextBridge } from 'electron';\nimport { menu } from '../main/menu';\n",
    };
    expect(show(checkImports(planted))).toEqual([
      "electron/preload/planted.ts:2: '../main/menu': the preload must not import the main process (it runs in the renderer’s context)",
      "renderer/src/planted.tsx:1: 'electron': Electron in the renderer; the preload exposes what the renderer may use",
      "renderer/src/planted.tsx:3: '../../twin-engine/node/create-node-session': the renderer must not import Node-only code",
      "twin-engine/browser/planted.ts:1: 'path': Node built-in in twin-engine/browser/ (it runs in a browser); platform code goes in twin-engine/node/",
      "twin-engine/browser/planted.ts:2: '../node/z': browser/ must not import node/ (layer order: util < physiology < devices < scenario < shared < core < audit < modules-host < session < storage < evaluation < export < preview < browser|node < cli)",
      "twin-engine/core/planted.ts:2: 'node:fs': Node built-in in the headless engine core; platform code goes in twin-engine/node/",
      "twin-engine/core/planted.ts:3: '../session/api': core/ must not import session/ (layer order: util < physiology < devices < scenario < shared < core < audit < modules-host < session < storage < evaluation < export < preview < browser|node < cli)",
      'twin-engine/core/planted.ts:3: import cycle between engine folders: core → session → core',
      "twin-engine/physiology/planted.ts:1: 'react': the engine must not depend on the UI; it is headless and host-neutral",
      "twin-engine/physiology/planted.ts:2: 'fs': Node built-in in the headless engine core; platform code goes in twin-engine/node/",
    ]);
  });
});
