/**
 * Diagnostics shared by every loader: one precise message per problem, with the file position and the
 * path inside the document, so an instructor can fix a scenario without reading TypeScript.
 */

import { escapeControl } from '../util/text';

export interface Diagnostic {
  file: string;
  /** 1-based line of the offending YAML node (or of the parent when a key is missing). */
  line: number;
  /** 1-based column. */
  column: number;
  /** Path inside the document, e.g. `timeline[2].action`; empty for the document itself. */
  path: string;
  /** Phrased as "expected X, found Y" wherever there is an X and a Y. */
  message: string;
  suggestion?: string;
}

export type LoadResult<T> = { ok: true; value: T } | { ok: false; diagnostics: Diagnostic[] };

/** `file:line:column: path: message (did you mean 'x'?)` — the path part is left out when empty. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = `${d.file}:${d.line}:${d.column}`;
  const path = d.path === '' ? '' : ` ${d.path}:`;
  const hint = d.suggestion === undefined ? '' : ` (did you mean '${d.suggestion}'?)`;
  // One line per problem whatever the file contained: control bytes (NUL, ESC, newlines) are escaped.
  return escapeControl(`${where}:${path} ${d.message}${hint}`);
}

/** Levenshtein distance; the inputs are short names, so the O(n·m) table is fine. */
export function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  const cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
    }
    for (let j = 0; j <= b.length; j++) prev[j] = cur[j];
  }
  return prev[b.length];
}

/**
 * The closest known name, if it is close enough to be a plausible typo: case/underscore-insensitive
 * equality first, then edit distance ≤ max(1, ⅓ of the length), then a known name that starts with
 * (or, for 5+ letters, contains) what was written.
 */
export function didYouMean(found: string, known: Iterable<string>): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[_\s-]/g, '');
  const f = norm(found);
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const nk = norm(k);
    if (nk === f) return k;
    const d = editDistance(f, nk);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  if (best === undefined) return undefined;
  if (bestD <= Math.max(1, Math.floor(f.length / 3))) return best;
  for (const k of known) if (f.length >= 3 && norm(k).startsWith(f)) return k;
  for (const k of known) if (f.length >= 5 && norm(k).includes(f)) return k;
  return undefined;
}

/** Quote a found value the way messages show it: strings in single quotes, the rest as YAML would. */
export function showFound(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (typeof v === 'string') return `'${v}'`;
  // YAML's own spelling of the non-finite numbers (what the file says), not JavaScript's.
  if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? '.nan' : v > 0 ? '.inf' : '-.inf';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return 'a list';
  return 'a mapping';
}
