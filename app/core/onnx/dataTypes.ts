/**
 * ONNX tensor element types (TensorProto.DataType), by the names onnxruntime-web's Tensor uses
 * where it has one.
 */

const NAMES: Readonly<Record<number, string>> = {
  1: 'float32',
  2: 'uint8',
  3: 'int8',
  4: 'uint16',
  5: 'int16',
  6: 'int32',
  7: 'int64',
  8: 'string',
  9: 'bool',
  10: 'float16',
  11: 'float64',
  12: 'uint32',
  13: 'uint64',
  14: 'complex64',
  15: 'complex128',
  16: 'bfloat16',
  17: 'float8e4m3fn',
  18: 'float8e4m3fnuz',
  19: 'float8e5m2',
  20: 'float8e5m2fnuz',
  21: 'uint4',
  22: 'int4',
  23: 'float4e2m1',
};

/** Bits per element, for sizing external data; strings have no fixed size. */
const BITS: Readonly<Record<number, number>> = {
  1: 32, 2: 8, 3: 8, 4: 16, 5: 16, 6: 32, 7: 64, 9: 8, 10: 16, 11: 64, 12: 32, 13: 64, 14: 64, 15: 128, 16: 16,
  17: 8, 18: 8, 19: 8, 20: 8, 21: 4, 22: 4, 23: 4,
};

/** Types whose values are real numbers with a fraction: what a classifier's scores are made of. */
const FLOATING = new Set([1, 10, 11, 16, 17, 18, 19, 20, 23]);

/** A readable name for an element type code, e.g. 1 → 'float32'; 0 → 'undefined'; unknown codes say so. */
export function dataTypeName(code: number): string {
  if (code === 0) return 'undefined';
  return NAMES[code] ?? `unknown type ${code}`;
}

/** True for floating-point element types (float32, float64, float16, bfloat16, float8, float4). */
export const isFloatingType = (code: number): boolean => FLOATING.has(code);

/** Bytes that `elements` values of this type occupy, or null for strings and unknown types. */
export function byteSize(code: number, elements: number): number | null {
  const bits = BITS[code];
  return bits === undefined ? null : Math.ceil((elements * bits) / 8);
}
