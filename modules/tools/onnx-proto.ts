/**
 * A minimal ONNX (protobuf) writer: just the ModelProto / GraphProto / NodeProto / TensorProto /
 * ValueInfoProto fields needed for small float graphs, so the example model can be rebuilt without a
 * protobuf dependency. Field numbers from onnx/onnx.proto (ONNX IR, https://github.com/onnx/onnx).
 */
type Field = Uint8Array;

function varint(n: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(n));
  const out: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) b |= 0x80;
    out.push(b);
  } while (v !== 0n);
  return out;
}

const cat = (parts: Field[]): Field => {
  const n = parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};
const key = (field: number, wire: number) => varint((field << 3) | wire);
const vInt = (field: number, v: number): Field => new Uint8Array([...key(field, 0), ...varint(v)]);
const bytes = (field: number, b: Field): Field => cat([new Uint8Array([...key(field, 2), ...varint(b.length)]), b]);
const str = (field: number, s: string): Field => bytes(field, new TextEncoder().encode(s));
const f32 = (field: number, v: number): Field => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setFloat32(0, v, true);
  return cat([new Uint8Array(key(field, 5)), b]);
};

/** ONNX TensorProto.DataType.FLOAT */
export const FLOAT = 1;

export interface Attr {
  name: string;
  f?: number;
  i?: number;
  ints?: number[];
}

export function node(opType: string, inputs: string[], outputs: string[], name: string, attrs: Attr[] = []): Field {
  const parts: Field[] = [...inputs.map((s) => str(1, s)), ...outputs.map((s) => str(2, s)), str(3, name), str(4, opType)];
  for (const a of attrs) {
    // AttributeProto: name 1, f 2, i 3, ints 8, type 20 (FLOAT 1, INT 2, INTS 7)
    const ap: Field[] = [str(1, a.name)];
    if (a.f !== undefined) ap.push(f32(2, a.f), vInt(20, 1));
    else if (a.i !== undefined) ap.push(vInt(3, a.i), vInt(20, 2));
    else if (a.ints) ap.push(...a.ints.map((v) => vInt(8, v)), vInt(20, 7));
    parts.push(bytes(5, cat(ap)));
  }
  return cat(parts);
}

/** A float initializer (TensorProto: dims 1, data_type 2, name 8, raw_data 9 little-endian). */
export function tensor(name: string, dims: number[], values: number[]): Field {
  const raw = new Uint8Array(values.length * 4);
  const dv = new DataView(raw.buffer);
  values.forEach((v, i) => dv.setFloat32(i * 4, v, true));
  return cat([...dims.map((d) => vInt(1, d)), vInt(2, FLOAT), str(8, name), bytes(9, raw)]);
}

/** ValueInfoProto for a float tensor with fixed dims. */
export function valueInfo(name: string, dims: number[]): Field {
  const shape = cat(dims.map((d) => bytes(1, vInt(1, d))));
  const tensorType = cat([vInt(1, FLOAT), bytes(2, shape)]);
  return cat([str(1, name), bytes(2, bytes(1, tensorType))]);
}

export function model(opts: { graphName: string; nodes: Field[]; initializers: Field[]; inputs: Field[]; outputs: Field[]; opset: number; producer: string }): Uint8Array {
  const graph = cat([
    ...opts.nodes.map((n) => bytes(1, n)),
    str(2, opts.graphName),
    ...opts.initializers.map((t) => bytes(5, t)),
    ...opts.inputs.map((v) => bytes(11, v)),
    ...opts.outputs.map((v) => bytes(12, v)),
  ]);
  const opset = cat([str(1, ''), vInt(2, opts.opset)]);
  // ModelProto: ir_version 1, producer_name 2, graph 7, opset_import 8. IR 8 goes with opset 13–18.
  return cat([vInt(1, 8), str(2, opts.producer), bytes(7, graph), bytes(8, opset)]);
}
