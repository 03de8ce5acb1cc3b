/** The .npy reader on the real MNIST test set written in every variant NumPy produces. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readImages, readLabels } from '../testSet';
import { parseDtype, parseNpy, parseNpyHeader } from './npy';
import { readNumpySet } from './numpySet';
import { writeNpy } from './npyWrite';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const gz = (name: string) => new Uint8Array(gunzipSync(readFileSync(join(ROOT, 'public', 'data', 'mnist', name))));
const images = readImages(gz('t10k-images-idx3-ubyte.gz'));
const labels = readLabels(gz('t10k-labels-idx1-ubyte.gz'));
if (!images.ok || !labels.ok) throw new Error('run npm run data first');
const N = 300;
const pixels = images.value.pixels.subarray(0, N * 784);
const truth = labels.value.labels.subarray(0, N);

describe('npy header', () => {
  it('reads the dict whatever the order of its keys, with Python 2 longs', () => {
    expect(parseNpyHeader("{'shape': (10000L, 28L, 28L), 'fortran_order': False, 'descr': '|u1', }")).toEqual({ ok: true, value: { descr: '|u1', fortranOrder: false, shape: [10000, 28, 28] } });
    expect(parseNpyHeader("{'descr': '<i8', 'fortran_order': True, 'shape': (5,), }")).toEqual({ ok: true, value: { descr: '<i8', fortranOrder: true, shape: [5] } });
    expect(parseNpyHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (), }")).toEqual({ ok: true, value: { descr: '<f8', fortranOrder: false, shape: [] } });
  });
  it('refuses pickled objects, with the reason', () => {
    const r = parseDtype('|O');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/Python objects.*run code/);
  });
  it('refuses what cannot be pixels or labels', () => {
    expect(parseDtype('<f2').ok).toBe(false);
    expect(parseDtype('<U5').ok).toBe(false);
    expect(parseDtype('<c16').ok).toBe(false);
    expect(parseNpyHeader("{'descr': [('a', '<i4')], 'fortran_order': False, 'shape': (3,), }").ok).toBe(false);
  });
  it('says how much is missing from a truncated file', () => {
    const file = writeNpy(truth, { descr: '|u1', shape: [N] });
    const r = parseNpy(file.subarray(0, file.length - 10));
    expect(!r.ok && r.reason).toMatch(/truncated.*\(300,\) of \|u1 = 300 bytes of data but only 290/);
  });
});

describe('npy images and labels from the real test set', () => {
  const variants = [
    { descr: '|u1', scale: 1, note: 'uint8' },
    { descr: '<f4', scale: 1 / 255, note: 'floats 0–1' },
    { descr: '>f4', scale: 1 / 255, note: 'floats 0–1' },
    { descr: '<f8', scale: 1, note: 'floats 0–255' },
    { descr: '>i4', scale: 1, note: 'integers 0–255' },
    { descr: '<u2', scale: 1, note: 'integers 0–255' },
  ];
  for (const version of [1, 2, 3] as const) {
    for (const fortranOrder of [false, true]) {
      for (const v of variants) {
        for (const shape of [[N, 28, 28], [N, 784]]) {
          it(`v${version} ${v.descr} ${fortranOrder ? 'F' : 'C'} (${shape.join(',')}) gives the IDX pixels byte for byte`, () => {
            const scaled = Float64Array.from(pixels, (p) => p * v.scale);
            const x = writeNpy(scaled, { descr: v.descr, shape, fortranOrder, version });
            const y = writeNpy(truth, { descr: v.descr === '|u1' ? '|u1' : '<i8', shape: [N], version });
            const set = readNumpySet([{ name: 'x_test.npy', bytes: x }, { name: 'y_test.npy', bytes: y }]);
            if (!set.ok) throw new Error(set.reason);
            expect(set.value.images.count).toBe(N);
            expect(Buffer.from(set.value.images.pixels).equals(Buffer.from(pixels))).toBe(true);
            expect(Array.from(set.value.labels!.labels)).toEqual(Array.from(truth));
            expect(set.value.notes.join(' ')).toContain(`read as ${v.note}`);
          });
        }
      }
    }
  }
  it('Keras keys: the test split is evaluated and the training split mentioned', () => {
    const x = writeNpy(pixels, { descr: '|u1', shape: [N, 28, 28] });
    const y = writeNpy(truth, { descr: '|u1', shape: [N] });
    const set = readNumpySet([
      { name: 'mnist.npz/x_train.npy', bytes: x },
      { name: 'mnist.npz/y_train.npy', bytes: y },
      { name: 'mnist.npz/x_test.npy', bytes: x.slice() },
      { name: 'mnist.npz/y_test.npy', bytes: y.slice() },
    ]);
    expect(set.ok && set.value.files).toEqual({ images: 'mnist.npz/x_test.npy', labels: 'mnist.npz/y_test.npy' });
    expect(set.ok && set.value.notes.join(' ')).toMatch(/training split \(x_train, 300 images\)/);
  });
  it('KMNIST: two arr_0 arrays told apart by their shapes', () => {
    const set = readNumpySet([
      { name: 'kmnist-test-labels.npz/arr_0.npy', bytes: writeNpy(truth, { descr: '|u1', shape: [N] }) },
      { name: 'kmnist-test-imgs.npz/arr_0.npy', bytes: writeNpy(pixels, { descr: '|u1', shape: [N, 28, 28] }) },
    ]);
    expect(set.ok && set.value.files.images).toBe('kmnist-test-imgs.npz/arr_0.npy');
  });
  it('refuses pixels out of range naming the entry, float labels, and mismatched counts', () => {
    const bad = Float64Array.from(pixels);
    bad[784 * 2 + 28 * 3 + 4] = 300;
    const r = readNumpySet([{ name: 'x.npy', bytes: writeNpy(bad, { descr: '<f8', shape: [N, 28, 28] }) }]);
    expect(!r.ok && r.reason).toBe('x.npy: entry [2, 3, 4] is 300; pixels must be 0–255 (or 0–1 as floats).');
    const f = readNumpySet([{ name: 'x.npy', bytes: writeNpy(pixels, { descr: '|u1', shape: [N, 784] }) }, { name: 'y.npy', bytes: writeNpy(truth, { descr: '<f4', shape: [N] }) }]);
    expect(!f.ok && f.reason).toMatch(/y.npy: labels must be integers/);
    const m = readNumpySet([{ name: 'x.npy', bytes: writeNpy(pixels, { descr: '|u1', shape: [N, 784] }) }, { name: 'y.npy', bytes: writeNpy(truth.subarray(0, 10), { descr: '|u1', shape: [10] }) }]);
    expect(m.ok && m.value.labels).toBe(null); // a label array of another length is no partner: the set is unlabelled
  });
});
