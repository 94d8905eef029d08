/**
 * docs/ELECTRON-SECURITY.md cannot drift from the code: every row's `file:line` still holds the quoted
 * code, every "absent" API appears nowhere in electron/ or renderer/, and all 20 checklist items are there.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

interface Row {
  id: string;
  item: string;
  where: string;
  code: string;
}

/** Table rows of the doc: cells split on unescaped pipes, `\|` unescaped, backticks removed. */
function checklistRows(markdown: string): Row[] {
  return markdown
    .split('\n')
    .filter((l) => /^\| \d+[a-z]? \|/.test(l))
    .map((l) => {
      const cells = l
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim().replace(/\\\|/g, '|'));
      return { id: cells[0], item: cells[1], where: cells[3], code: cells[4].replace(/^`|`$/g, '') };
    });
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (n === 'node_modules') return [];
    return statSync(p).isDirectory() ? sources(p) : /\.(ts|tsx|mts|mjs|html)$/.test(n) ? [p] : [];
  });
}

describe('Electron security checklist table', () => {
  const rows = checklistRows(readFileSync(join(ROOT, 'docs/ELECTRON-SECURITY.md'), 'utf8'));

  it('lists all 20 checklist items', () => {
    expect([...new Set(rows.map((r) => r.id.replace(/[a-z]$/, '')))].map(Number)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  for (const row of rows) {
    it(`${row.id} ${row.item}: ${row.where === 'absent' ? `${row.code} is used nowhere` : `${row.where} holds the code`}`, () => {
      if (row.where === 'absent') {
        const users = [...sources(join(ROOT, 'electron')), ...sources(join(ROOT, 'renderer'))].filter((f) => readFileSync(f, 'utf8').includes(row.code));
        expect(users).toEqual([]);
        return;
      }
      const m = /^(.+):(\d+)$/.exec(row.where);
      expect(m, `'${row.where}' is not file:line`).not.toBeNull();
      const line = readFileSync(join(ROOT, m![1]), 'utf8').split('\n')[Number(m![2]) - 1] ?? '';
      expect(line, `${row.where} no longer says \`${row.code}\`; update docs/ELECTRON-SECURITY.md`).toContain(row.code);
    });
  }

  it('fails on a row whose line moved (the check can fail)', () => {
    const [moved] = checklistRows('| 3 | Enable context isolation | met | electron/main/security.ts:1 | `contextIsolation: true` |');
    const line = readFileSync(join(ROOT, 'electron/main/security.ts'), 'utf8').split('\n')[0];
    expect(line).not.toContain(moved.code);
    expect(checklistRows('| 17 | x | met | f.ts:1 | `a \\|\\| b` |')[0].code).toBe('a || b');
  });
});
