import { parseIdx } from './idx';
import { fail, ok, type Result } from './result';
import type { ImageSet, LabelSet } from './types';

/** Reads an uncompressed IDX image file: a 3-dimensional array of count × rows × cols bytes. */
export function readImages(bytes: Uint8Array): Result<ImageSet> {
  const parsed = parseIdx(bytes);
  if (!parsed.ok) return parsed;
  const { shape, data } = parsed.value;
  if (shape.length !== 3) {
    return fail(`Expected an image file (3 dimensions: count × rows × cols) but the IDX header has ${shape.length} (${shape.join('×')}).`);
  }
  const [count, rows, cols] = shape as [number, number, number];
  if (count === 0) return fail('The image file holds no images.');
  return ok({ count, rows, cols, pixels: data });
}

/** Reads an uncompressed IDX label file: one byte per image. */
export function readLabels(bytes: Uint8Array): Result<LabelSet> {
  const parsed = parseIdx(bytes);
  if (!parsed.ok) return parsed;
  const { shape, data } = parsed.value;
  if (shape.length !== 1) {
    return fail(`Expected a label file (1 dimension) but the IDX header has ${shape.length} (${shape.join('×')}).`);
  }
  if (shape[0] === 0) return fail('The label file holds no labels.');
  return ok({ count: shape[0]!, labels: data });
}

/** A labelled test set, checked for consistency. */
export interface TestSet {
  readonly images: ImageSet;
  readonly labels: LabelSet;
  readonly classes: number;
}

/**
 * Pairs images with labels. `classes` is how many classes the labels may use (0 … classes−1).
 */
export function makeTestSet(images: ImageSet, labels: LabelSet, classes: number): Result<TestSet> {
  if (images.count !== labels.count) {
    return fail(`The image file holds ${images.count} images but the label file holds ${labels.count} labels; they must match one to one.`);
  }
  let max = 0;
  let at = 0;
  for (let i = 0; i < labels.count; i++) {
    if (labels.labels[i]! > max) {
      max = labels.labels[i]!;
      at = i;
    }
  }
  if (max >= classes) {
    return fail(`Label ${max} (at position ${at}) is out of range: this evaluation has ${classes} classes, 0 to ${classes - 1}.`);
  }
  return ok({ images, labels, classes });
}

/**
 * Reads a pair of uncompressed IDX files as a test set of 28×28 images: what the page, the CLI and the
 * benchmark accept. `names` are the files' names, for messages. Labels are checked against the model's
 * classes later, with `makeTestSet`, once the number of classes is known.
 */
export function readTestFiles(imagesRaw: Uint8Array, labelsRaw: Uint8Array, names: { readonly images: string; readonly labels: string }): Result<{ images: ImageSet; labels: LabelSet }> {
  const images = readImages(imagesRaw);
  if (!images.ok) return fail(`${names.images}: ${images.reason}`);
  const labels = readLabels(labelsRaw);
  if (!labels.ok) return fail(`${names.labels}: ${labels.reason}`);
  const { rows, cols, count } = images.value;
  if (rows !== 28 || cols !== 28) return fail(`${names.images}: the images are ${rows}×${cols} pixels; MNIST-like models take 28×28. Resize them to 28×28 first.`);
  if (count !== labels.value.count) {
    return fail(`${names.images} holds ${formatCount(count)} images but ${names.labels} holds ${formatCount(labels.value.count)} labels; they must match one to one.`);
  }
  return ok({ images: images.value, labels: labels.value });
}

/** Reads an uncompressed IDX image file on its own, for an unlabelled evaluation, with readTestFiles's checks. */
export function readUnlabelledImages(imagesRaw: Uint8Array, name: string): Result<ImageSet> {
  const images = readImages(imagesRaw);
  if (!images.ok) return fail(`${name}: ${images.reason}`);
  const { rows, cols } = images.value;
  if (rows !== 28 || cols !== 28) return fail(`${name}: the images are ${rows}×${cols} pixels; MNIST-like models take 28×28. Resize them to 28×28 first.`);
  return images;
}

const formatCount = (n: number): string => n.toLocaleString('en-US');
