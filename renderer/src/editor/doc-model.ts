/**
 * Edits go into the `yaml` Document (never a re-serialised plain object), so the instructor's comments,
 * key order, flow style and quoting survive every edit the form makes. Paths are written the way the
 * validator reports them (`timeline[2].action`, `patient.age`), so a diagnostic and a form field name the
 * same place with the same string.
 */
import { Document, isMap, isScalar, isSeq, parseDocument, type YAMLMap } from 'yaml';
import { parseQuantity } from '../../../twin-engine/scenario/units';

export type PathKey = string | number;

/** `timeline[2].action.note` → ['timeline', 2, 'action', 'note']. */
export function parsePath(path: string): PathKey[] {
  const out: PathKey[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(path)) !== null) out.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return out;
}

export function formatPath(keys: readonly PathKey[]): string {
  let s = '';
  for (const k of keys) s += typeof k === 'number' ? `[${k}]` : s === '' ? k : `.${k}`;
  return s;
}

export function parseDoc(text: string): Document {
  const doc = parseDocument(text, { keepSourceTokens: false });
  const orig = chunksOf(doc, text);
  if (orig) ORIGINAL.set(doc, orig);
  return doc;
}

/**
 * The loaded text cut into one chunk per top-level key (with the comment and blank lines above it),
 * and what each chunk's value was, so `serialize` can reuse the author's exact bytes for every section
 * the form did not touch.
 */
interface Original {
  header: string;
  chunks: Map<string, { text: string; sig: string }>;
}
const ORIGINAL = new WeakMap<Document, Original>();

function keyName(k: unknown): string {
  return isScalar(k) ? String(k.value) : String(k);
}

function chunksOf(doc: Document, src: string): Original | undefined {
  const root = doc.contents;
  if (!isMap(root) || doc.errors.length > 0 || root.flow) return undefined;
  const lineStart = (off: number) => src.lastIndexOf('\n', off - 1) + 1;
  const starts: number[] = [];
  for (let i = 0; i < root.items.length; i++) {
    const k = root.items[i].key;
    const off = isScalar(k) && k.range ? k.range[0] : -1;
    if (off < 0) return undefined;
    let st = lineStart(off);
    // Comment and blank lines directly above a key belong to it (yaml attaches them the same way).
    while (i > 0 && st > 0) {
      const prev = lineStart(st - 1);
      const line = src.slice(prev, st - 1);
      if (line.trim() === '' || line.startsWith('#')) st = prev;
      else break;
    }
    starts.push(st);
  }
  const chunks = new Map<string, { text: string; sig: string }>();
  root.items.forEach((p, i) => {
    chunks.set(keyName(p.key), { text: src.slice(starts[i], i + 1 < starts.length ? starts[i + 1] : src.length), sig: signature(p.value) });
  });
  return { header: src.slice(0, starts[0] ?? src.length), chunks };
}

function signature(v: unknown): string {
  const node = v as { toJSON?: () => unknown } | null;
  return JSON.stringify(node && typeof node === 'object' && 'toJSON' in node && node.toJSON ? node.toJSON() : v);
}

/**
 * The Document as text: every top-level section whose value is unchanged since it was loaded is
 * copied byte for byte from the loaded text; edited sections are printed by yaml (which keeps their
 * comments, key order and flow style, but cannot keep e.g. the author's own folding of a `>` block).
 * Without this, yaml would re-fold every long line of the file at 80 columns on the first edit.
 */
export function serialize(doc: Document): string {
  const orig = ORIGINAL.get(doc);
  const root = doc.contents;
  if (!orig || !isMap(root)) return doc.toString({ lineWidth: 0 });
  let out = orig.header;
  for (const pair of root.items) {
    const o = orig.chunks.get(keyName(pair.key));
    if (o && o.sig === signature(pair.value)) {
      out += o.text.endsWith('\n') ? o.text : `${o.text}\n`;
      continue;
    }
    const single = new Document();
    single.contents = single.createNode({});
    (single.contents as YAMLMap).items.push(pair);
    out += single.toString({ lineWidth: 0 });
  }
  // The file's own last line break (or its absence) is kept.
  const src = [orig.header, ...[...orig.chunks.values()].map((c) => c.text)].join('');
  if (!src.endsWith('\n') && out.endsWith('\n')) out = out.slice(0, -1);
  return out;
}

/** Plain JS value at a path (scalars as their value, collections as JSON), or undefined. */
export function valueAt(doc: Document, path: string | readonly PathKey[]): unknown {
  const keys = typeof path === 'string' ? parsePath(path) : path;
  if (keys.length === 0) return doc.toJS();
  const node = doc.getIn(keys, true);
  if (node === undefined || node === null) return undefined;
  if (isScalar(node)) return node.value;
  if (isMap(node) || isSeq(node)) return node.toJSON();
  return node;
}

/** The text a form input shows for a scalar (numbers as written in the file when possible). */
export function textAt(doc: Document, path: string): string {
  const node = doc.getIn(parsePath(path), true);
  if (isScalar(node)) return node.source ?? (node.value === null || node.value === undefined ? '' : String(node.value));
  // Values set without a node (older edits, foreign Documents) are plain JS values.
  if (node === null || node === undefined || typeof node === 'object') return '';
  return String(node);
}

/** What an input's text becomes in YAML: a bare number stays a number, `true`/`false` booleans, else a string. */
export function scalarFromInput(text: string): string | number | boolean {
  const t = text.trim();
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return Number(t);
  if (t === 'true' || t === 'false') return t === 'true';
  return t;
}

/**
 * Set a scalar. An existing scalar node keeps its comments and quoting (yaml sets `.value` in place);
 * missing parent mappings are created.
 */
export function setAt(doc: Document, path: string | readonly PathKey[], value: unknown): void {
  const keys = typeof path === 'string' ? parsePath(path) : [...path];
  const node = doc.getIn(keys, true);
  if (isScalar(node) && (value === null || typeof value !== 'object')) {
    node.value = value;
    // A scalar written as a number keeps its `source` text otherwise; drop it so the new value prints.
    delete (node as { source?: string }).source;
    return;
  }
  // Always a node (yaml would otherwise store the raw value, which has no place for style or comments).
  doc.setIn(keys, doc.createNode(value));
}

export function deleteAt(doc: Document, path: string | readonly PathKey[]): void {
  const keys = typeof path === 'string' ? parsePath(path) : [...path];
  if (doc.hasIn(keys)) doc.deleteIn(keys);
}

/** Append to a sequence (creating it, as a block sequence, if missing). Returns the new item's index. */
export function appendAt(doc: Document, path: string, value: unknown): number {
  const keys = parsePath(path);
  const seq = doc.getIn(keys, true);
  if (isSeq(seq)) {
    seq.add(doc.createNode(value));
    return seq.items.length - 1;
  }
  doc.setIn(keys, doc.createNode([value]));
  return 0;
}

/** Move a sequence item (keeps the item's node, so its comments move with it). */
export function moveAt(doc: Document, path: string, from: number, to: number): void {
  const seq = doc.getIn(parsePath(path), true);
  if (!isSeq(seq) || to < 0 || to >= seq.items.length) return;
  const [item] = seq.items.splice(from, 1);
  seq.items.splice(to, 0, item);
}

/** Keys of a mapping at a path, in file order. */
export function keysAt(doc: Document, path: string): string[] {
  const node = path === '' ? doc.contents : doc.getIn(parsePath(path), true);
  if (!isMap(node)) return [];
  return node.items.map((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)));
}

export function lengthAt(doc: Document, path: string): number {
  const node = doc.getIn(parsePath(path), true);
  return isSeq(node) ? node.items.length : 0;
}

/** Rename a mapping key in place (keeps its position and value). */
export function renameKey(doc: Document, path: string, from: string, to: string): void {
  const node = path === '' ? doc.contents : doc.getIn(parsePath(path), true);
  if (!isMap(node)) return;
  const pair = node.items.find((p) => isScalar(p.key) && p.key.value === from);
  if (pair && isScalar(pair.key)) pair.key.value = to;
}

/** Seconds → the shortest exact duration text: `25 min`, `1 h`, `90 s`. */
export function formatDuration(s: number): string {
  const r = Math.round(s);
  if (r !== 0 && r % 3600 === 0) return `${r / 3600} h`;
  if (r % 60 === 0) return `${r / 60} min`;
  return `${r} s`;
}

/** Seconds → a time to read (not to write back): `1 h 51 min`, `25 min`, `40 s`. */
export function formatClock(s: number): string {
  const m = Math.round(s / 60);
  if (s < 60) return `${Math.round(s)} s`;
  if (m < 60) return `${m} min`;
  return m % 60 === 0 ? `${m / 60} h` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** A duration as written (`15 min`, `$onset`, `90`) → seconds, resolving `$param` through `parameters`. */
export function durationSeconds(doc: Document, raw: unknown): number | null {
  if (typeof raw === 'number') return raw;
  if (typeof raw !== 'string') return null;
  const t = raw.trim();
  if (t.startsWith('$')) return durationSeconds(doc, valueAt(doc, ['parameters', t.slice(1), 'default']));
  const q = parseQuantity(t, 'duration');
  return q.ok ? q.value : null;
}
