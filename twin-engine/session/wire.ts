/**
 * Text frames for the session protocol over a byte stream (the network host's WebSocket). The other
 * hosts pass structured-cloned objects; JSON alone would lose what structured cloning keeps, so typed
 * arrays (waveform samples) and non-finite numbers are tagged. Float32/Float64 values survive the
 * JSON round trip exactly (shortest round-trip decimal), which keeps the streams bit for bit.
 * Tags use a key of their own (TAG): engine snapshots already carry `$n`-style tags of their own,
 * which must pass through untouched.
 */

const TAG = '§wire';

const TYPED = {
  Float32Array,
  Float64Array,
  Int8Array,
  Int16Array,
  Int32Array,
  Uint8Array,
  Uint16Array,
  Uint32Array,
  Uint8ClampedArray,
} as const;
type TypedName = keyof typeof TYPED;

function typedName(v: unknown): TypedName | null {
  if (!ArrayBuffer.isView(v) || v instanceof DataView) return null;
  const n = (v as object).constructor.name;
  return n in TYPED ? (n as TypedName) : null;
}

function replacer(this: unknown, _key: string, v: unknown): unknown {
  if (typeof v === 'number') {
    if (Number.isFinite(v)) return Object.is(v, -0) ? { [TAG]: 'n', v: '-0' } : v;
    return { [TAG]: 'n', v: String(v) }; // NaN, Infinity, -Infinity
  }
  const t = typedName(v);
  if (t) return { [TAG]: t, v: Array.from(v as ArrayLike<number>) };
  if (typeof v === 'object' && v !== null && Object.prototype.hasOwnProperty.call(v, TAG)) throw new Error(`cannot send an object with the key '${TAG}'`);
  return v;
}

function reviver(_key: string, v: unknown): unknown {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
  const o = v as Record<string, unknown>;
  if (!Object.prototype.hasOwnProperty.call(o, TAG)) return v;
  const tag = o[TAG];
  if (tag === 'n') {
    if (o.v === 'NaN') return NaN;
    if (o.v === 'Infinity') return Infinity;
    if (o.v === '-Infinity') return -Infinity;
    if (o.v === '-0') return -0;
    throw new Error(`unknown tagged number '${String(o.v)}'`);
  }
  const ctor = typeof tag === 'string' && Object.prototype.hasOwnProperty.call(TYPED, tag) ? TYPED[tag as TypedName] : null;
  if (!ctor || !Array.isArray(o.v) || !o.v.every((x) => typeof x === 'number')) throw new Error(`malformed tagged value '${String(tag)}'`);
  return new ctor(o.v as number[]);
}

export function encodeFrame(msg: unknown): string {
  return JSON.stringify(msg, replacer);
}

/** Parse one frame; throws a short reason when it is not JSON or carries a malformed tag. */
export function decodeFrame(text: string): unknown {
  return JSON.parse(text, reviver);
}
