/**
 * Which loader a file is for. One definition for `wardtwin validate`, the session loader (`run`, the
 * app) and the editor, so a file is never checked as one kind and run as another. It reads the syntax
 * tree only (never expands aliases into values), so a ward with many aliases is still a ward.
 */
import { isMap, isScalar, parseDocument } from 'yaml';

export type FileKind = 'ward' | 'scenario' | 'cohort';

/** By the top-level `kind:`; failing that by shape (`beds` → ward, `never_deteriorate` → cohort). */
export function detectKind(text: string): FileKind {
  let root: unknown;
  try {
    root = parseDocument(text, { prettyErrors: false }).contents;
  } catch {
    return 'scenario';
  }
  if (!isMap(root)) return 'scenario';
  const keys = new Map<string, unknown>();
  for (const pair of root.items) if (isScalar(pair.key)) keys.set(String(pair.key.value), isScalar(pair.value) ? pair.value.value : undefined);
  const kind = keys.get('kind');
  if (kind === 'ward' || kind === 'cohort' || kind === 'scenario') return kind;
  if (keys.has('beds')) return 'ward';
  if (keys.has('never_deteriorate')) return 'cohort';
  return 'scenario';
}
