/**
 * The condition language of triggers, transitions, expected-action anchors and labels. A hand-written
 * recursive-descent parser (no eval, no Function): the grammar is small and every error points at a
 * column inside the expression.
 *
 * Grammar (keywords are lower-case; whitespace is free):
 *
 *   condition := expr [ 'for' DURATION ]          -- 'for': must hold continuously that long
 *   expr      := and { 'or' and }
 *   and       := not { 'and' not }
 *   not       := 'not' not | cmp
 *   cmp       := sum [ ('<' | '<=' | '>' | '>=' | '==' | '!=') sum ]
 *   sum       := prod { ('+' | '-') prod }
 *   prod      := unary { ('*' | '/') unary }
 *   unary     := '-' unary | primary
 *   primary   := NUMBER [ 's' | 'min' | 'h' ]       -- with a unit it is a duration
 *              | 'truth.' NAME                     -- hidden true state, e.g. truth.map_mmhg
 *              | 'measured.' NAME                  -- monitor numerics, e.g. measured.spo2 (false while absent)
 *              | 'action.' NAME [ 'given' ]        -- the learner has done NAME (e.g. action.antibiotics given)
 *              | 'episode.' LABEL                  -- a truth or author episode is active now
 *              | 'state.' NAME                     -- the scenario is in state NAME
 *              | 'elapsed' | 'state_time'          -- scenario time / time in the current state (durations)
 *              | 'true' | 'false' | 'start'        -- 'start' is true from t = 0 (for anchors)
 *              | '(' expr ')'
 *
 * Types are checked: comparisons need numbers on both sides or durations on both sides
 * (`elapsed > 10` is an error: write `elapsed > 10 min`), and the whole must be true/false.
 * NAME lookups accept snake_case of the engine's camelCase field names and may leave off the unit
 * suffix when unambiguous (`measured.spo2` → spo2Pct).
 */
import { didYouMean } from './diagnostics';
import type { ParsedString } from './schema';
import { DIMENSIONS, type DimensionDef } from './units';

export type CmpOp = '<' | '<=' | '>' | '>=' | '==' | '!=';
export type ArithOp = '+' | '-' | '*' | '/';

export type Expr =
  | { t: 'num'; v: number; off: number }
  | { t: 'dur'; v: number; off: number }
  | { t: 'bool'; v: boolean; off: number }
  | { t: 'truth'; key: string; off: number }
  | { t: 'measured'; key: string; off: number }
  | { t: 'elapsed'; off: number }
  | { t: 'state_time'; off: number }
  | { t: 'action'; name: string; off: number }
  | { t: 'episode'; label: string; off: number }
  | { t: 'state'; name: string; off: number }
  | { t: 'not'; e: Expr; off: number }
  | { t: 'and' | 'or'; a: Expr; b: Expr; off: number }
  | { t: 'cmp'; op: CmpOp; a: Expr; b: Expr; off: number }
  | { t: 'arith'; op: ArithOp; a: Expr; b: Expr; off: number }
  | { t: 'neg'; e: Expr; off: number };

export interface Condition {
  source: string;
  expr: Expr;
  /** Sustain time: the expression must hold this long before the condition counts as met. */
  forS: number;
}

/** Names the parser checks while parsing (the rest — episodes, states — are checked per document). */
export interface ExprVocabulary {
  truthKeys: readonly string[];
  measuredKeys: readonly string[];
  actions: readonly string[];
}

type Ty = 'bool' | 'num' | 'dur';

const DURATION_UNITS: Record<string, number> = { s: 1, min: 60, h: 3600 };
const DURATION_ALIASES: Record<string, string> = { sec: 's', secs: 's', seconds: 's', mins: 'min', minutes: 'min', hr: 'h', hrs: 'h', hours: 'h', m: 'min' };
/** Unit words from every dimension (mmHg, mL…), to explain that only durations take units here. */
const OTHER_UNITS = new Set(Object.values(DIMENSIONS).flatMap((d: DimensionDef) => [...Object.keys(d.units), ...Object.keys(d.aliases ?? {})]));
const KEYWORDS = new Set(['and', 'or', 'not', 'for', 'given', 'true', 'false', 'start', 'elapsed', 'state_time']);
const MAX_EXPR_LENGTH = 500;

class ExprError {
  constructor(
    readonly message: string,
    readonly offset: number,
    readonly suggestion?: string,
  ) {}
}

interface Tok {
  k: 'num' | 'id' | 'op' | 'end';
  s: string;
  off: number;
}

function lex(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    const num = /^(\d+(\.\d*)?|\.\d+)/.exec(src.slice(i));
    if (num) {
      toks.push({ k: 'num', s: num[0], off: i });
      i += num[0].length;
      continue;
    }
    // Dotted names (truth.map_mmhg) are one token so errors can point at the field part.
    const id = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?/.exec(src.slice(i));
    if (id) {
      toks.push({ k: 'id', s: id[0], off: i });
      i += id[0].length;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (two === '<=' || two === '>=' || two === '==' || two === '!=') {
      toks.push({ k: 'op', s: two, off: i });
      i += 2;
      continue;
    }
    if ('<>()+-*/'.includes(c)) {
      toks.push({ k: 'op', s: c, off: i });
      i++;
      continue;
    }
    if (c === '=') throw new ExprError(`expected '==' for equality, found '='`, i, '==');
    throw new ExprError(`unexpected character '${c}'`, i);
  }
  toks.push({ k: 'end', s: '', off: src.length });
  return toks;
}

/** Resolve `map_mmhg` / `spo2` to an engine key (`mapMmHg`, `spo2Pct`). */
function resolveKey(name: string, keys: readonly string[]): { key?: string; ambiguous?: string[] } {
  const norm = name.toLowerCase().replace(/_/g, '');
  const exact = keys.find((k) => k.toLowerCase() === norm);
  if (exact) return { key: exact };
  const prefixed = keys.filter((k) => k.toLowerCase().startsWith(norm) && /^[A-Z]/.test(k.slice(norm.length)));
  if (prefixed.length === 1) return { key: prefixed[0] };
  if (prefixed.length > 1) return { ambiguous: prefixed };
  return {};
}

/** `mapMmHg` → `map_mmhg`: unit suffixes stay one word, as scenarios write them. */
function snake(key: string): string {
  const units = key.replace(/MmHg/g, 'Mmhg').replace(/CmH2O/g, 'Cmh2o').replace(/PerL/g, 'Perl');
  return units.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

class Parser {
  private p = 0;
  constructor(
    private readonly toks: Tok[],
    private readonly vocab: ExprVocabulary,
  ) {}

  peek(): Tok {
    return this.toks[this.p];
  }
  next(): Tok {
    return this.toks[this.p++];
  }
  isOp(s: string): boolean {
    const t = this.peek();
    return t.k === 'op' && t.s === s;
  }
  isKw(s: string): boolean {
    const t = this.peek();
    return t.k === 'id' && t.s === s;
  }

  expr(): Expr {
    let a = this.and();
    while (this.isKw('or')) {
      const off = this.next().off;
      const b = this.and();
      a = { t: 'or', a, b, off };
    }
    return a;
  }
  and(): Expr {
    let a = this.not();
    while (this.isKw('and')) {
      const off = this.next().off;
      const b = this.not();
      a = { t: 'and', a, b, off };
    }
    return a;
  }
  not(): Expr {
    if (this.isKw('not')) {
      const off = this.next().off;
      return { t: 'not', e: this.not(), off };
    }
    return this.cmp();
  }
  cmp(): Expr {
    const a = this.sum();
    const t = this.peek();
    if (t.k === 'op' && ['<', '<=', '>', '>=', '==', '!='].includes(t.s)) {
      this.next();
      const b = this.sum();
      return { t: 'cmp', op: t.s as CmpOp, a, b, off: t.off };
    }
    return a;
  }
  sum(): Expr {
    let a = this.prod();
    while (this.isOp('+') || this.isOp('-')) {
      const t = this.next();
      a = { t: 'arith', op: t.s as ArithOp, a, b: this.prod(), off: t.off };
    }
    return a;
  }
  prod(): Expr {
    let a = this.unary();
    while (this.isOp('*') || this.isOp('/')) {
      const t = this.next();
      a = { t: 'arith', op: t.s as ArithOp, a, b: this.unary(), off: t.off };
    }
    return a;
  }
  unary(): Expr {
    if (this.isOp('-')) {
      const off = this.next().off;
      return { t: 'neg', e: this.unary(), off };
    }
    return this.primary();
  }
  primary(): Expr {
    const t = this.next();
    if (t.k === 'num') return this.number(t);
    if (t.k === 'op' && t.s === '(') {
      const e = this.expr();
      if (!this.isOp(')')) throw new ExprError(`expected ')', found ${this.show(this.peek())}`, this.peek().off);
      this.next();
      return e;
    }
    if (t.k === 'id') return this.name(t);
    throw new ExprError(`expected a value (a number, truth.…, measured.…, action.…, elapsed), found ${this.show(t)}`, t.off);
  }

  number(t: Tok): Expr {
    const v = Number(t.s);
    const u = this.peek();
    if (u.k === 'id' && !KEYWORDS.has(u.s) && !u.s.includes('.')) {
      const f = DURATION_UNITS[u.s];
      // Only words that look like units are taken as one; anything else is left for the caller
      // (so '65 fr 2 min' reports the misspelt 'for', not a bad unit).
      if (f === undefined && !(u.s in DURATION_ALIASES) && !OTHER_UNITS.has(u.s)) return { t: 'num', v, off: t.off };
      if (f === undefined) {
        const s = DURATION_ALIASES[u.s] ?? didYouMean(u.s, Object.keys(DURATION_UNITS));
        throw new ExprError(
          `expected a duration unit (s, min, h) after ${t.s}, found '${u.s}'; other quantities take the unit from the variable name (truth.map_mmhg < 65)`,
          u.off,
          s,
        );
      }
      this.next();
      return { t: 'dur', v: v * f, off: t.off };
    }
    return { t: 'num', v, off: t.off };
  }

  name(t: Tok): Expr {
    const s = t.s;
    if (s === 'true' || s === 'false') return { t: 'bool', v: s === 'true', off: t.off };
    if (s === 'start') return { t: 'bool', v: true, off: t.off };
    if (s === 'elapsed') return { t: 'elapsed', off: t.off };
    if (s === 'state_time') return { t: 'state_time', off: t.off };
    const dot = s.indexOf('.');
    if (dot < 0) {
      const roots = ['truth.', 'measured.', 'action.', 'episode.', 'state.', 'elapsed', 'state_time'];
      throw new ExprError(`expected a value (a number, truth.…, measured.…, action.…, episode.…, state.…, elapsed), found '${s}'`, t.off, didYouMean(s, roots));
    }
    const root = s.slice(0, dot);
    const field = s.slice(dot + 1);
    const fieldOff = t.off + dot + 1;
    switch (root) {
      case 'truth':
      case 'measured': {
        const keys = root === 'truth' ? this.vocab.truthKeys : this.vocab.measuredKeys;
        const r = resolveKey(field, keys);
        if (r.key) return { t: root, key: r.key, off: t.off };
        if (r.ambiguous) {
          throw new ExprError(`'${root}.${field}' is ambiguous: ${r.ambiguous.map((k) => `${root}.${snake(k)}`).join(', ')}`, fieldOff);
        }
        const sugg = didYouMean(field, keys.map(snake));
        throw new ExprError(`expected a ${root === 'truth' ? 'true-state' : 'measured'} variable, found '${root}.${field}'`, fieldOff, sugg ? `${root}.${sugg}` : undefined);
      }
      case 'action': {
        if (!this.vocab.actions.includes(field)) {
          const sugg = didYouMean(field, this.vocab.actions);
          throw new ExprError(`expected a learner action, found 'action.${field}'`, fieldOff, sugg ? `action.${sugg}` : undefined);
        }
        if (this.isKw('given')) this.next();
        return { t: 'action', name: field, off: t.off };
      }
      case 'episode':
        return { t: 'episode', label: field, off: fieldOff };
      case 'state':
        return { t: 'state', name: field, off: fieldOff };
      default: {
        const sugg = didYouMean(root, ['truth', 'measured', 'action', 'episode', 'state']);
        throw new ExprError(`expected truth., measured., action., episode. or state., found '${root}.'`, t.off, sugg ? `${sugg}.${field}` : undefined);
      }
    }
  }

  show(t: Tok): string {
    return t.k === 'end' ? 'the end of the expression' : `'${t.s}'`;
  }
}

function typeOf(e: Expr): Ty {
  switch (e.t) {
    case 'num':
    case 'truth':
    case 'measured':
      return 'num';
    case 'dur':
    case 'elapsed':
    case 'state_time':
      return 'dur';
    case 'bool':
    case 'action':
    case 'episode':
    case 'state':
      return 'bool';
    case 'not': {
      if (typeOf(e.e) !== 'bool') throw new ExprError(`expected a condition after 'not', found a ${tyName(typeOf(e.e))}`, e.e.off);
      return 'bool';
    }
    case 'and':
    case 'or':
      for (const x of [e.a, e.b]) if (typeOf(x) !== 'bool') throw new ExprError(`expected a condition on each side of '${e.t}', found a ${tyName(typeOf(x))}`, x.off);
      return 'bool';
    case 'neg': {
      const ty = typeOf(e.e);
      if (ty === 'bool') throw new ExprError(`expected a number after '-', found a condition`, e.e.off);
      return ty;
    }
    case 'cmp': {
      const a = typeOf(e.a);
      const b = typeOf(e.b);
      if (a === 'bool' || b === 'bool') throw new ExprError(`expected numbers on both sides of '${e.op}', found a condition`, a === 'bool' ? e.a.off : e.b.off);
      if (a !== b) {
        const numSide = a === 'num' ? e.a : e.b;
        throw new ExprError(`expected a duration on both sides of '${e.op}' (like '10 min'), found a plain number`, numSide.off);
      }
      return 'bool';
    }
    case 'arith': {
      const a = typeOf(e.a);
      const b = typeOf(e.b);
      if (a === 'bool' || b === 'bool') throw new ExprError(`expected numbers on both sides of '${e.op}', found a condition`, a === 'bool' ? e.a.off : e.b.off);
      if (e.op === '+' || e.op === '-') {
        if (a !== b) throw new ExprError(`expected the same kind on both sides of '${e.op}' (durations or numbers)`, e.off);
        return a;
      }
      if (a === 'dur' && b === 'dur') throw new ExprError(`cannot ${e.op === '*' ? 'multiply' : 'divide'} two durations`, e.off);
      if (e.op === '/' && b === 'dur') throw new ExprError(`cannot divide by a duration`, e.b.off);
      return a === 'dur' || b === 'dur' ? 'dur' : 'num';
    }
  }
}

function tyName(t: Ty): string {
  return t === 'bool' ? 'condition' : t === 'dur' ? 'duration' : 'number';
}

function wrap<T>(src: string, f: () => T): ParsedString<T> {
  if (src.length > MAX_EXPR_LENGTH) return { ok: false, message: `expected at most ${MAX_EXPR_LENGTH} characters, found ${src.length}`, offset: 0 };
  try {
    return { ok: true, value: f() };
  } catch (e) {
    if (e instanceof ExprError) return { ok: false, message: e.message, offset: e.offset, ...(e.suggestion ? { suggestion: e.suggestion } : {}) };
    throw e;
  }
}

/** Parse a condition; `allowFor` is false where sustain makes no sense (anchors use the first instant). */
export function parseCondition(src: string, vocab: ExprVocabulary, allowFor = true): ParsedString<Condition> {
  return wrap(src, () => {
    const toks = lex(src);
    const ps = new Parser(toks, vocab);
    const expr = ps.expr();
    let forS = 0;
    if (ps.isKw('for')) {
      const ft = ps.next();
      if (!allowFor) throw new ExprError(`'for' is not allowed here (the anchor is the first moment the condition holds)`, ft.off);
      const n = ps.next();
      if (n.k !== 'num') throw new ExprError(`expected a duration like '2 min' after 'for', found ${ps.show(n)}`, n.off);
      const d = ps.number(n);
      if (d.t !== 'dur') throw new ExprError(`expected a duration like '2 min' after 'for', found ${n.s} (no unit)`, n.off, `${n.s} min`);
      forS = d.v;
    }
    const end = ps.peek();
    if (end.k !== 'end') {
      const hint = end.k === 'id' && end.s === 'given' ? ` ('given' follows action.NAME)` : '';
      const sugg = end.k === 'id' ? didYouMean(end.s, allowFor ? ['for', 'and', 'or'] : ['and', 'or']) : undefined;
      throw new ExprError(`expected 'and', 'or'${allowFor ? ", 'for'" : ''} or the end of the expression, found ${ps.show(end)}${hint}`, end.off, sugg);
    }
    const ty = typeOf(expr);
    if (ty !== 'bool') throw new ExprError(`expected a condition (true or false), found a ${tyName(ty)}; compare it, e.g. '${src} > …'`, 0);
    return { source: src, expr, forS };
  });
}

/** Every `episode.X` / `state.X` reference with its offset, for the per-document checks. */
export function collectRefs(e: Expr, out: { kind: 'episode' | 'state'; name: string; off: number }[] = []): typeof out {
  switch (e.t) {
    case 'episode':
      out.push({ kind: 'episode', name: e.label, off: e.off });
      break;
    case 'state':
      out.push({ kind: 'state', name: e.name, off: e.off });
      break;
    case 'not':
    case 'neg':
      collectRefs(e.e, out);
      break;
    case 'and':
    case 'or':
    case 'cmp':
    case 'arith':
      collectRefs(e.a, out);
      collectRefs(e.b, out);
      break;
    default:
      break;
  }
  return out;
}
