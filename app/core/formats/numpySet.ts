/**
 * NumPy arrays as a test set: images `[N,28,28]`, `[N,784]` (also `[N,28,28,1]`, `[N,1,28,28]`) as uint8 or as
 * numbers scaled 0–1 or 0–255 (which of them is detected and said), labels `[N]` of any integer type; Keras's
 * `mnist.npz` (`x_test`, `y_test`, `x_train`, `y_train`) and KMNIST's pair of npz files with one `arr_0` each.
 */
import { fail, ok, type Result } from '../result';
import type { ImageSet, LabelSet } from '../types';
import { cOrderReader, parseNpy, type NpyArray } from './npy';

export type PixelScale = 'uint8' | 'integers 0–255' | 'floats 0–1' | 'floats 0–255';

export interface NumpyImages {
  readonly images: ImageSet;
  /** How the values were read as pixels, to say on the page. */
  readonly scale: PixelScale;
}

const formatCount = (n: number): string => n.toLocaleString('en-US');

/** Image shapes accepted, as count then 784 pixels. */
function imageCount(shape: readonly number[]): number | null {
  const [n, ...rest] = shape;
  const key = rest.join(',');
  if (n === undefined) return null;
  return key === '28,28' || key === '784' || key === '28,28,1' || key === '1,28,28' ? n : null;
}

export function npyToImages(array: NpyArray, name: string): Result<NumpyImages> {
  const count = imageCount(array.shape);
  if (count === null) {
    return fail(`${name}: the array's shape is (${array.shape.join(', ')}); test images are (N, 28, 28) or (N, 784).`);
  }
  if (count === 0) return fail(`${name}: the array holds no images.`);
  const { kind } = array.dtype;
  // Bytes in C order are the pixels already: a view, not a copy.
  if (kind === 'u' && array.dtype.size === 1 && !array.fortranOrder) return ok({ images: { count, rows: 28, cols: 28, pixels: array.data }, scale: 'uint8' });
  const pixels = new Uint8Array(count * 784);
  const read = cOrderReader(array);
  // The scale: floats whose largest value is at most 1 are 0–1; anything else must already be 0–255.
  let max = -Infinity;
  for (let i = 0; i < array.length; i++) {
    const v = read(i);
    if (!(v >= 0) || v > 255) return fail(`${name}: entry ${describeIndex(i, array.shape)} is ${v}; pixels must be 0–255 (or 0–1 as floats).`);
    if (v > max) max = v;
  }
  const unit = kind === 'f' && max <= 1;
  const factor = unit ? 255 : 1;
  for (let i = 0; i < array.length; i++) pixels[i] = Math.round(read(i) * factor);
  const scale: PixelScale = kind === 'f' ? (unit ? 'floats 0–1' : 'floats 0–255') : kind === 'u' && array.dtype.size === 1 ? 'uint8' : 'integers 0–255';
  return ok({ images: { count, rows: 28, cols: 28, pixels }, scale });
}

export function npyToLabels(array: NpyArray, name: string): Result<LabelSet> {
  const shape = array.shape;
  if (!(shape.length === 1 || (shape.length === 2 && shape[1] === 1))) {
    return fail(`${name}: the array's shape is (${shape.join(', ')}); labels are one integer per image, shape (N,).`);
  }
  if (array.dtype.kind !== 'u' && array.dtype.kind !== 'i') {
    return fail(`${name}: labels must be integers but the array holds ${array.dtype.kind === 'f' ? 'floats' : 'booleans'} (${array.dtype.descr}).`);
  }
  const count = shape[0]!;
  if (count === 0) return fail(`${name}: the array holds no labels.`);
  const read = cOrderReader(array);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const v = read(i);
    if (v < 0 || v > 255) return fail(`${name}: label ${v} at entry ${i} is out of range (0–255).`);
    labels[i] = v;
  }
  return ok({ count, labels });
}

function describeIndex(i: number, shape: readonly number[]): string {
  const parts: number[] = [];
  let rest = i;
  for (let d = shape.length - 1; d >= 0; d--) {
    parts.unshift(rest % shape[d]!);
    rest = Math.floor(rest / shape[d]!);
  }
  return `[${parts.join(', ')}]`;
}

/** A test set made of NumPy arrays, with what the page says about it. */
export interface NumpySet {
  readonly images: ImageSet;
  readonly labels: LabelSet | null;
  readonly files: { readonly images: string; readonly labels: string | null };
  readonly notes: readonly string[];
}

export interface NamedArrayBytes {
  /** The path (in a folder or archive) or the npz key with its file. */
  readonly name: string;
  readonly bytes: Uint8Array;
}

const baseKey = (name: string): string => (name.split('/').pop() ?? name).replace(/\.npy$/i, '');

/**
 * Picks images and labels among `.npy` arrays (loose files or npz members): Keras's keys first
 * (`x_test`/`y_test`, the training split only being mentioned), then KMNIST's `*imgs*`/`*labels*` `arr_0`, then
 * any pair of one image array (2 or more dimensions) and one label array (1 dimension) of the same length.
 */
export function readNumpySet(arrays: readonly NamedArrayBytes[]): Result<NumpySet> {
  const parsed: { name: string; key: string; array: NpyArray }[] = [];
  for (const a of arrays) {
    const r = parseNpy(a.bytes);
    if (!r.ok) return fail(`${a.name}: ${r.reason}`);
    parsed.push({ name: a.name, key: baseKey(a.name), array: r.value });
  }
  const notes: string[] = [];
  const byKey = (k: string) => parsed.find((p) => p.key === k);
  let imagesArray = byKey('x_test');
  let labelsArray = byKey('y_test');
  if (imagesArray) {
    const train = byKey('x_train');
    if (train) notes.push(`${train.name.replace(/\/?x_train\.npy$/, '') || 'The archive'} also holds a training split (x_train, ${formatCount(train.array.shape[0] ?? 0)} images): the test split (x_test) is evaluated.`);
  } else {
    const images = parsed.filter((p) => p.array.shape.length >= 2);
    const labels = parsed.filter((p) => p.array.shape.length === 1 || (p.array.shape.length === 2 && p.array.shape[1] === 1 && p.array.shape[0] !== 28));
    if (images.length === 0) {
      const first = parsed[0];
      return fail(first ? `${first.name}: the array's shape is (${first.array.shape.join(', ')}); no array here has the shape of images, (N, 28, 28) or (N, 784).` : 'No NumPy arrays found.');
    }
    const preferTest = <T extends { name: string }>(list: T[]): T | undefined => list.find((p) => /test|t10k/i.test(p.name)) ?? list[0];
    imagesArray = preferTest(images.filter((p) => p.array.shape.length >= 2 && !(p.array.shape.length === 2 && p.array.shape[1] === 1)));
    labelsArray = preferTest(labels.filter((p) => p.array.shape[0] === imagesArray?.array.shape[0]));
    if (images.length > 1) notes.push(`Several image arrays: ${imagesArray?.name} is evaluated (${images.map((p) => p.name).join(', ')}).`);
  }
  if (!imagesArray) return fail('No array here has the shape of images, (N, 28, 28) or (N, 784).');
  const images = npyToImages(imagesArray.array, imagesArray.name);
  if (!images.ok) return images;
  notes.push(`${imagesArray.name}: ${imagesArray.array.dtype.descr} ${imagesArray.array.fortranOrder ? 'Fortran-ordered ' : ''}array (${imagesArray.array.shape.join(', ')}) read as ${images.value.scale}${images.value.scale === 'floats 0–1' ? ' (×255)' : ''}.`);
  let labels: LabelSet | null = null;
  if (labelsArray) {
    const read = npyToLabels(labelsArray.array, labelsArray.name);
    if (!read.ok) return read;
    labels = read.value;
    if (labels.count !== images.value.images.count) {
      return fail(`${imagesArray.name} holds ${formatCount(images.value.images.count)} images but ${labelsArray.name} holds ${formatCount(labels.count)} labels; they must match one to one.`);
    }
  }
  return ok({ images: images.value.images, labels, files: { images: imagesArray.name, labels: labelsArray?.name ?? null }, notes });
}
