/**
 * The project's import rules, as code: which packages each part may import, the engine's layer order,
 * and no cycles between engine folders. `checkImports` works on file texts (path → source) so the test
 * can plant a bad import in a virtual file and see exactly what a contributor would see.
 *
 * Imports are parsed with the TypeScript compiler (not regexes): static `import … from`, `export … from`,
 * `import x = require()`, dynamic `import()`, `require()`, and `import('…').T` type references.
 * Type-only imports COUNT, for layering and cycles alike: a type import still makes the lower layer
 * know the upper one's definitions (changing the session API would force edits in core), and it is
 * exactly how the core ↔ session cycle hid. For the platform bans they count too: an engine file
 * that needs a Node or React type is already in the wrong place.
 */
import { builtinModules } from 'node:module';
import { posix } from 'node:path';
import ts from 'typescript';

export interface ImportRef {
  specifier: string;
  line: number;
  typeOnly: boolean;
}

/** Every module specifier a file imports, with its 1-based line. */
export function parseImports(fileName: string, text: string): ImportRef[] {
  const kind = fileName.endsWith('x') ? ts.ScriptKind.TSX : fileName.endsWith('.mjs') ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, kind);
  const out: ImportRef[] = [];
  const add = (lit: ts.Node, typeOnly: boolean) => {
    if (!ts.isStringLiteralLike(lit)) return;
    out.push({ specifier: lit.text, line: sf.getLineAndCharacterOfPosition(lit.getStart(sf)).line + 1, typeOnly });
  };
  const visit = (n: ts.Node): void => {
    if (ts.isImportDeclaration(n)) {
      const c = n.importClause;
      const allTypes =
        !!c && (c.isTypeOnly || (!c.name && !!c.namedBindings && ts.isNamedImports(c.namedBindings) && c.namedBindings.elements.length > 0 && c.namedBindings.elements.every((e) => e.isTypeOnly)));
      add(n.moduleSpecifier, allTypes);
    } else if (ts.isExportDeclaration(n) && n.moduleSpecifier) {
      add(n.moduleSpecifier, n.isTypeOnly);
    } else if (ts.isImportEqualsDeclaration(n) && ts.isExternalModuleReference(n.moduleReference)) {
      add(n.moduleReference.expression, n.isTypeOnly);
    } else if (ts.isCallExpression(n) && n.arguments.length > 0) {
      const isDynamicImport = n.expression.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(n.expression) && n.expression.text === 'require';
      if (isDynamicImport || isRequire) add(n.arguments[0]!, false);
    } else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument)) {
      add(n.argument.literal, true);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

/**
 * The engine's layers, bottom first. A folder may import its own layer and any layer below it, never
 * one above. `shared/` holds the session's data types (events, frames, findings): it sits above the
 * model layers because those types carry model types (TrueState, MonitorAlarm), and below everything
 * that produces or consumes events. Platform folders sit on top: browser/ and node/ are peers that must
 * not import each other; cli/ runs on node/.
 */
export const ENGINE_LAYERS: readonly (readonly string[])[] = [
  ['util'],
  ['physiology'],
  ['devices'],
  ['scenario'],
  ['shared'],
  ['core'],
  ['audit'],
  ['modules-host'],
  ['session'],
  ['storage'],
  ['evaluation'],
  ['export'],
  ['preview'],
  ['browser', 'node'],
  ['cli'],
];
const LAYER_OF = new Map(ENGINE_LAYERS.flatMap((folders, rank) => folders.map((f) => [f, rank] as const)));
/** Engine folders that may use the platform: Node (node/, cli/) or the DOM (browser/). */
const PLATFORM = new Set(['node', 'cli', 'browser']);

const NODE_BUILTINS = new Set(builtinModules.filter((m) => !m.startsWith('_')));
const isNode = (s: string) => s.startsWith('node:') || NODE_BUILTINS.has(s) || NODE_BUILTINS.has(s.split('/')[0]!);
const pkg = (s: string) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!);
const UI_PACKAGES = new Set(['react', 'react-dom', 'three', '@react-three/fiber', '@react-three/drei', 'zustand']);
const isUi = (s: string) => UI_PACKAGES.has(pkg(s));
const isElectron = (s: string) => pkg(s) === 'electron';

export interface Violation {
  file: string;
  line: number;
  message: string;
}

/** Repository-relative file of a relative import, or null for packages. Extensions do not matter here. */
function target(file: string, spec: string): string | null {
  return spec.startsWith('.') ? posix.normalize(posix.join(posix.dirname(file), spec)) : null;
}
const engineFolder = (p: string) => (p.startsWith('twin-engine/') ? (p.split('/').length > 2 ? p.split('/')[1]! : null) : null);

/** Checks repository-relative files (forward slashes) against every rule; returns violations sorted by file and line. */
export function checkImports(files: Record<string, string>): Violation[] {
  const out: Violation[] = [];
  const edges = new Map<string, Map<string, string>>(); // engine folder → imported folder → first "file:line"
  for (const [file, text] of Object.entries(files)) {
    const folder = engineFolder(file);
    for (const imp of parseImports(file, text)) {
      const s = imp.specifier;
      const to = target(file, s);
      const bad = (message: string) => out.push({ file, line: imp.line, message: `'${s}': ${message}` });
      if (folder !== null) {
        if (!PLATFORM.has(folder) || folder === 'browser') {
          if (isNode(s)) bad(`Node built-in in ${folder === 'browser' ? 'twin-engine/browser/ (it runs in a browser)' : 'the headless engine core'}; platform code goes in twin-engine/node/`);
        }
        if (isUi(s) || isElectron(s)) bad(`the engine must not depend on ${isUi(s) ? 'the UI' : 'Electron'}; it is headless and host-neutral`);
        const toFolder = to ? engineFolder(to) : null;
        if (toFolder !== null && toFolder !== folder) {
          const from = LAYER_OF.get(folder);
          const dest = LAYER_OF.get(toFolder);
          if (from === undefined) bad(`twin-engine/${folder}/ has no place in ENGINE_LAYERS (tests/engine/import-rules.ts); add it`);
          else if (dest === undefined) bad(`twin-engine/${toFolder}/ has no place in ENGINE_LAYERS (tests/engine/import-rules.ts); add it`);
          else if (dest > from || (dest === from && folder !== toFolder))
            bad(`${folder}/ must not import ${toFolder}/ (layer order: ${ENGINE_LAYERS.map((l) => l.join('|')).join(' < ')})`);
          const m = edges.get(folder) ?? edges.set(folder, new Map()).get(folder)!;
          if (!m.has(toFolder)) m.set(toFolder, `${file}:${imp.line}`);
        }
      } else if (file.startsWith('renderer/')) {
        if (isNode(s)) bad('Node built-in in the renderer (it runs sandboxed, without Node); ask the engine through the session API');
        if (isElectron(s)) bad('Electron in the renderer; the preload exposes what the renderer may use');
        if (to && (to.startsWith('twin-engine/node/') || to.startsWith('twin-engine/cli/') || to.startsWith('electron/')))
          bad('the renderer must not import Node-only code');
      } else if (file.startsWith('electron/preload/')) {
        if (to?.startsWith('electron/main/')) bad('the preload must not import the main process (it runs in the renderer’s context)');
      }
    }
  }
  for (const cycle of folderCycles(edges)) {
    const first = edges.get(cycle[0]!)!.get(cycle[1]!)!;
    const [file, line] = [first.slice(0, first.lastIndexOf(':')), Number(first.slice(first.lastIndexOf(':') + 1))];
    out.push({ file, line, message: `import cycle between engine folders: ${cycle.join(' → ')}` });
  }
  return out.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.message.localeCompare(b.message));
}

/** One cycle per strongly connected component of the folder graph (Tarjan), each starting at its smallest folder. */
function folderCycles(edges: Map<string, Map<string, string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const sccs: string[][] = [];
  const strong = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) sccs.push(scc);
    }
  };
  for (const v of [...edges.keys()].sort()) if (!index.has(v)) strong(v);
  // Walk each component from its smallest folder back to itself, to print a concrete cycle.
  return sccs.map((scc) => {
    const members = new Set(scc);
    const start = [...scc].sort()[0]!;
    const path = [start];
    const seen = new Set([start]);
    const dfs = (v: string): boolean => {
      for (const w of [...(edges.get(v)?.keys() ?? [])].sort()) {
        if (!members.has(w)) continue;
        if (w === start) return path.push(w), true;
        if (seen.has(w)) continue;
        seen.add(w);
        path.push(w);
        if (dfs(w)) return true;
        path.pop();
      }
      return false;
    };
    dfs(start);
    return path;
  });
}
