/** Telling dropped files apart by their bytes: real MNIST files and models, then everything else. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { sniff } from './sniff';

const ROOT = join(import.meta.dirname, '..', '..');
const read = (...path: string[]): Uint8Array => new Uint8Array(readFileSync(join(ROOT, ...path)));

describe('sniff on real files', () => {
  const images = read('public', 'data', 'mnist', 't10k-images-idx3-ubyte.gz');
  const labels = read('public', 'data', 'mnist', 't10k-labels-idx1-ubyte.gz');

  it('gzip first, then the IDX inside', () => {
    expect(sniff(images)).toEqual({ kind: 'gzip' });
    expect(sniff(labels)).toEqual({ kind: 'gzip' });
    expect(sniff(new Uint8Array(gunzipSync(images)))).toEqual({ kind: 'idx-images', dims: [10000, 28, 28] });
    expect(sniff(new Uint8Array(gunzipSync(labels)))).toEqual({ kind: 'idx-labels', dims: [10000] });
  });

  it('ONNX models, whatever their exporter', () => {
    expect(sniff(read('..', 'shared', 'models-third-party', 'mnist-8-cntk.onnx'))).toEqual({ kind: 'onnx' });
    expect(sniff(read('..', 'shared', 'models-third-party', 'mnist-keras-nhwc.onnx'))).toEqual({ kind: 'onnx' });
    expect(sniff(read('models', 'mnist-logreg.onnx'))).toEqual({ kind: 'onnx' });
  });

  it('truncated files keep their kind, so that their reader explains what is wrong', () => {
    const raw = new Uint8Array(gunzipSync(images));
    expect(sniff(raw.subarray(0, 1000))).toEqual({ kind: 'idx-images', dims: [10000, 28, 28] });
    expect(sniff(raw.subarray(0, 10))).toEqual({ kind: 'idx-images', dims: null });
    expect(sniff(read('models', 'mnist-logreg.onnx').subarray(0, 500))).toEqual({ kind: 'onnx' });
  });
});

describe('sniff on the test-set formats of issue 11', () => {
  const text = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));
  it('archives, NumPy arrays, MNIST CSVs and images are recognised by their first bytes', () => {
    expect(sniff(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]))).toEqual({ kind: 'image', format: 'png' });
    expect(sniff(new Uint8Array([0xff, 0xd8, 0xff, 0xdb]))).toEqual({ kind: 'image', format: 'jpeg' });
    expect(sniff(text('GIF89a....'))).toEqual({ kind: 'image', format: 'gif' });
    expect(sniff(text('RIFF\x10\x00\x00\x00WEBPVP8 '))).toEqual({ kind: 'image', format: 'webp' });
    expect(sniff(new Uint8Array([0x42, 0x4d, 0x36, 0x0c, 0, 0, 0, 0, 0, 0, 0x36, 0]))).toEqual({ kind: 'image', format: 'bmp' });
    expect(sniff(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0]))).toEqual({ kind: 'zip' });
    expect(sniff(new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]))).toEqual({ kind: 'npy' });
    expect(sniff(text('label,pixel0,pixel1,pixel2\n'))).toEqual({ kind: 'csv' });
    expect(sniff(text('7,0,0,0,0,0\n'))).toEqual({ kind: 'csv' });
    const tar = new Uint8Array(512);
    tar.set(text('ustar'), 257);
    expect(sniff(tar)).toEqual({ kind: 'tar' });
  });
});

describe('sniff on everything else', () => {
  const text = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));
  const cases: [string, Uint8Array, string][] = [
    ['an empty file', new Uint8Array(0), 'The file is empty (0 bytes).'],
    [
      'a PyTorch pickle',
      new Uint8Array([0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc]),
      "This is a Python pickle (PyTorch's older .pt/.pth format, joblib, pickle), not an IDX or ONNX file. " +
        'Export the model to ONNX first (torch.onnx.export, tf2onnx or skl2onnx) and use the .onnx file.',
    ],
    [
      'an ORT-format model',
      new Uint8Array([0x18, 0, 0, 0, 0x4f, 0x52, 0x54, 0x4d, 0, 0]),
      'This is an ONNX Runtime model in ORT format (.ort), not an IDX or ONNX file. Use the .onnx file it was converted from.',
    ],
    [
      'a safetensors file',
      new Uint8Array([0x40, 0, 0, 0, 0, 0, 0, 0, 0x7b, 0x22, 0x77]),
      'This is a safetensors weights file, not an IDX or ONNX file. It holds weights without the network. ' +
        'Export the model to ONNX first (torch.onnx.export, tf2onnx or skl2onnx) and use the .onnx file.',
    ],
    ['a text file', text('just some notes\n'), 'This is a text file (it starts with "just some notes\\n"), not an IDX or ONNX file.'],
    ['JSON', text('  {"accuracy": 0.99}'), 'This is a JSON or other text file (it starts with "{"accuracy": 0.99}"), not an IDX or ONNX file.'],
    [
      'the ONNX text format',
      text('<\n  ir_version: 8,\n  opset_import: ["" : 13]\n>\nagraph (float[N, 784] X) => (float[N, 10] Y) {\n}'),
      'This is an ONNX model in the textual format (onnx.printer), not an IDX or ONNX file. Convert it to a binary .onnx file with onnx.parser.parse_model and onnx.save.',
    ],
    [
      'an IDX file with 2 dimensions',
      new Uint8Array([0, 0, 8, 2, 0, 0, 0x27, 0x10, 0, 0, 3, 0x10]),
      'This is an IDX file with 2 dimensions (10000×784); image files have 3 (count × rows × cols) and label files 1.',
    ],
    [
      'random binary',
      new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0x00, 0x01, 0x02, 0x03, 0x04]),
      'This file is neither an IDX image or label file nor an ONNX model (it is 9 bytes and starts with de ad be ef 00 01 02 03). IDX files start with 00 00 08, ONNX models with 08.',
    ],
  ];
  for (const [what, bytes, reason] of cases) {
    it(what, () => expect(sniff(bytes)).toEqual({ kind: 'unknown', reason }));
  }

  it('IDX files of other element types still go to the IDX readers, which explain the type', () => {
    expect(sniff(new Uint8Array([0, 0, 0x0d, 3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 2]))).toEqual({ kind: 'idx-images', dims: [1, 2, 2] });
  });

  it('given only the start of a file, says the size of the whole file', () => {
    const head = new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0x00, 0x01, 0x02, 0x03, 0x04]);
    expect(sniff(head, { size: 123_456 })).toMatchObject({ reason: expect.stringContaining('(it is 123,456 bytes and starts with de ad be ef') });
  });

  it('says when the bytes came out of a gzip file, or when the gzip file could not be decompressed', () => {
    const head = new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0x00, 0x01, 0x02, 0x03, 0x04]);
    expect(sniff(head, { size: 50, gunzipped: 'ok' })).toEqual({
      kind: 'unknown',
      reason: 'This gzip file holds neither an IDX image or label file nor an ONNX model (what it holds starts with de ad be ef 00 01 02 03). IDX files start with 00 00 08, ONNX models with 08.',
    });
    expect(sniff(text('%PDF-1.7'), { gunzipped: 'ok' })).toEqual({ kind: 'unknown', reason: 'This gzip file holds a PDF document, not an IDX or ONNX file.' });
    expect(sniff(new Uint8Array(0), { gunzipped: 'ok' })).toEqual({ kind: 'unknown', reason: 'The gzip file is empty once decompressed (0 bytes).' });
    expect(sniff(new Uint8Array(0), { size: 3000, gunzipped: 'damaged' })).toEqual({
      kind: 'unknown',
      reason: 'The file starts like gzip but could not be decompressed: it is damaged or not gzip at all. Download or copy it again.',
    });
  });

  it('text with a multi-byte character cut at the sample boundary is still text', () => {
    const bytes = text(`${'a'.repeat(1023)}é and more`); // 'é' is 2 bytes: 1023 and 1024
    expect(sniff(bytes)).toMatchObject({ kind: 'unknown', reason: expect.stringMatching(/^This is a text file/) });
  });
});
