/**
 * The test-set formats beyond IDX, told by their first bytes: archives (zip, tar), NumPy arrays, MNIST CSVs
 * and image files. sniff.ts asks this before calling a file foreign.
 */
import { looksLikeMnistCsv } from './csv';
import { isNpy } from './npy';

export type ImageFormat = 'png' | 'jpeg' | 'bmp' | 'gif' | 'webp';

export type SniffedFormat =
  /** A zip archive (also NumPy's .npz, a zip of .npy files). */
  | { readonly kind: 'zip' }
  | { readonly kind: 'tar' }
  | { readonly kind: 'npy' }
  | { readonly kind: 'csv' }
  | { readonly kind: 'image'; readonly format: ImageFormat };

const startsWith = (bytes: Uint8Array, magic: readonly number[], at = 0): boolean =>
  bytes.length >= at + magic.length && magic.every((b, i) => bytes[at + i] === b);
const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));

export function sniffImage(bytes: Uint8Array): ImageFormat | null {
  if (startsWith(bytes, [0x89, ...ascii('PNG\r\n\x1a\n')])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'webp';
  // BMP: "BM", then the file size and 4 reserved zero bytes; the 2 letters alone would match text.
  if (startsWith(bytes, ascii('BM')) && bytes.length >= 10 && bytes[6] === 0 && bytes[7] === 0 && bytes[8] === 0 && bytes[9] === 0) return 'bmp';
  return null;
}

export function sniffFormat(bytes: Uint8Array): SniffedFormat | null {
  if (startsWith(bytes, ascii('PK\x03\x04')) || startsWith(bytes, ascii('PK\x05\x06'))) return { kind: 'zip' };
  if (startsWith(bytes, ascii('ustar'), 257)) return { kind: 'tar' };
  if (isNpy(bytes)) return { kind: 'npy' };
  const image = sniffImage(bytes);
  if (image) return { kind: 'image', format: image };
  if (looksLikeMnistCsv(bytes)) return { kind: 'csv' };
  return null;
}
