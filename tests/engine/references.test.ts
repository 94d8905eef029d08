/**
 * The sources travel with the code: every `REFERENCES.md#key` cited in code, modules, scenarios, tests
 * or docs is an entry of docs/REFERENCES.md, every entry there is cited somewhere, and nothing cites the
 * old out-of-repository `references.md`.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const DOC = 'docs/REFERENCES.md';
const SCAN = ['twin-engine', 'modules', 'scenarios', 'renderer', 'electron', 'scripts', 'tests', 'docs', 'README.md'];
const TEXT = /\.(ts|tsx|mts|mjs|js|py|md|ya?ml|json)$/;

function files(p: string): string[] {
  if (!statSync(p).isDirectory()) return TEXT.test(p) ? [p] : [];
  return readdirSync(p).flatMap((n) => (n === 'node_modules' || n.startsWith('.') ? [] : files(join(p, n))));
}

/** Anchors `<a id="key"></a>` of the references document. */
function referenceKeys(doc: string): Set<string> {
  return new Set([...doc.matchAll(/<a id="([a-z0-9-]+)"><\/a>/g)].map((m) => m[1]!));
}

/** `REFERENCES.md#key` citations in a text, as "file:line: key". */
function citations(file: string, text: string): { where: string; key: string }[] {
  return text.split('\n').flatMap((line, i) => [...line.matchAll(/REFERENCES\.md#([A-Za-z0-9_-]+)/g)].map((m) => ({ where: `${file}:${i + 1}`, key: m[1]! })));
}

const SELF = relative(ROOT, import.meta.filename);

it('every cited reference key exists in docs/REFERENCES.md, and every entry is cited', () => {
  const keys = referenceKeys(readFileSync(join(ROOT, DOC), 'utf8'));
  expect(keys.size).toBeGreaterThan(10);
  const cited: { where: string; key: string }[] = [];
  const stale: string[] = [];
  for (const f of SCAN.flatMap((d) => files(join(ROOT, d)))) {
    const rel = relative(ROOT, f);
    if (rel === DOC || rel === SELF) continue;
    const text = readFileSync(f, 'utf8');
    cited.push(...citations(rel, text));
    text.split('\n').forEach((line, i) => {
      if (/(^|[^A-Z/])references\.md|shared\/references/.test(line)) stale.push(`${rel}:${i + 1}: ${line.trim()}`);
    });
  }
  expect(cited.filter((c) => !keys.has(c.key)).map((c) => `${c.where}: unknown reference '${c.key}'`)).toEqual([]);
  expect([...keys].filter((k) => !cited.some((c) => c.key === k)), 'entries nobody cites (remove them, or cite them)').toEqual([]);
  expect(stale, `cite ${DOC}#<key> instead of references.md`).toEqual([]);
});

it('a planted citation of a missing key is reported with file and line', () => {
  const keys = referenceKeys('<a id="ecgsyn"></a>**ecgsyn** — McSharry …\n<a id="news2"></a>**news2** — RCP …');
  expect([...keys]).toEqual(['ecgsyn', 'news2']);
  const found = citations('twin-engine/devices/x.ts', '// ok: REFERENCES.md#ecgsyn\n// typo: docs/REFERENCES.md#ecgsin');
  expect(found.filter((c) => !keys.has(c.key)).map((c) => `${c.where}: ${c.key}`)).toEqual(['twin-engine/devices/x.ts:2: ecgsin']);
});
