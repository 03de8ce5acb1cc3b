/**
 * Writes `.npy` files as NumPy does (any version, byte order, C or Fortran order): the tests and the e2e fixtures
 * make every variant of the real test set with it, without Python.
 */
export interface NpyWriteOptions {
  /** As NumPy spells it: `|u1`, `<f4`, `>i4`, `<i8`, … */
  readonly descr: string;
  readonly shape: readonly number[];
  readonly fortranOrder?: boolean;
  readonly version?: 1 | 2 | 3;
}

/** `values` in C order; written in the order and type asked for. */
export function writeNpy(values: ArrayLike<number>, options: NpyWriteOptions): Uint8Array {
  const { descr, shape, fortranOrder = false, version = 1 } = options;
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': ${fortranOrder ? 'True' : 'False'}, 'shape': ${shapeText}, }`;
  const preamble = 8 + (version === 1 ? 2 : 4);
  const total = Math.ceil((preamble + header.length + 1) / 64) * 64;
  header = header.padEnd(total - preamble - 1, ' ') + '\n';
  const size = Number(descr.slice(2));
  const kind = descr[1]!;
  const le = descr[0] !== '>';
  const out = new Uint8Array(total + values.length * size);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[preamble + i] = header.charCodeAt(i);
  const order = fortranOrder ? fortranPermutation(shape) : null;
  for (let i = 0; i < values.length; i++) {
    const v = values[order ? order[i]! : i]!;
    const at = total + i * size;
    switch (`${kind}${size}`) {
      case 'u1': view.setUint8(at, v); break;
      case 'i1': view.setInt8(at, v); break;
      case 'u2': view.setUint16(at, v, le); break;
      case 'i2': view.setInt16(at, v, le); break;
      case 'u4': view.setUint32(at, v, le); break;
      case 'i4': view.setInt32(at, v, le); break;
      case 'u8': view.setBigUint64(at, BigInt(v), le); break;
      case 'i8': view.setBigInt64(at, BigInt(v), le); break;
      case 'f4': view.setFloat32(at, v, le); break;
      case 'f8': view.setFloat64(at, v, le); break;
      default: throw new Error(`writeNpy: unsupported dtype ${descr}`);
    }
  }
  return out;
}

/** For storage position i of a Fortran-ordered array, the C-order index of the element stored there. */
function fortranPermutation(shape: readonly number[]): Uint32Array {
  const length = shape.reduce((a, b) => a * b, 1);
  const perm = new Uint32Array(length);
  const cStrides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  for (let f = 0; f < length; f++) {
    let rest = f;
    let c = 0;
    for (let d = 0; d < shape.length; d++) {
      c += (rest % shape[d]!) * cStrides[d]!;
      rest = Math.floor(rest / shape[d]!);
    }
    perm[f] = c;
  }
  return perm;
}
