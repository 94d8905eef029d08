/**
 * `wardtwin validate <files…>`: checks scenario, ward and cohort files and prints every problem as
 * `file:line:column: path: message (did you mean 'x'?)`. Exit code 0 only when every file is valid.
 * Also `--write-schemas` regenerates scenarios/schema/*.json from the loader's definitions.
 */
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  formatDiagnostic,
  formatQuantity,
  generateSchemas,
  parseCohort,
  parseScenario,
  parseWard,
  type Diagnostic,
} from '../scenario/index';

export interface Output {
  stdout(s: string): void;
  stderr(s: string): void;
}

import { detectKind } from '../scenario/kind';
import { escapeControl } from '../util/text';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SCHEMA_DIR = join(REPO_ROOT, 'scenarios', 'schema');

/** Expand directories into their .yaml files (sorted, schema folder skipped). */
function expand(paths: string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      out.push(p);
      continue;
    }
    if (!st.isDirectory()) {
      out.push(p);
      continue;
    }
    const walk = (d: string) => {
      for (const name of readdirSync(d).sort()) {
        const full = join(d, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (/\.ya?ml$/.test(name)) out.push(full);
      }
    };
    walk(p);
  }
  return out;
}

function display(p: string): string {
  const rel = relative(process.cwd(), resolve(p));
  return (rel.startsWith('..') ? resolve(p) : rel).split(sep).join('/');
}

export async function runValidate(paths: string[], out: Output): Promise<number> {
  if (paths.length === 0) {
    out.stderr('usage: wardtwin validate <file.yaml|dir>…\n');
    return 2;
  }
  let failed = 0;
  for (const p of expand(paths)) {
    const name = display(p);
    let text: string;
    try {
      text = readFileSync(p, 'utf8');
    } catch (e) {
      out.stderr(`${name}:1:1: cannot read file: ${e instanceof Error ? e.message : String(e)}\n`);
      failed++;
      continue;
    }
    // References resolve against the referring file; names are shown relative to the working directory.
    const readFile = (ref: string) => {
      try {
        return readFileSync(resolve(ref), 'utf8');
      } catch (e) {
        const code = (e as { code?: string }).code;
        throw new Error(code === 'ENOENT' ? `no such file: ${display(ref)}` : `cannot read ${display(ref)}: ${String(e)}`);
      }
    };
    const kind = detectKind(text);
    let diags: Diagnostic[] = [];
    let summary = '';
    if (kind === 'scenario') {
      const r = parseScenario(text, name);
      if (r.ok) {
        const s = r.value;
        summary = `scenario "${escapeControl(s.title)}", ${formatQuantity(s.durationS, 'duration')}, ${count(s.timeline.length, 'timeline event')}, ${count(s.triggers.length, 'trigger')}, ${count(s.expectedActions.length, 'expected action')}`;
      } else diags = r.diagnostics;
    } else if (kind === 'ward') {
      const r = parseWard(text, name, readFile);
      if (r.ok) {
        const w = r.value;
        const stable = w.beds.filter((b) => b.scenarioFile === null).length;
        summary = `ward "${escapeControl(w.title)}", ${count(w.beds.length, 'bed')} (${w.beds.length - stable} with scenarios, ${stable} stable)`;
      } else diags = r.diagnostics;
    } else {
      const r = parseCohort(text, name, readFile);
      if (r.ok) {
        const c = r.value;
        summary = `cohort "${escapeControl(c.title)}" of scenario ${c.scenarioFile}, ${Math.round(c.neverDeteriorateShare * 100)} % never deteriorate, ${count(Object.keys(c.params).length, 'varied parameter')}`;
      } else diags = r.diagnostics;
    }
    if (diags.length > 0) {
      failed++;
      for (const d of diags) out.stderr(`${formatDiagnostic(d)}\n`);
    } else out.stdout(`${name}: OK — ${summary}\n`);
  }
  return failed > 0 ? 1 : 0;
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

/** Regenerate scenarios/schema/*.json; returns the files written. */
export function writeSchemas(dir = SCHEMA_DIR): string[] {
  const files = generateSchemas();
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return Object.keys(files);
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly) {
  const args = process.argv.slice(2);
  if (args[0] === '--write-schemas') {
    for (const f of writeSchemas()) process.stdout.write(`wrote scenarios/schema/${f}\n`);
  } else {
    const io: Output = { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) };
    runValidate(args, io).then((code) => process.exit(code));
  }
}
