/** The IDX reader on the real MNIST files and on a table of malformed ones, each with its exact message. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DATASETS, MNIST } from './datasets';
import { idxByteLength, isGzip, parseIdx } from './idx';
import { makeTestSet, readImages, readLabels } from './testSet';

const dataDir = join(import.meta.dirname, '..', '..', 'public', 'data', 'mnist');
const imagesGz = readFileSync(join(dataDir, MNIST.test.images.name));
const images = gunzipSync(imagesGz);
const labels = gunzipSync(readFileSync(join(dataDir, MNIST.test.labels.name)));

/** An IDX header for unsigned bytes with the given dimensions, followed by `payload` bytes. */
function idx(dims: number[], payload: number, type = 0x08): Uint8Array {
  const bytes = new Uint8Array(4 + 4 * dims.length + payload);
  const view = new DataView(bytes.buffer);
  bytes[2] = type;
  bytes[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  return bytes;
}

describe('real MNIST test files', () => {
  it('reads 10 000 images of 28×28', () => {
    const result = readImages(images);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect([result.value.count, result.value.rows, result.value.cols]).toEqual([10_000, 28, 28]);
    expect(result.value.pixels.length).toBe(7_840_000);
    // The first test image is a 7: its ink is in the middle rows, its border rows are empty.
    expect(result.value.pixels.subarray(0, 28).every((p) => p === 0)).toBe(true);
    expect(Math.max(...result.value.pixels.subarray(0, 784))).toBe(255);
  });

  it('reads 10 000 labels with the documented class counts', () => {
    const result = readLabels(labels);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const counts = new Array<number>(10).fill(0);
    for (const l of result.value.labels) counts[l]! += 1;
    expect(counts).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
    expect(result.value.labels[0]).toBe(7);
  });

  it('pairs them into a 10-class test set', () => {
    const i = readImages(images);
    const l = readLabels(labels);
    if (!i.ok || !l.ok) throw new Error('unreadable');
    expect(makeTestSet(i.value, l.value, 10).ok).toBe(true);
  });

  it('recognises gzip', () => {
    expect(isGzip(imagesGz)).toBe(true);
    expect(isGzip(images)).toBe(false);
  });
});

describe('malformed IDX files', () => {
  const table: [string, Uint8Array, string][] = [
    ['empty', new Uint8Array(0), 'The file is empty.'],
    ['still gzipped', imagesGz, 'The file is still gzip-compressed; decompress it before reading it as IDX.'],
    ['three bytes', Uint8Array.from([0, 0, 8]), 'The file is 3 bytes long, too short for an IDX header (at least 4 bytes).'],
    ['PNG signature', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]), 'Not an IDX file: it should start with two zero bytes but starts with 0x89 0x50.'],
    ['unknown element type', idx([3], 3, 0x07), 'Not an IDX file: unknown element type 0x07.'],
    ['float32 elements', idx([3], 12, 0x0d), 'IDX element type 0x0d (float32) is not supported: image and label files store unsigned bytes (0x08).'],
    ['zero dimensions', idx([], 0), 'The IDX header declares 0 dimensions; image and label files have 1 to 4.'],
    ['header cut short', images.subarray(0, 10), 'The file ends inside its IDX header: 3 dimensions need 16 bytes, the file has 10.'],
    ['truncated data', images.subarray(0, 16 + 784 * 2 + 100), 'The file is truncated: its header declares 10000×28×28 = 7,840,000 bytes of data but only 1,668 follow.'],
    ['2^31 images declared', idx([2 ** 31, 28, 28], 784), 'The file is truncated: its header declares 2147483648×28×28 = 1,683,627,180,032 bytes of data but only 784 follow.'],
    ['trailing bytes', idx([2], 5), 'The file has 3 bytes more than its header declares (2 = 2 bytes).'],
  ];
  for (const [name, bytes, message] of table) {
    it(name, () => expect(parseIdx(bytes)).toEqual({ ok: false, reason: message }));
  }

  it('labels file read as images, and images as labels', () => {
    expect(readImages(labels)).toEqual({ ok: false, reason: 'Expected an image file (3 dimensions: count × rows × cols) but the IDX header has 1 (10000).' });
    expect(readLabels(images)).toEqual({ ok: false, reason: 'Expected a label file (1 dimension) but the IDX header has 3 (10000×28×28).' });
  });

  it('no images, no labels', () => {
    expect(readImages(idx([0, 28, 28], 0))).toEqual({ ok: false, reason: 'The image file holds no images.' });
    expect(readLabels(idx([0], 0))).toEqual({ ok: false, reason: 'The label file holds no labels.' });
  });
});

describe('makeTestSet', () => {
  const someImages = { count: 3, rows: 28, cols: 28, pixels: new Uint8Array(3 * 784) };
  it('refuses a count mismatch', () => {
    expect(makeTestSet(someImages, { count: 2, labels: Uint8Array.from([1, 2]) }, 10)).toEqual({
      ok: false,
      reason: 'The image file holds 3 images but the label file holds 2 labels; they must match one to one.',
    });
  });
  it('refuses a label beyond the classes', () => {
    expect(makeTestSet(someImages, { count: 3, labels: Uint8Array.from([1, 12, 2]) }, 10)).toEqual({
      ok: false,
      reason: 'Label 12 (at position 1) is out of range: this evaluation has 10 classes, 0 to 9.',
    });
  });
});

describe('idxByteLength', () => {
  it('gives the size a header declares, or null before a whole header', () => {
    const labels = [0, 0, 0x08, 1, 0, 0, 0x27, 0x10]; // 10 000 labels
    expect(idxByteLength(new Uint8Array(labels))).toBe(8 + 10_000);
    expect(idxByteLength(new Uint8Array([0, 0, 0x08, 3, 0, 0, 0, 2, 0, 0, 0, 28, 0, 0, 0, 28]))).toBe(16 + 2 * 784);
    expect(idxByteLength(new Uint8Array([0, 0, 0x0d, 1, 0, 0, 0, 5]))).toBe(8 + 5 * 4);
    expect(idxByteLength(new Uint8Array(labels.slice(0, 6)))).toBeNull();
    expect(idxByteLength(new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]))).toBeNull();
    expect(idxByteLength(new Uint8Array([0, 0, 0x07, 1, 0, 0, 0, 5]))).toBeNull();
  });
});

describe('the built-in datasets table', () => {
  it('gives each file its decompressed size (test sets in public/data, training sets in models/.data when fetched)', () => {
    let checked = 0;
    for (const d of DATASETS) {
      for (const [folder, split] of [[join(dataDir, '..', d.id), d.test] as const, [join(dataDir, '..', '..', '..', 'models', '.data', d.id), d.train] as const]) {
        for (const file of [split.images, split.labels]) {
          const path = join(folder, file.name);
          if (!existsSync(path)) continue;
          expect(gunzipSync(readFileSync(path)).length, path).toBe(file.bytes);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(4); // both test sets are always there
  });
});
