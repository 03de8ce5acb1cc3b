/**
 * Recognises files that people drop by mistake: images, archives, other frameworks' model formats,
 * web pages saved instead of a download. Knowing what a file is makes the message actionable
 * ("this is a PNG image") instead of a cryptic parse error.
 */
import { decodeUtf8 } from './utf8';

export interface ForeignFormat {
  /** What the file is, as a phrase: 'a PNG image'. */
  readonly what: string;
  /** What to do instead; may be empty. */
  readonly advice: string;
}

const startsWith = (bytes: Uint8Array, magic: readonly number[], at = 0): boolean =>
  bytes.length >= at + magic.length && magic.every((b, i) => bytes[at + i] === b);
const ascii = (text: string): number[] => Array.from(text, (ch) => ch.charCodeAt(0));

const EXPORT_ADVICE = 'Export the model to ONNX first (torch.onnx.export, tf2onnx or skl2onnx) and use the .onnx file.';
const DECOMPRESS = 'Decompress it and use the file inside.';

const MAGIC: readonly { readonly magic: readonly number[]; readonly at?: number; readonly format: ForeignFormat }[] = [
  { magic: [0x1f, 0x8b], format: { what: 'a gzip-compressed file', advice: DECOMPRESS } },
  { magic: [0x89, ...ascii('PNG\r\n\x1a\n')], format: { what: 'a PNG image', advice: '' } },
  { magic: [0xff, 0xd8, 0xff], format: { what: 'a JPEG image', advice: '' } },
  { magic: ascii('GIF87a'), format: { what: 'a GIF image', advice: '' } },
  { magic: ascii('GIF89a'), format: { what: 'a GIF image', advice: '' } },
  { magic: ascii('%PDF-'), format: { what: 'a PDF document', advice: '' } },
  {
    magic: [...ascii('PK'), 0x03, 0x04],
    format: {
      what: 'a ZIP archive',
      advice:
        'If it holds your files, unzip it and use the files inside. If it is a PyTorch (.pt, .pth) or Keras (.keras) model, ' +
        'export it to ONNX first (torch.onnx.export, tf2onnx) and use the .onnx file.',
    },
  },
  { magic: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], format: { what: 'a 7-Zip archive', advice: DECOMPRESS } },
  { magic: [0xfd, ...ascii('7zXZ'), 0x00], format: { what: 'an xz-compressed file', advice: DECOMPRESS } },
  { magic: [0x28, 0xb5, 0x2f, 0xfd], format: { what: 'a Zstandard-compressed file', advice: DECOMPRESS } },
  { magic: ascii('ustar'), at: 257, format: { what: 'a tar archive', advice: 'Extract it and use the files inside.' } },
  { magic: [0x89, ...ascii('HDF\r\n\x1a\n')], format: { what: 'an HDF5 file (as Keras saves .h5 models)', advice: EXPORT_ADVICE } },
  { magic: [0x93, ...ascii('NUMPY')], format: { what: 'a NumPy array file (.npy)', advice: 'Save the images and labels as IDX files instead.' } },
];

/** FlatBuffers start with a small little-endian root offset; the file identifier follows at byte 4. */
const FLATBUFFERS: readonly { readonly id: string; readonly format: ForeignFormat }[] = [
  {
    id: 'TFL3',
    format: { what: 'a TensorFlow Lite model', advice: 'Convert it to ONNX first (python -m tf2onnx.convert --tflite …) and use the .onnx file.' },
  },
  { id: 'ORTM', format: { what: 'an ONNX Runtime model in ORT format (.ort)', advice: 'Use the .onnx file it was converted from.' } },
];

/**
 * What the bytes are when they are not an ONNX model, or null when unrecognised. Checks magic
 * numbers, then IDX headers (an IDX file dropped as a model deserves its own message), then text.
 */
export function describeForeignFormat(bytes: Uint8Array): ForeignFormat | null {
  for (const { magic, at, format } of MAGIC) if (startsWith(bytes, magic, at)) return format;
  if (startsWith(bytes, ascii('PK\x05\x06'))) return { what: 'an empty ZIP archive', advice: '' };
  // bzip2: 'BZh' and a block size digit; the digit keeps text starting with "BZh" out.
  if (startsWith(bytes, ascii('BZh')) && bytes[3]! >= 0x31 && bytes[3]! <= 0x39) return { what: 'a bzip2-compressed file', advice: DECOMPRESS };
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return { what: 'a WebP image', advice: '' };
  if (bytes.length >= 8 && bytes[2] === 0 && bytes[3] === 0) {
    for (const { id, format } of FLATBUFFERS) if (startsWith(bytes, ascii(id), 4)) return format;
  }
  if (bytes.length >= 2 && (bytes[0] === 0x80 && bytes[1]! >= 2 && bytes[1]! <= 5)) {
    return { what: "a Python pickle (PyTorch's older .pt/.pth format, joblib, pickle)", advice: EXPORT_ADVICE };
  }
  // safetensors: an 8-byte little-endian header length (well below 2^40), then a JSON header.
  if (bytes.length >= 10 && bytes[5] === 0 && bytes[6] === 0 && bytes[7] === 0 && bytes[8] === 0x7b && bytes[9] === 0x22) {
    return { what: 'a safetensors weights file', advice: `It holds weights without the network. ${EXPORT_ADVICE}` };
  }
  const idx = describeIdx(bytes);
  if (idx !== null) return idx;
  return describeText(bytes);
}

/** An IDX header: two zero bytes, a known element type, 1 to 4 dimensions. */
function describeIdx(bytes: Uint8Array): ForeignFormat | null {
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) return null;
  if (![0x08, 0x09, 0x0b, 0x0c, 0x0d, 0x0e].includes(bytes[2]!)) return null;
  const rank = bytes[3]!;
  if (rank === 3) return { what: 'an IDX image file', advice: 'Use it as the test images.' };
  if (rank === 1) return { what: 'an IDX label file', advice: 'Use it as the test labels.' };
  if (rank >= 1 && rank <= 4) return { what: `an IDX file with ${rank} dimensions`, advice: '' };
  return null;
}

const TEXT_SAMPLE = 1024;

/** Plain text: no NUL and no control characters but tab, line feed, carriage return and form feed. */
function describeText(bytes: Uint8Array): ForeignFormat | null {
  const end = Math.min(bytes.length, TEXT_SAMPLE);
  for (let i = 0; i < end; i++) {
    const b = bytes[i]!;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) return null;
    if (b === 0x7f) return null;
  }
  // A multi-byte character cut at the end of the sample is not an error: drop up to 3 trailing bytes.
  let text = decodeUtf8(bytes, 0, end);
  if (end < bytes.length) text = text.replace(/\uFFFD{1,3}$/, '');
  if (text.includes('\uFFFD')) return null;
  text = text.replace(/^\uFEFF/, '');
  const start = text.trimStart();
  const lower = start.slice(0, 200).toLowerCase();
  if (start.startsWith('version https://git-lfs.github.com/spec/')) {
    return {
      what: 'a Git LFS pointer (a small text file standing in for the real file)',
      advice: "Download the real file: 'git lfs pull', or the Download button on the repository's page.",
    };
  }
  if (lower.startsWith('<!doctype html') || lower.startsWith('<html') || lower.startsWith('<head')) {
    return { what: 'a web page (HTML)', advice: "It was probably saved from a link to the file's page; download the raw file instead." };
  }
  if (/^<\s*ir_version\s*:/.test(start)) {
    return {
      what: 'an ONNX model in the textual format (onnx.printer)',
      advice: 'Convert it to a binary .onnx file with onnx.parser.parse_model and onnx.save.',
    };
  }
  if (start.startsWith('{') || start.startsWith('[')) return { what: `a JSON or other text file (it starts with ${preview(start)})`, advice: '' };
  if (/^(label|\d{1,3})(,[^,\n]*){100,}/.test(start)) {
    return { what: 'a CSV file (images as rows of numbers)', advice: 'This app reads MNIST-style IDX files; convert the CSV to IDX images and labels.' };
  }
  return { what: `a text file (it starts with ${preview(start)})`, advice: '' };
}

/** The first words of a text, quoted, with control characters escaped so the message stays one line. */
function preview(text: string): string {
  const head = text
    .slice(0, 40)
    .replace(/[\t\n\r\f]/g, (ch) => JSON.stringify(ch).slice(1, -1))
    // Bidirectional overrides could make the quoted text display as something else.
    .replace(/[\u202A-\u202E\u2066-\u2069]/g, '\uFFFD');
  return `"${head}${text.length > 40 ? '…' : ''}"`;
}
