/**
 * Code that shapes simulation outputs must not call the engine-dependent Math functions (Node's V8 and
 * Chromium's V8 round them differently, which broke bit-for-bit equality between the in-process and
 * browser hosts). It uses twin-engine/util/detmath.ts instead. This test names each offending line.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
/** Folders whose code runs inside the simulation (evaluation and CLI only run in Node, after it). */
const SIM_DIRS = ['physiology', 'devices', 'scenario', 'core', 'session', 'modules-host', 'util'].map((d) => resolve(ROOT, 'twin-engine', d));
const BANNED = /Math\.(exp|expm1|log|log10|log2|log1p|pow|sin|cos|tan|tanh|sinh|cosh|atan|atan2|asin|acos|cbrt)\s*\(|[\w)\]]\s*\*\*\s*[\w(.]/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

it('simulation code uses deterministic math only', () => {
  const offences: string[] = [];
  for (const dir of SIM_DIRS) {
    for (const f of files(dir)) {
      if (f.endsWith('detmath.ts') || f.endsWith('bench.ts')) continue;
      readFileSync(f, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const code = line.replace(/\/\/.*$/, '');
          if (/^\s*(\*|\/\*)/.test(code)) return;
          if (BANNED.test(code)) offences.push(`${relative(ROOT, f)}:${i + 1}: ${line.trim()}`);
        });
    }
  }
  expect(offences, 'use dexp/dlog/dpow/dsin/dcos from twin-engine/util/detmath.ts').toEqual([]);
});
