/**
 * Seeded fuzz of the whole library through the product path: every file in scenarios/ is mutated a
 * few hundred times (keys renamed to built-in object members, values swapped for extremes and odd
 * units, control bytes, deleted/duplicated lines, deep nesting, alias bombs) and each mutant goes
 * through `wardtwin validate` exactly as the CLI calls it. Every message must be located
 * (file:line:column), human (no engine internals) and escaped. Every mutant that validates is loaded
 * and run for 60 simulated seconds through `runHeadless` (the `run` command's body: same loader, same
 * driver) and must not fail, report a refused action or show NaN. Identical mutant texts run once (a
 * run is deterministic, so a second would repeat the first). Affordable because a patient's 900 s
 * warm-up is copied from the engine's settled-state cache when the same profile and seed come back.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runValidate } from '../../twin-engine/cli/validate';
import { runHeadless, scenarioFailures } from '../../twin-engine/cli/run';

const LIB = new URL('../../scenarios/', import.meta.url).pathname;
const MUTANTS_PER_FILE = 100;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BUILTIN_KEYS = ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf', 'prototype', 'isPrototypeOf', '__defineGetter__'];
const ODD_VALUES = [
  '0', '-1', '1e308', '-1e308', '.nan', '.inf', '-.inf', '""', 'null', '~', '[]', '{}', 'true',
  '10 toString', '5 constructor', '1 __proto__', '4000 mL', '5 mg', '0 /min', '1e9 mL/h', '-3 min', '200 y', '10 y',
  '300 cm', '20 kg', '500 kg', '45 C', '20 C', '1000000 h', '"\\0\\x1b[31mred\\n"', '"a\\u0000b"', '$nope', '$onset',
  '0.5', '99', '1.5', '-0.5', 'toString', 'constructor', '*anchor', '&anchor 3', '"$severity"',
];

function mutate(text: string, rnd: () => number): string {
  const lines = text.split('\n');
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const i = Math.floor(rnd() * lines.length);
  const line = lines[i];
  switch (Math.floor(rnd() * 9)) {
    case 0: // rename a key to a built-in object member
      lines[i] = line.replace(/^(\s*(?:- )?)([A-Za-z_][\w-]*)(\s*:)/, (_, a, _k, c) => `${a}${pick(BUILTIN_KEYS)}${c}`);
      break;
    case 1: { // replace a value
      lines[i] = line.replace(/:\s+(\S.*)$/, () => `: ${pick(ODD_VALUES)}`);
      break;
    }
    case 2: // replace a value inside a flow mapping
      lines[i] = line.replace(/(\w+): ([^,{}\]]+)/, (_, k) => `${k}: ${pick(ODD_VALUES)}`);
      break;
    case 3:
      lines.splice(i, 1);
      break;
    case 4:
      lines.splice(i, 0, line);
      break;
    case 5: { // raw control bytes
      const at = Math.floor(rnd() * (line.length + 1));
      lines[i] = line.slice(0, at) + pick(['\u0000', '\u001b[2J', '\u0007', '\r', '\u202e']) + line.slice(at);
      break;
    }
    case 6: // a flow key renamed to a built-in
      lines[i] = line.replace(/([{,]\s*)([A-Za-z_]\w*)(:)/, (_, a, _k, c) => `${a}${pick(BUILTIN_KEYS)}${c}`);
      break;
    case 7: { // deep nesting at a value
      const depth = pick([50, 600, 2000]);
      lines[i] = line.replace(/:\s+(\S.*)$/, () => `: ${'['.repeat(depth)}1${']'.repeat(depth)}`);
      break;
    }
    default: { // an alias bomb at a value
      const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
      for (let k = 1; k < 9; k++) bomb.push(`${'abcdefghij'[k]}: &${'abcdefghij'[k]} [${Array(10).fill(`*${'abcdefghij'[k - 1]}`).join(', ')}]`);
      lines.splice(i, 0, ...bomb.map((b) => `bomb_${b}`).map((b) => b.replace(/^bomb_(\w): /, 'bomb_$1: ')));
      break;
    }
  }
  return lines.join('\n');
}

function libraryFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) {
      if (name !== 'schema') out.push(...libraryFiles(full));
    } else if (name.endsWith('.yaml')) out.push(full);
  }
  return out;
}

const work = mkdtempSync(join(tmpdir(), 'wardtwin-fuzz-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Messages that betray the engine rather than describe the file. */
const INTERNAL = /Cannot read propert|is not a function|is not iterable|Maximum call stack|TypeError|RangeError|ReferenceError|\bundefined\b|\bNaN\b|\[object Object\]|at .*\.ts:\d+/;
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f\u202e]/;
const LOCATED = /^[^:\n]+:\d+:\d+: /;

it('thousands of seeded mutants of every library file: no crash, every error located and human, every valid mutant loads and runs', async () => {
  cpSync(LIB, work, { recursive: true });
  const rnd = mulberry32(17);
  const files = libraryFiles(LIB);
  const problems: string[] = [];
  const valid: string[] = [];
  let total = 0;
  let ran = 0;
  const cwd = process.cwd();
  process.chdir(work);
  try {
    for (const file of files) {
      const rel = relative(LIB, file);
      const original = readFileSync(file, 'utf8');
      for (let m = 0; m < MUTANTS_PER_FILE; m++) {
        let text = original;
        const n = 1 + Math.floor(rnd() * 3);
        for (let k = 0; k < n; k++) text = mutate(text, rnd);
        writeFileSync(join(work, rel), text);
        total++;
        const err: string[] = [];
        const out: string[] = [];
        let code: number;
        try {
          code = await runValidate([rel], { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
        } catch (e) {
          problems.push(`${rel} mutant ${m}: validate threw ${String(e)}`);
          continue;
        }
        const lines = err.join('').split('\n').filter((l) => l !== '');
        for (const l of lines) {
          if (!LOCATED.test(l)) problems.push(`${rel} mutant ${m}: unlocated: ${l}`);
          if (INTERNAL.test(l)) problems.push(`${rel} mutant ${m}: internal: ${l}`);
          if (RAW_CONTROL.test(l)) problems.push(`${rel} mutant ${m}: raw control byte: ${JSON.stringify(l)}`);
        }
        for (const l of out) if (INTERNAL.test(l) || RAW_CONTROL.test(l)) problems.push(`${rel} mutant ${m}: summary: ${JSON.stringify(l)}`);
        if (code === 0) {
          const keep = join(work, `valid-${valid.length}-${rel.replace(/\//g, '_')}`);
          writeFileSync(keep, text);
          valid.push(`${rel}\n${text}`);
        }
      }
      writeFileSync(join(work, rel), original);
    }
    // Every valid mutant runs 60 s through `run`'s body.
    for (const v of new Set(valid)) {
      const nl = v.indexOf('\n');
      const rel = v.slice(0, nl);
      writeFileSync(join(work, rel), v.slice(nl + 1));
      try {
        const r = await runHeadless(rel, { durationS: 60, seed: 3, cohortSize: 2 });
        if (/NaN|Infinity/.test(r.csv)) problems.push(`${rel}: NaN after 60 s:\n${v.slice(nl + 1)}`);
        // A file that validates runs: no action refused at run time (what `run` exits 1 for).
        for (const f of scenarioFailures(r.events)) problems.push(`${rel}: validated but ${f}\n${v.slice(nl + 1)}`);
        ran++;
      } catch (e) {
        problems.push(`${rel}: validated but run failed: ${e instanceof Error ? e.message : String(e)}\n${v.slice(nl + 1)}`);
      }
      writeFileSync(join(work, rel), readFileSync(join(LIB, rel), 'utf8'));
    }
  } finally {
    process.chdir(cwd);
  }
  expect(total).toBe(files.length * MUTANTS_PER_FILE);
  expect(valid.length).toBeGreaterThan(total / 20);
  expect(ran).toBe(new Set(valid).size);
  expect(problems.slice(0, 30)).toEqual([]);
}, 120_000);
