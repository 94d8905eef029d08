/** Every file under scenarios/ validates, and the published schemas equal the generated ones. */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runValidate } from '../../twin-engine/cli/validate';
import { generateSchemas, parseScenario } from '../../twin-engine/scenario/index';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(n) ? [p] : [];
    });
}

const FILES = yamlFiles('scenarios');

describe('scenario library', () => {
  it('has at least 15 scenarios', () => {
    const scenarios = FILES.filter((f) => !f.includes('/wards/') && !f.includes('/cohorts/'));
    expect(scenarios.length).toBeGreaterThanOrEqual(15);
  });

  for (const f of FILES) {
    it(`${f} validates, points at its schema, and prints a one-line summary`, async () => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runValidate([f], { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
      expect(err.join('')).toBe('');
      expect(code).toBe(0);
      expect(out).toHaveLength(1);
      expect(out[0]).toMatch(new RegExp(`^${f.replace(/[.]/g, '\\.')}: OK — (scenario|ward|cohort) "`));
      const first = readFileSync(f, 'utf8').split('\n')[0];
      const kind = f.includes('/wards/') ? 'ward' : f.includes('/cohorts/') ? 'cohort' : 'scenario';
      const rel = f.split('/').length > 2 ? '../schema' : 'schema';
      expect(first).toBe(`# yaml-language-server: $schema=${rel}/${kind}.schema.json`);
    });
  }

  it('every scenario has objectives, expected actions and a debrief', () => {
    for (const f of FILES.filter((x) => !x.includes('/wards/') && !x.includes('/cohorts/'))) {
      const r = parseScenario(readFileSync(f, 'utf8'), f);
      if (!r.ok) throw new Error(f);
      expect(r.value.objectives.length, f).toBeGreaterThan(0);
      expect(r.value.expectedActions.length, f).toBeGreaterThan(0);
      expect(r.value.debrief.length, f).toBeGreaterThan(0);
    }
  });

  it('the committed JSON Schemas equal the generated ones (regenerate: npx tsx twin-engine/cli/validate.ts --write-schemas)', () => {
    for (const [name, text] of Object.entries(generateSchemas())) {
      expect(readFileSync(join('scenarios/schema', name), 'utf8'), name).toBe(text);
    }
  });
});
