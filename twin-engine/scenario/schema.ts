/**
 * A small schema language, written once and used twice: the loader validates YAML against it (with
 * positions and did-you-mean), and schema-gen turns it into the JSON Schema that editors use. Keeping
 * one source means the published schema cannot drift from what the loader accepts.
 *
 * Schemas are typed: `Infer<typeof X>` is the value the loader produces (keys renamed to camelCase
 * with units, quantities converted to base units).
 */
import type { Dimension } from './units';

/** Result of a custom string parser (expressions, references): errors carry an offset into the string. */
export type ParsedString<T> = { ok: true; value: T } | { ok: false; message: string; offset: number; suggestion?: string };

export type Node =
  | { k: 'string'; doc?: string; pattern?: RegExp; patternWhat?: string; minLength?: number; maxLength?: number }
  | { k: 'number'; doc?: string; min: number; max: number; integer: boolean; what: string; unit: string; param: boolean }
  | { k: 'boolean'; doc?: string }
  | { k: 'scalar'; doc?: string }
  | { k: 'enum'; doc?: string; values: readonly string[]; what: string; aliases?: Readonly<Record<string, string>> }
  | { k: 'const'; doc?: string; value: string }
  | { k: 'quantity'; doc?: string; dim: Dimension; min: number; max: number; what?: string; param: boolean }
  | { k: 'parsed'; doc?: string; what: string; parse: (text: string) => ParsedString<unknown> }
  | { k: 'anyQuantity'; doc?: string }
  | { k: 'array'; doc?: string; item: Node; minItems: number; maxItems?: number }
  | { k: 'object'; doc?: string; props: Readonly<Record<string, PropDef>> }
  | { k: 'map'; doc?: string; value: Node; keyPattern: RegExp; keyWhat: string }
  | { k: 'oneKey'; doc?: string; what: string; variants: Readonly<Record<string, Node>> }
  | { k: 'ref'; name: string; get: () => Node };

export interface PropDef {
  node: Node;
  required: boolean;
  /** Output key; defaults to the camelCase of the YAML key. */
  out?: string;
  /** Filled in when the key is absent (kept as written, i.e. already in base units). */
  default?: unknown;
}

/** A schema node carrying the type of the value it produces. */
export interface S<T> {
  readonly node: Node;
  /** Phantom: never set at runtime. */
  readonly _t?: T;
}
export type Infer<X> = X extends S<infer T> ? T : never;

export interface Prop<T, Req extends boolean, Out extends string | null> {
  readonly def: PropDef;
  readonly _t?: T;
  readonly _req?: Req;
  readonly _out?: Out;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyProp = Prop<any, boolean, string | null>;

export type CamelCase<K extends string> = K extends `${infer A}_${infer B}` ? `${A}${Capitalize<CamelCase<B>>}` : K;
type OutKey<P, K> = P extends Prop<unknown, boolean, infer O> ? (O extends string ? O : CamelCase<K & string>) : never;
type PropT<P> = P extends Prop<infer T, boolean, string | null> ? T : never;
type Simplify<T> = { [K in keyof T]: T[K] } & {};
export type ObjOut<P> = Simplify<
  { [K in keyof P as P[K] extends Prop<unknown, true, string | null> ? OutKey<P[K], K> : never]: PropT<P[K]> } & {
    [K in keyof P as P[K] extends Prop<unknown, true, string | null> ? never : OutKey<P[K], K>]?: PropT<P[K]>;
  }
>;

export function camelCase(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

// ---- builders ---------------------------------------------------------------------------------

export function str(opts: { doc?: string; pattern?: RegExp; patternWhat?: string; minLength?: number; maxLength?: number } = {}): S<string> {
  return { node: { k: 'string', ...opts } };
}

export function num(opts: { what: string; min: number; max: number; integer?: boolean; unit?: string; doc?: string; param?: boolean }): S<number> {
  return { node: { k: 'number', integer: false, unit: '', param: false, ...opts } };
}

/** Any number, string or boolean (interpreted later, e.g. condition parameters by their key's unit suffix). */
export function scalar(doc?: string): S<number | string | boolean> {
  return { node: { k: 'scalar', doc } };
}

export function bool(doc?: string): S<boolean> {
  return { node: { k: 'boolean', doc } };
}

/** `aliases` maps other names people use (noradrenaline) to the suggestion (norepinephrine); they are still errors. */
export function oneOf<const V extends readonly string[]>(values: V, what: string, doc?: string, aliases?: Readonly<Record<string, V[number]>>): S<V[number]> {
  return { node: { k: 'enum', values, what, doc, aliases } };
}

export function literal<const V extends string>(value: V, doc?: string): S<V> {
  return { node: { k: 'const', value, doc } };
}

/** A quantity with a unit; the produced number is in the dimension's base unit. */
export function qty(dim: Dimension, min: number, max: number, opts: { what?: string; doc?: string; param?: boolean } = {}): S<number> {
  return { node: { k: 'quantity', dim, min, max, param: false, ...opts } };
}

/** A plain number or a quantity of any dimension (the unit decides which): parameter defaults. */
export function anyQty(doc?: string): S<{ dim: Dimension | null; value: number; text: string }> {
  return { node: { k: 'anyQuantity', doc } };
}

/** A string with its own grammar (expressions, anchors); `parse` reports the column inside the string. */
export function parsed<T>(what: string, parse: (text: string) => ParsedString<T>, doc?: string): S<T> {
  return { node: { k: 'parsed', what, parse, doc } };
}

export function arr<T>(item: S<T>, opts: { minItems?: number; maxItems?: number; doc?: string } = {}): S<T[]> {
  return { node: { k: 'array', item: item.node, minItems: opts.minItems ?? 0, maxItems: opts.maxItems, doc: opts.doc } };
}

export function obj<P extends Record<string, AnyProp>>(props: P, doc?: string): S<ObjOut<P>> {
  const defs: Record<string, PropDef> = {};
  for (const [k, p] of Object.entries(props)) defs[k] = p.def;
  return { node: { k: 'object', props: defs, doc } };
}

export function map<T>(value: S<T>, keyPattern: RegExp, keyWhat: string, doc?: string): S<Record<string, T>> {
  return { node: { k: 'map', value: value.node, keyPattern, keyWhat, doc } };
}

type OneKeyOut<V> = { [K in keyof V]: { type: K; value: Infer<V[K]> } }[keyof V];
/** A mapping with exactly one key chosen from `variants` (e.g. an action `{ note: "…" }`). */
export function oneKey<V extends Record<string, S<unknown>>>(what: string, variants: V, doc?: string): S<OneKeyOut<V>> {
  const nodes: Record<string, Node> = {};
  for (const [k, v] of Object.entries(variants)) nodes[k] = v.node;
  return { node: { k: 'oneKey', what, variants: nodes, doc } };
}

/** A named definition (becomes `$defs/<name>` in the JSON Schema; also allows recursion). */
export function ref<T>(name: string, get: () => S<T>): S<T> {
  return { node: { k: 'ref', name, get: () => get().node } };
}

// Overloads rather than a defaulted type parameter: inside obj({...}) the contextual type would
// otherwise widen an omitted output key to `string`.
export function req<T>(s: S<T>): Prop<T, true, null>;
export function req<T, const O extends string>(s: S<T>, out: O): Prop<T, true, O>;
export function req<T>(s: S<T>, out?: string): Prop<T, true, string | null> {
  return { def: { node: s.node, required: true, out } };
}
export function opt<T>(s: S<T>): Prop<T, false, null>;
export function opt<T, const O extends string>(s: S<T>, out: O): Prop<T, false, O>;
export function opt<T>(s: S<T>, out?: string): Prop<T, false, string | null> {
  return { def: { node: s.node, required: false, out } };
}
/** Optional in YAML, always present in the output. */
export function dflt<T>(s: S<T>, value: NoInfer<T>): Prop<T, true, null>;
export function dflt<T, const O extends string>(s: S<T>, value: NoInfer<T>, out: O): Prop<T, true, O>;
export function dflt<T>(s: S<T>, value: T, out?: string): Prop<T, true, string | null> {
  return { def: { node: s.node, required: false, out, default: value } };
}

/** Attach a description (shown by editors through the JSON Schema). */
export function doc<T>(s: S<T>, text: string): S<T> {
  return { node: { ...s.node, doc: text } as Node };
}
