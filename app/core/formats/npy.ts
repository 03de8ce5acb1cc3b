/**
 * NumPy's `.npy` format: magic `\x93NUMPY`, a version (1, 2 or 3), the header's length (uint16 little-endian in
 * version 1, uint32 in 2 and 3), a Python dict literal (`{'descr': '<f4', 'fortran_order': False, 'shape': (10000, 28, 28), }`)
 * padded with spaces and ended by a newline, then the data. The dict is parsed by hand, never evaluated; object
 * arrays (`|O`, pickled Python objects) are refused: unpickling runs code.
 */
import { fail, ok, type Result } from '../result';
import { asciiText } from './text';

export const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59] as const; // \x93NUMPY

export interface NpyDtype {
  /** `u` unsigned, `i` signed, `f` float, `b` bool. */
  readonly kind: 'u' | 'i' | 'f' | 'b';
  /** Bytes per element. */
  readonly size: number;
  readonly littleEndian: boolean;
  /** As the file spells it, for messages (`<f4`). */
  readonly descr: string;
}

export interface NpyArray {
  readonly version: number;
  readonly dtype: NpyDtype;
  readonly fortranOrder: boolean;
  readonly shape: readonly number[];
  /** Element count (product of the shape). */
  readonly length: number;
  /** The data bytes: a view on the input, not a copy. */
  readonly data: Uint8Array;
}

export function isNpy(bytes: Uint8Array): boolean {
  return bytes.length >= 6 && NPY_MAGIC.every((b, i) => bytes[i] === b);
}

const formatCount = (n: number): string => n.toLocaleString('en-US');

/** The header dict, parsed field by field (keys may come in any order; numpy writes them sorted). */
export function parseNpyHeader(text: string): Result<{ descr: string; fortranOrder: boolean; shape: number[] }> {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') || !trimmed.endsWith('}')) return fail(`The .npy header is not a Python dict: ${JSON.stringify(trimmed.slice(0, 80))}.`);
  const descr = /['"]descr['"]\s*:\s*(['"])([^'"]*)\1/.exec(trimmed);
  if (!descr) {
    if (/['"]descr['"]\s*:\s*\[/.test(trimmed)) return fail('The array has a structured dtype (a list of named fields); only plain numeric arrays can be test images or labels.');
    return fail('The .npy header has no descr (data type).');
  }
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(trimmed);
  if (!fortran) return fail('The .npy header has no fortran_order (True or False).');
  const shape = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(trimmed);
  if (!shape) return fail('The .npy header has no shape tuple.');
  const dims: number[] = [];
  for (const part of shape[1]!.split(',')) {
    const s = part.trim().replace(/L$/, ''); // Python 2 wrote long integers as 10000L
    if (s === '') continue;
    if (!/^\d+$/.test(s)) return fail(`The .npy shape (${shape[1]}) holds ${JSON.stringify(s)}, not a size.`);
    dims.push(Number(s));
  }
  return ok({ descr: descr[2]!, fortranOrder: fortran[1] === 'True', shape: dims });
}

export function parseDtype(descr: string): Result<NpyDtype> {
  const m = /^([<>|=]?)([a-zA-Z])(\d*)$/.exec(descr);
  if (!m) return fail(`The data type ${JSON.stringify(descr)} is not one NumPy writes for plain numbers.`);
  const [, order, kind, sizeText] = m as unknown as [string, string, string, string];
  if (kind === 'O') return fail(`The array holds Python objects (dtype ${descr}), stored pickled: reading them would run code from the file, so it is refused. Save the array with a numeric dtype (uint8, float32, int64).`);
  if (kind !== 'u' && kind !== 'i' && kind !== 'f' && kind !== 'b') {
    return fail(`The data type ${descr} (${KIND_NAMES[kind] ?? 'kind ' + kind}) cannot be test images or labels: use unsigned or signed integers, floats or booleans.`);
  }
  const size = Number(sizeText || '1');
  const sizes: Readonly<Record<string, readonly number[]>> = { u: [1, 2, 4, 8], i: [1, 2, 4, 8], f: [4, 8], b: [1] };
  if (!sizes[kind]!.includes(size)) {
    return fail(`The data type ${descr} (${size}-byte ${KIND_NAMES[kind]}) is not supported: ${kind === 'f' ? 'float32 and float64 are (not float16)' : 'use 1, 2, 4 or 8 bytes'}.`);
  }
  return ok({ kind, size, littleEndian: order !== '>', descr });
}

const KIND_NAMES: Readonly<Record<string, string>> = { u: 'unsigned integer', i: 'signed integer', f: 'float', b: 'boolean', c: 'complex', U: 'unicode string', S: 'byte string', V: 'raw bytes', M: 'datetime', m: 'timedelta' };

export function parseNpy(bytes: Uint8Array): Result<NpyArray> {
  if (!isNpy(bytes)) return fail('Not a .npy file: it does not start with \\x93NUMPY.');
  if (bytes.length < 10) return fail(`The file ends inside its .npy preamble (${bytes.length} bytes).`);
  const version = bytes[6]!;
  if (version < 1 || version > 3) return fail(`.npy format version ${version}.${bytes[7]} is unknown (NumPy writes 1.0, 2.0 and 3.0).`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthBytes = version === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthBytes) return fail('The file ends inside its .npy preamble.');
  const headerLength = version === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataStart = 8 + lengthBytes + headerLength;
  if (dataStart > bytes.length) return fail(`The file ends inside its .npy header: the header declares ${formatCount(headerLength)} bytes, the file has ${formatCount(bytes.length)} in all.`);
  const headerBytes = bytes.subarray(8 + lengthBytes, dataStart);
  const text = asciiText(headerBytes) // version 3 allows UTF-8, used only in structured dtypes' field names, refused anyway;
  const header = parseNpyHeader(text);
  if (!header.ok) return header;
  const dtype = parseDtype(header.value.descr);
  if (!dtype.ok) return dtype;
  let length = 1;
  for (const d of header.value.shape) length *= d;
  const expected = length * dtype.value.size;
  const actual = bytes.length - dataStart;
  const declared = `shape (${header.value.shape.join(', ')}${header.value.shape.length === 1 ? ',' : ''}) of ${dtype.value.descr} = ${formatCount(expected)} bytes`;
  if (actual < expected) return fail(`The file is truncated: its header declares ${declared} of data but only ${formatCount(actual)} follow.`);
  if (actual > expected) return fail(`The file has ${formatCount(actual - expected)} bytes more than its header declares (${declared}).`);
  return ok({ version, dtype: dtype.value, fortranOrder: header.value.fortranOrder, shape: header.value.shape, length, data: bytes.subarray(dataStart) });
}

/** Reads element `i` (in storage order) as a number. 64-bit integers beyond 2^53 lose precision, irrelevant for pixels and labels. */
export function elementReader(array: NpyArray): (i: number) => number {
  const { data, dtype } = array;
  if (dtype.size === 1) {
    if (dtype.kind === 'i') {
      const signed = new Int8Array(data.buffer, data.byteOffset, data.byteLength);
      return (i) => signed[i]!;
    }
    return (i) => data[i]!;
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const le = dtype.littleEndian;
  const key = `${dtype.kind}${dtype.size}`;
  switch (key) {
    case 'u2': return (i) => view.getUint16(i * 2, le);
    case 'i2': return (i) => view.getInt16(i * 2, le);
    case 'u4': return (i) => view.getUint32(i * 4, le);
    case 'i4': return (i) => view.getInt32(i * 4, le);
    case 'u8': return (i) => Number(view.getBigUint64(i * 8, le));
    case 'i8': return (i) => Number(view.getBigInt64(i * 8, le));
    case 'f4': return (i) => view.getFloat32(i * 4, le);
    case 'f8': return (i) => view.getFloat64(i * 8, le);
    default: return () => Number.NaN; // parseDtype admits no other
  }
}

/**
 * Element `index` given in C (row-major) order, read from an array stored in either order: a Fortran-ordered
 * array stores its first axis fastest.
 */
export function cOrderReader(array: NpyArray): (index: number) => number {
  const read = elementReader(array);
  if (!array.fortranOrder || array.shape.length < 2) return read;
  const shape = array.shape;
  const rank = shape.length;
  // Fortran strides: axis 0 has stride 1.
  const fStrides: number[] = [];
  let s = 1;
  for (let d = 0; d < rank; d++) {
    fStrides.push(s);
    s *= shape[d]!;
  }
  return (index) => {
    let rest = index;
    let offset = 0;
    for (let d = rank - 1; d >= 0; d--) {
      const size = shape[d]!;
      offset += (rest % size) * fStrides[d]!;
      rest = Math.floor(rest / size);
    }
    return read(offset);
  };
}
