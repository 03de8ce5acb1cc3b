/** The MNIST CSV reader on the real test set in each layout, and on the mistakes people make. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readImages, readLabels } from '../testSet';
import { looksLikeMnistCsv, readMnistCsv } from './csv';
import { writeMnistCsv } from './csvWrite';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const gz = (name: string) => new Uint8Array(gunzipSync(readFileSync(join(ROOT, 'public', 'data', 'mnist', name))));
const images = readImages(gz('t10k-images-idx3-ubyte.gz'));
const labels = readLabels(gz('t10k-labels-idx1-ubyte.gz'));
if (!images.ok || !labels.ok) throw new Error('run npm run data first');
const enc = (s: string) => new TextEncoder().encode(s);
const N = 10_000;

describe('MNIST CSV', () => {
  for (const style of ['kaggle', 'plain'] as const) {
    it(`${style}: all 10 000 test images and labels, byte for byte`, () => {
      const bytes = enc(writeMnistCsv(images.value, labels.value, style));
      expect(looksLikeMnistCsv(bytes)).toBe(true);
      const r = readMnistCsv(bytes, 'mnist.csv');
      if (!r.ok) throw new Error(r.reason);
      expect(r.value.layout).toBe(style === 'kaggle' ? 'kaggle header' : 'no header');
      expect(r.value.images.count).toBe(N);
      expect(Buffer.from(r.value.images.pixels).equals(Buffer.from(images.value.pixels))).toBe(true);
      expect(Buffer.from(r.value.labels!.labels).equals(Buffer.from(labels.value.labels))).toBe(true);
    });
  }
  it("Kaggle's test.csv is an unlabelled set", () => {
    const r = readMnistCsv(enc(writeMnistCsv(images.value, null, 'kaggle-test', 50)), 'test.csv');
    expect(r.ok && r.value.labels).toBe(null);
    expect(r.ok && r.value.layout).toBe('kaggle test header');
    expect(r.ok && Buffer.from(r.value.images.pixels).equals(Buffer.from(images.value.pixels.subarray(0, 50 * 784)))).toBe(true);
  });
  it('Windows line ends, a BOM and a trailing blank line are fine', () => {
    const text = '\ufeff' + writeMnistCsv(images.value, labels.value, 'kaggle', 5).replaceAll('\n', '\r\n') + '\r\n';
    const r = readMnistCsv(enc(text), 'w.csv');
    expect(r.ok && r.value.images.count).toBe(5);
    expect(r.ok && Array.from(r.value.labels!.labels)).toEqual(Array.from(labels.value.labels.subarray(0, 5)));
  });
  it('783 pixel columns: a clear error', () => {
    const rows = writeMnistCsv(images.value, labels.value, 'plain', 3).trim().split('\n').map((l) => l.split(',').slice(0, 784).join(','));
    const r = readMnistCsv(enc(rows.join('\n')), 'short.csv');
    expect(!r.ok && r.reason).toMatch(/^short.csv: each row has 784 columns and the first looks like a label.*783 pixels/);
  });
  it('a value out of range or not a number names its line and column', () => {
    const lines = writeMnistCsv(images.value, labels.value, 'kaggle', 4).split('\n');
    const cells = lines[3]!.split(',');
    cells[101] = '256';
    lines[3] = cells.join(',');
    const r = readMnistCsv(enc(lines.join('\n')), 'train.csv');
    expect(!r.ok && r.reason).toBe('train.csv: line 4, column 102 (pixel100) holds "256"; pixels are whole numbers 0–255.');
    cells[101] = '0.5';
    lines[3] = cells.join(',');
    const f = readMnistCsv(enc(lines.join('\n')), 'train.csv');
    expect(!f.ok && f.reason).toBe('train.csv: line 4, column 102 (pixel100) holds "0.5"; pixels are whole numbers 0–255.');
  });
  it('a short row names its line', () => {
    const lines = writeMnistCsv(images.value, labels.value, 'plain', 4).split('\n');
    lines[2] = lines[2]!.split(',').slice(0, 700).join(',');
    const r = readMnistCsv(enc(lines.join('\n')), 'm.csv');
    expect(!r.ok && r.reason).toBe('m.csv: line 3 has 700 columns; every row needs 785 (a label and 784 pixels).');
  });
});
