/**
 * One test per cause found by the fuzz campaign (issue 17), on the exact text a user sees.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runValidate } from '../../twin-engine/cli/validate';
import { detectKind } from '../../twin-engine/scenario/kind';

const dir = mkdtempSync(join(tmpdir(), 'wardtwin-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const base = readFileSync('scenarios/fever-benign.yaml', 'utf8');

async function validate(text: string): Promise<{ code: number; out: string; err: string }> {
  const f = join(dir, 'f.yaml');
  writeFileSync(f, text);
  const out: string[] = [];
  const err: string[] = [];
  const code = await runValidate([f], { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
  return { code, out: out.join(''), err: err.join('').replaceAll(`${f}:`, 'f.yaml:') };
}

it('a key named after a built-in object member is an unknown key at its place, not a crash', async () => {
  const r = await validate(base.replace(/^title:/m, 'toString:'));
  expect(r.code).toBe(1);
  expect(r.err).toMatch(/^f\.yaml:\d+:1: toString: unknown key 'toString'; expected one of: /m);
});

it("a unit named 'toString' is refused, not read as NaN seconds", async () => {
  const r = await validate(base.replace(/^duration: .*$/m, 'duration: 10 toString'));
  expect(r.code).toBe(1);
  expect(r.err).toMatch(/^f\.yaml:\d+:11: duration: expected a scenario duration like '5 min', found '10 toString'; units: 's', 'min', 'h'$/m);
});

it('control bytes from the file are shown escaped, one line per problem', async () => {
  const r = await validate(base.replace(/^title:/m, 'ti\u001b[2Jt\u0000le:'));
  expect(r.err).toContain("unknown key 'ti\\x1b[2Jt\\x00le'");
  expect(r.err.trimEnd().split('\n').every((l) => l.startsWith('f.yaml:'))).toBe(true);
});

it('2,000-deep nesting gets a located, human error', async () => {
  const r = await validate(base.replace(/^title: .*$/m, `title: ${'['.repeat(2000)}1${']'.repeat(2000)}`));
  expect(r.code).toBe(1);
  expect(r.err).toMatch(/^f\.yaml:\d+:\d+: expected at most 64 levels of nesting, found more; flatten the lists and mappings here$/m);
});

it('a patient age the engine cannot build is refused by the format (one range: PROFILE_RANGES)', async () => {
  const r = await validate(base.replace(/age: \d+ y/, 'age: 16 y'));
  expect(r.err).toMatch(/patient\.age: expected an age between 18 y and 100 y, found '16 y'/);
});

it('a ward with many aliases is detected as a ward', () => {
  const aliases = Array.from({ length: 200 }, (_, i) => `x${i}: &a${i} [${i}]`).join('\n');
  const uses = Array.from({ length: 200 }, (_, i) => `y${i}: *a${i}`).join('\n');
  expect(detectKind(`${aliases}\n${uses}\nbeds: []\n`)).toBe('ward');
});
