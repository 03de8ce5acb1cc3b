/**
 * The smallest ONNX model onnxruntime accepts (y = Identity(x), one float): creating a session on it makes
 * onnxruntime-web download and compile its WebAssembly and start its threads, which it otherwise does only for the
 * first real model. The worker does that as soon as it starts (eval.worker.ts), while the page renders and the
 * model and test set are fetched, so the real session is only the model's own work.
 *
 * Encoded here (protobuf wire format, field numbers of onnx.proto) rather than shipped as a file: 70 bytes.
 */
const varint = (n: number): number[] => {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return out;
};
const text = (s: string): number[] => [...new TextEncoder().encode(s)];
/** A length-delimited field (wire type 2). */
const field = (no: number, bytes: readonly number[]): number[] => [...varint((no << 3) | 2), ...varint(bytes.length), ...bytes];
/** A varint field (wire type 0). */
const number = (no: number, value: number): number[] => [...varint(no << 3), ...varint(value)];

const FLOAT = 1;
/** ValueInfoProto { name, type: TypeProto { tensor_type { elem_type: FLOAT, shape { dim { dim_value: 1 } } } } } */
const scalarFloat = (name: string): number[] => field(1, text(name)).concat(field(2, field(1, [...number(1, FLOAT), ...field(2, field(1, number(1, 1)))])));

export function warmupModel(): Uint8Array {
  // NodeProto { input: "x", output: "y", op_type: "Identity" }
  const node = [...field(1, text('x')), ...field(2, text('y')), ...field(4, text('Identity'))];
  // GraphProto { node, name, input, output }
  const graph = [...field(1, node), ...field(2, text('warmup')), ...field(11, scalarFloat('x')), ...field(12, scalarFloat('y'))];
  // ModelProto { ir_version: 8, graph, opset_import { version: 13 } }
  return new Uint8Array([...number(1, 8), ...field(7, graph), ...field(8, number(2, 13))]);
}
