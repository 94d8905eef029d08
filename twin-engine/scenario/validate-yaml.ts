/**
 * Validates a YAML document against a schema (./schema) and produces the typed value, collecting every
 * problem with its line and column rather than stopping at the first one.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, Scalar, type Document, type Node as YNode } from 'yaml';
import { didYouMean, showFound, type Diagnostic } from './diagnostics';
import type { Node, S } from './schema';
import { camelCase } from './schema';
import { DIMENSIONS, formatQuantity, parseQuantity, type Dimension } from './units';
import { escapeControl } from '../util/text';
import { own } from './own';

/**
 * Deepest nesting a scenario file may use. The library's deepest file nests 8 levels; the YAML parser
 * and this validator recurse per level, so without a limit a 2,000-deep file overflows the stack.
 */
export const MAX_NESTING = 64;

/** A scenario parameter that quantities may reference as `$name` (cohorts vary these). */
export interface ParamDecl {
  /** null: a plain number (e.g. severity). */
  dim: Dimension | null;
  value: number;
  /** Set by a ward or cohort: its range is then checked (and reported) by whoever overrode it. */
  overridden?: boolean;
}

/** Where a `$param` was used, as a path into the produced value, so a cohort can re-bind it. */
export interface ParamBinding {
  path: (string | number)[];
  param: string;
  /** The range the field accepts (base units), so re-bound values can be checked. */
  min: number;
  max: number;
  /** Factor from the parameter's base unit to the field's unit (condition params like rateMlPerMin); 1 if absent. */
  scale?: number;
}

export interface ValidateContext {
  file: string;
  lineCounter: LineCounter;
  diagnostics: Diagnostic[];
  /** File offset where each visited node starts, keyed by display path. */
  offsets: Map<string, number>;
  /** For parsed strings: file offset of the string's first character, so inner errors get exact columns. */
  textStart: Map<string, number>;
  params: ReadonlyMap<string, ParamDecl>;
  bindings: ParamBinding[];
  doc: Document.Parsed;
}

export const INVALID: unique symbol = Symbol('invalid');
type Out = unknown | typeof INVALID;

export const PARAM_RE = /^\$[a-z][a-z0-9_]*$/;

export function positionOf(ctx: ValidateContext, offset: number): { line: number; column: number } {
  const p = ctx.lineCounter.linePos(offset);
  return { line: p.line, column: p.col };
}

/** Order diagnostics by file (in order of first appearance), then line and column. */
export function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  const files = [...new Set(ds.map((d) => d.file))];
  return [...ds].sort((a, b) => files.indexOf(a.file) - files.indexOf(b.file) || a.line - b.line || a.column - b.column);
}

export function report(ctx: ValidateContext, offset: number, path: string, message: string, suggestion?: string): void {
  const { line, column } = positionOf(ctx, offset);
  // Paths and messages quote the file's own text: its control bytes are shown escaped, never echoed.
  ctx.diagnostics.push({
    file: ctx.file,
    line,
    column,
    path: escapeControl(path),
    message: escapeControl(message),
    ...(suggestion !== undefined ? { suggestion: escapeControl(suggestion) } : {}),
  });
}

/** Report at a path recorded during validation (for cross-reference checks run afterwards). */
export function reportAt(ctx: ValidateContext, path: string, message: string, suggestion?: string, innerOffset?: number): void {
  const base = innerOffset !== undefined ? ctx.textStart.get(path) : undefined;
  const off = base !== undefined ? base + innerOffset! : (ctx.offsets.get(path) ?? 0);
  report(ctx, off, path, message, suggestion);
}

export interface ParsedYaml {
  ctx: ValidateContext;
  root: YNode | null;
}

/** Parse YAML text; syntax errors become diagnostics (and `root` is null when the document is unusable). */
export function parseYaml(text: string, file: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const deep = nestingBeyond(text, MAX_NESTING);
  if (deep !== null) {
    // Refused before parsing: the parser itself would overflow the stack on thousands of levels.
    lineCounter.addNewLine(0);
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineCounter.addNewLine(i + 1);
    const empty = parseDocument('', { lineCounter: new LineCounter() });
    const ctx: ValidateContext = { file, lineCounter, diagnostics: [], offsets: new Map(), textStart: new Map(), params: new Map(), bindings: [], doc: empty };
    report(ctx, deep, '', `expected at most ${MAX_NESTING} levels of nesting, found more; flatten the lists and mappings here`);
    return { ctx, root: null };
  }
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const ctx: ValidateContext = {
    file,
    lineCounter,
    diagnostics: [],
    offsets: new Map(),
    textStart: new Map(),
    params: new Map(),
    bindings: [],
    doc,
  };
  for (const e of doc.errors) {
    const first = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    report(ctx, e.pos[0], '', `invalid YAML: ${first}`);
  }
  return { ctx, root: doc.errors.length > 0 ? null : ((doc.contents as YNode | null) ?? null) };
}

export function validate<T>(schema: S<T>, node: YNode | null, ctx: ValidateContext): T | typeof INVALID {
  return walk(schema.node, node, '', [], ctx, 0) as T | typeof INVALID;
}

/** Validate a sub-document at a given path (used to read `parameters` before the rest). */
export function validateAt<T>(schema: S<T>, node: YNode | null, path: string, ctx: ValidateContext): T | typeof INVALID {
  return walk(schema.node, node, path, [], ctx, 0) as T | typeof INVALID;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function describe(node: YNode | null): string {
  if (node === null) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) return showFound(node.value);
  return 'something else';
}

/**
 * Offset of the first bracket or indentation that nests deeper than `max` levels, or null. Flow
 * brackets inside quotes and comments do not count; block nesting counts indentation steps, which
 * over-counts nothing the schema allows (every library file stays under 10).
 */
export function nestingBeyond(text: string, max: number): number | null {
  let depth = 0;
  let quote: string | null = null;
  let comment = false;
  let lineStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      comment = false;
      lineStart = true;
      continue;
    }
    if (lineStart) {
      let j = i;
      while (text[j] === ' ' || text[j] === '-') j++;
      // Two columns per block level is the tightest YAML indentation (`- ` or two spaces).
      if (quote === null && (j - i) / 2 > max) return j;
      lineStart = false;
    }
    if (comment) continue;
    if (quote !== null) {
      if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'") {
      if (i === 0 || /[\s\[{,:]/.test(text[i - 1])) quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) comment = true;
    else if (c === '[' || c === '{') {
      if (++depth > max) return i;
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return null;
}

function walk(n: Node, y: YNode | null, path: string, out: (string | number)[], ctx: ValidateContext, parentOffset: number): Out {
  if (y !== null && isAlias(y)) y = (y.resolve(ctx.doc) as YNode | undefined) ?? null;
  const offset = y?.range?.[0] ?? parentOffset;
  ctx.offsets.set(path, offset);
  const fail = (message: string, suggestion?: string): typeof INVALID => {
    report(ctx, offset, path, message, suggestion);
    return INVALID;
  };
  const scalar = y !== null && isScalar(y) ? (y as Scalar).value : undefined;
  const isScalarNode = y !== null && isScalar(y);

  switch (n.k) {
    case 'ref':
      return walk(n.get(), y, path, out, ctx, parentOffset);
    case 'string': {
      if (!isScalarNode || typeof scalar !== 'string') return fail(`expected a string, found ${describe(y)}`);
      // A declared parameter written as a whole text (note: $dose) would show as the literal '$dose'.
      if (PARAM_RE.test(scalar) && ctx.params.has(scalar.slice(1)))
        return fail(`expected text written out, found parameter '${scalar}': parameters are numbers and cannot be used in text`);
      if (n.minLength !== undefined && scalar.trim().length < n.minLength) return fail(`expected a non-empty string, found '${scalar}'`);
      if (n.maxLength !== undefined && scalar.length > n.maxLength) return fail(`expected at most ${n.maxLength} characters, found ${scalar.length}`);
      if (n.pattern && !n.pattern.test(scalar)) return fail(`expected ${n.patternWhat ?? `a string matching ${n.pattern}`}, found '${scalar}'`);
      return scalar;
    }
    case 'boolean':
      if (!isScalarNode || typeof scalar !== 'boolean') return fail(`expected true or false, found ${describe(y)}`);
      return scalar;
    case 'scalar':
      if (!isScalarNode || !['number', 'string', 'boolean'].includes(typeof scalar)) return fail(`expected a number, text or true/false, found ${describe(y)}`);
      return scalar;
    case 'const':
      if (!isScalarNode || scalar !== n.value) return fail(`expected '${n.value}', found ${describe(y)}`);
      return scalar;
    case 'enum': {
      if (!isScalarNode || typeof scalar !== 'string') return fail(`expected ${n.what}, found ${describe(y)}`);
      if (!n.values.includes(scalar)) return fail(`expected ${n.what}, found '${scalar}'`, own(n.aliases, scalar) ?? didYouMean(scalar, n.values));
      return scalar;
    }
    case 'number': {
      const unit = n.unit === '' ? '' : ` ${n.unit}`;
      if (isScalarNode && typeof scalar === 'string' && n.param && PARAM_RE.test(scalar)) return bindParam(scalar, null, n.min, n.max, `${n.what}`, fail, out, ctx);
      if (isScalarNode && typeof scalar === 'string' && PARAM_RE.test(scalar)) return fail(noParamHere(scalar, n.what));
      if (!isScalarNode || typeof scalar !== 'number' || !Number.isFinite(scalar)) return fail(`expected ${n.what} (a number${unit}), found ${describe(y)}`);
      if (n.integer && !Number.isInteger(scalar)) return fail(`expected ${n.what} as a whole number, found ${scalar}`);
      if (scalar < n.min || scalar > n.max) return fail(`expected ${n.what} between ${n.min} and ${n.max}${unit}, found ${scalar}`);
      return scalar;
    }
    case 'quantity': {
      const d = DIMENSIONS[n.dim];
      const what = n.what ?? d.what;
      if (isScalarNode && typeof scalar === 'string' && n.param && PARAM_RE.test(scalar)) return bindParam(scalar, n.dim, n.min, n.max, what, fail, out, ctx);
      if (isScalarNode && typeof scalar === 'string' && PARAM_RE.test(scalar)) return fail(noParamHere(scalar, what));
      if (!isScalarNode || (typeof scalar !== 'string' && typeof scalar !== 'number')) return fail(`expected ${what} like '${d.example}', found ${describe(y)}`);
      if (typeof scalar === 'number') {
        if (!Number.isFinite(scalar)) return fail(`expected ${what} like '${d.example}', found ${showFound(scalar)}`);
        return fail(`expected ${what} like '${d.example}', found ${scalar} (no unit)`, `${scalar} ${d.example.split(' ')[1]}`);
      }
      const q = parseQuantity(scalar, n.dim);
      if (!q.ok) return fail(n.what ? q.message.replace(d.what, n.what) : q.message, q.suggestion);
      if (q.value < n.min || q.value > n.max) {
        return fail(`expected ${what} between ${formatQuantity(n.min, n.dim)} and ${formatQuantity(n.max, n.dim)}, found '${scalar}'`);
      }
      return q.value;
    }
    case 'anyQuantity': {
      if (isScalarNode && typeof scalar === 'number' && Number.isFinite(scalar)) return { dim: null, value: scalar, text: String(scalar) };
      if (!isScalarNode || typeof scalar !== 'string') return fail(`expected a number or a quantity like '20 min', found ${describe(y)}`);
      const unit = scalar.trim().replace(/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*/, '');
      const dim = (Object.keys(DIMENSIONS) as Dimension[]).find((d) => own(DIMENSIONS[d].units as Record<string, number>, unit) !== undefined);
      if (dim === undefined) return fail(`expected a number or a quantity like '20 min', found '${scalar}'`);
      const q = parseQuantity(scalar, dim);
      if (!q.ok) return fail(q.message, q.suggestion);
      return { dim, value: q.value, text: scalar };
    }
    case 'parsed': {
      if (!isScalarNode || typeof scalar !== 'string') return fail(`expected ${n.what}, found ${describe(y)}`);
      const sc = y as Scalar;
      const quoted = sc.type === Scalar.QUOTE_DOUBLE || sc.type === Scalar.QUOTE_SINGLE;
      const start = offset + (quoted ? 1 : 0);
      ctx.textStart.set(path, start);
      const r = n.parse(scalar);
      if (!r.ok) {
        report(ctx, start + r.offset, path, r.message, r.suggestion);
        return INVALID;
      }
      return r.value;
    }
    case 'array': {
      if (y === null || !isSeq(y)) return fail(`expected a list, found ${describe(y)}`);
      const items = y.items as (YNode | null)[];
      if (items.length < n.minItems) return fail(`expected at least ${n.minItems} item${n.minItems === 1 ? '' : 's'}, found ${items.length}`);
      if (n.maxItems !== undefined && items.length > n.maxItems) return fail(`expected at most ${n.maxItems} items, found ${items.length}`);
      const res: unknown[] = [];
      let bad = false;
      items.forEach((it, i) => {
        const v = walk(n.item, it, `${path}[${i}]`, [...out, i], ctx, offset);
        if (v === INVALID) bad = true;
        res.push(v);
      });
      return bad ? INVALID : res;
    }
    case 'object':
      return walkObject(n.props, y, path, out, ctx, offset, fail);
    case 'map': {
      if (y === null || !isMap(y)) return fail(`expected a mapping, found ${describe(y)}`);
      const res: Record<string, unknown> = {};
      let bad = false;
      for (const pair of y.items) {
        const keyNode = pair.key as YNode;
        const key = isScalar(keyNode) ? String(keyNode.value) : '';
        const kp = join(path, key);
        if (!n.keyPattern.test(key)) {
          report(ctx, keyNode.range?.[0] ?? offset, kp, `expected ${n.keyWhat}, found '${key}'`);
          bad = true;
          continue;
        }
        const v = walk(n.value, pair.value as YNode | null, kp, [...out, key], ctx, keyNode.range?.[0] ?? offset);
        if (v === INVALID) bad = true;
        // defineProperty: a key such as `__proto__` becomes an own entry, never the object's prototype.
        Object.defineProperty(res, key, { value: v, enumerable: true, writable: true, configurable: true });
      }
      return bad ? INVALID : res;
    }
    case 'oneKey': {
      const names = Object.keys(n.variants);
      if (y === null || !isMap(y) || y.items.length !== 1) {
        const found = y !== null && isMap(y) ? `${y.items.length} keys` : describe(y);
        return fail(`expected ${n.what}: a mapping with one key of ${names.join(', ')}; found ${found}`);
      }
      const pair = y.items[0];
      const keyNode = pair.key as YNode;
      const key = isScalar(keyNode) ? String(keyNode.value) : '';
      const variant = own(n.variants, key);
      if (variant === undefined) {
        report(ctx, keyNode.range?.[0] ?? offset, path, `expected ${n.what} (${names.join(', ')}), found '${key}'`, didYouMean(key, names));
        return INVALID;
      }
      const v = walk(variant, pair.value as YNode | null, join(path, key), [...out, 'value'], ctx, keyNode.range?.[0] ?? offset);
      return v === INVALID ? INVALID : { type: key, value: v };
    }
  }
}

function walkObject(
  props: Readonly<Record<string, import('./schema').PropDef>>,
  y: YNode | null,
  path: string,
  out: (string | number)[],
  ctx: ValidateContext,
  offset: number,
  fail: (m: string, s?: string) => typeof INVALID,
): Out {
  if (y === null || !isMap(y)) return fail(`expected a mapping, found ${describe(y)}`);
  const res: Record<string, unknown> = {};
  const seen = new Set<string>();
  let bad = false;
  const names = Object.keys(props);
  for (const pair of y.items) {
    const keyNode = pair.key as YNode;
    const key = isScalar(keyNode) ? String(keyNode.value) : '';
    const kp = join(path, key);
    const def = own(props, key);
    if (def === undefined) {
      report(ctx, keyNode.range?.[0] ?? offset, kp, `unknown key '${key}'; expected one of: ${names.join(', ')}`, didYouMean(key, names));
      bad = true;
      continue;
    }
    seen.add(key);
    const outKey = def.out ?? camelCase(key);
    const v = walk(def.node, pair.value as YNode | null, kp, [...out, outKey], ctx, keyNode.range?.[0] ?? offset);
    if (v === INVALID) bad = true;
    else res[outKey] = v;
  }
  for (const [key, def] of Object.entries(props)) {
    if (seen.has(key)) continue;
    if (def.required) {
      report(ctx, offset, join(path, key), `missing required key '${key}'`);
      bad = true;
    } else if (def.default !== undefined) {
      res[def.out ?? camelCase(key)] = structuredClone(def.default);
    }
  }
  return bad ? INVALID : res;
}

function noParamHere(text: string, what: string): string {
  return `expected ${what} written out, found parameter '${text}': parameters cannot be used here`;
}

function bindParam(
  text: string,
  dim: Dimension | null,
  min: number,
  max: number,
  what: string,
  fail: (m: string, s?: string) => typeof INVALID,
  out: (string | number)[],
  ctx: ValidateContext,
): Out {
  const name = text.slice(1);
  const decl = ctx.params.get(name);
  if (decl === undefined) {
    const known = [...ctx.params.keys()];
    const list = known.length ? known.map((k) => `$${k}`).join(', ') : 'none declared';
    const s = didYouMean(name, known);
    return fail(`expected a declared parameter (${list}), found '${text}'`, s === undefined ? undefined : `$${s}`);
  }
  if (decl.dim !== dim) {
    const want = dim === null ? 'a plain number' : DIMENSIONS[dim].what;
    const got = decl.dim === null ? 'a plain number' : DIMENSIONS[decl.dim].what;
    return fail(`expected ${what} (${want}), found parameter '${text}' which is ${got}`);
  }
  if (!decl.overridden && (decl.value < min || decl.value > max)) {
    const range = dim === null ? `${min} and ${max}` : `${formatQuantity(min, dim)} and ${formatQuantity(max, dim)}`;
    const val = dim === null ? String(decl.value) : formatQuantity(decl.value, dim);
    return fail(`expected ${what} between ${range}, found parameter '${text}' = ${val}`);
  }
  ctx.bindings.push({ path: out, param: name, min, max });
  return decl.value;
}
