import { fail, ok, type Result } from './result';

/**
 * The IDX format (LeCun's MNIST files): two zero bytes, a type byte, the number of dimensions,
 * then one big-endian uint32 size per dimension, then the data in row-major order.
 * Only unsigned bytes (type 0x08) are accepted: every MNIST-style image and label file uses them.
 */
export interface IdxTensor {
  readonly shape: readonly number[];
  /** A view on the input buffer, not a copy. */
  readonly data: Uint8Array;
}

const ELEMENT_TYPES: Readonly<Record<number, string>> = {
  0x08: 'unsigned byte',
  0x09: 'signed byte',
  0x0b: 'int16',
  0x0c: 'int32',
  0x0d: 'float32',
  0x0e: 'float64',
};

/** More dimensions than this is no image or label file; refusing early keeps the header read bounded. */
const MAX_DIMENSIONS = 4;

const hex = (b: number): string => `0x${b.toString(16).padStart(2, '0')}`;
const formatCount = (n: number): string => n.toLocaleString('en-US');

/** True when the bytes start with the gzip magic number. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

const ELEMENT_BYTES: Readonly<Record<number, number>> = { 0x08: 1, 0x09: 1, 0x0b: 2, 0x0c: 4, 0x0d: 4, 0x0e: 8 };

/**
 * The whole file's size in bytes as its header declares it, from the first bytes of an IDX file; null when
 * those bytes are not (yet) a whole IDX header. Lets a reader allocate the file once instead of growing it.
 */
export function idxByteLength(head: Uint8Array): number | null {
  if (head.length < 4 || head[0] !== 0 || head[1] !== 0) return null;
  const elementBytes = ELEMENT_BYTES[head[2]!];
  const dims = head[3]!;
  if (!elementBytes || dims < 1 || dims > MAX_DIMENSIONS || head.length < 4 + 4 * dims) return null;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  let elements = 1;
  for (let i = 0; i < dims; i++) elements *= view.getUint32(4 + 4 * i);
  return 4 + 4 * dims + elements * elementBytes;
}

/** Reads an uncompressed IDX file. Checks the header against the byte count before touching the data. */
export function parseIdx(bytes: Uint8Array): Result<IdxTensor> {
  if (bytes.length === 0) return fail('The file is empty.');
  if (isGzip(bytes)) return fail('The file is still gzip-compressed; decompress it before reading it as IDX.');
  if (bytes.length < 4) {
    return fail(`The file is ${bytes.length} bytes long, too short for an IDX header (at least 4 bytes).`);
  }
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    return fail(
      `Not an IDX file: it should start with two zero bytes but starts with ${hex(bytes[0]!)} ${hex(bytes[1]!)}.`,
    );
  }
  const type = bytes[2]!;
  const typeName = ELEMENT_TYPES[type];
  if (typeName === undefined) return fail(`Not an IDX file: unknown element type ${hex(type)}.`);
  if (type !== 0x08) {
    return fail(`IDX element type ${hex(type)} (${typeName}) is not supported: image and label files store unsigned bytes (0x08).`);
  }
  const rank = bytes[3]!;
  if (rank === 0 || rank > MAX_DIMENSIONS) {
    return fail(`The IDX header declares ${rank} dimensions; image and label files have 1 to ${MAX_DIMENSIONS}.`);
  }
  const headerLength = 4 + 4 * rank;
  if (bytes.length < headerLength) {
    return fail(`The file ends inside its IDX header: ${rank} dimensions need ${headerLength} bytes, the file has ${bytes.length}.`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  let expected = 1;
  for (let d = 0; d < rank; d++) {
    const size = view.getUint32(4 + 4 * d, false);
    shape.push(size);
    expected *= size; // exact in float64 up to 2^53, far beyond any file we could be handed
  }
  const actual = bytes.length - headerLength;
  if (expected !== actual) {
    const declared = `${shape.join('×')} = ${formatCount(expected)} bytes`;
    return fail(
      actual < expected
        ? `The file is truncated: its header declares ${declared} of data but only ${formatCount(actual)} follow.`
        : `The file has ${formatCount(actual - expected)} bytes more than its header declares (${declared}).`,
    );
  }
  return ok({ shape, data: bytes.subarray(headerLength) });
}
