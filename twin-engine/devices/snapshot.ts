/**
 * Generic state capture for snapshot()/restore(): walks an object graph of plain fields, typed arrays
 * and Prng instances and writes plain JSON (non-finite numbers tagged, typed arrays as number arrays).
 * restoreInto() writes such a record back into a freshly constructed object graph of the same shape,
 * so every field a component adds is covered without per-class code. Objects may override with
 * snapshotState()/restoreState().
 */
import { Prng, type PrngState } from '../util/prng';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function encNum(x: number): Json {
  return Number.isFinite(x) ? x : { $n: String(x) };
}

function decNum(x: unknown): number {
  if (typeof x === 'number') return x;
  if (x === null) return NaN;
  const s = (x as { $n: string }).$n;
  return s === 'Infinity' ? Infinity : s === '-Infinity' ? -Infinity : NaN;
}

type TA = Float64Array | Float32Array | Int8Array | Uint8Array | Int32Array;

function isTA(v: unknown): v is TA {
  return v instanceof Float64Array || v instanceof Float32Array || v instanceof Int8Array || v instanceof Uint8Array || v instanceof Int32Array;
}

export function capture(v: unknown): Json {
  if (typeof v === 'number') return encNum(v);
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'function') return null;
  if (v instanceof Prng) return { $prng: v.getState() as unknown as Json };
  if (isTA(v)) return { $ta: Array.from(v as ArrayLike<number>, (x) => encNum(x)) };
  if (Array.isArray(v)) return v.map(capture);
  const o = v as Record<string, unknown> & { snapshotState?: () => unknown };
  if (typeof o.snapshotState === 'function') return { $custom: o.snapshotState() as Json };
  const out: { [k: string]: Json } = {};
  for (const k of Object.keys(o)) {
    if (typeof o[k] === 'function') continue;
    out[k] = capture(o[k]);
  }
  return out;
}

function decodePlain(d: unknown): unknown {
  if (d === null || typeof d !== 'object') return d;
  if (Array.isArray(d)) return d.map(decodePlain);
  const o = d as Record<string, unknown>;
  if ('$n' in o) return decNum(o);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o)) out[k] = decodePlain(o[k]);
  return out;
}

/** Write captured data back into `target` (constructed with the same options). */
export function restoreInto(target: Record<string, unknown>, data: Record<string, unknown>): void {
  for (const k of Object.keys(data)) {
    const d = data[k];
    const cur = target[k];
    if (cur instanceof Prng) {
      cur.setState((d as { $prng: PrngState }).$prng);
    } else if (isTA(cur)) {
      const arr = (d as { $ta: unknown[] }).$ta.map(decNum);
      if (arr.length === cur.length) cur.set(arr);
      else target[k] = new (cur.constructor as new (a: number[]) => TA)(arr);
    } else if (cur !== null && typeof cur === 'object' && !Array.isArray(cur) && d !== null && typeof d === 'object') {
      const c = cur as Record<string, unknown> & { restoreState?: (s: unknown) => void };
      if ('$custom' in (d as object) && typeof c.restoreState === 'function') c.restoreState((d as { $custom: unknown }).$custom);
      else if ('$n' in (d as object)) target[k] = decNum(d);
      else restoreInto(c, d as Record<string, unknown>);
    } else if (typeof d === 'number' || (d !== null && typeof d === 'object' && '$n' in (d as object))) {
      target[k] = decNum(d);
    } else if (d === null && typeof cur === 'number') {
      target[k] = NaN;
    } else {
      target[k] = decodePlain(d);
    }
  }
}
