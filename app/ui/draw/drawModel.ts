/**
 * The drawing pad's data shaping: which dropped files are pictures, how big a picture is decoded, how a pad
 * drawing becomes the model's input (through the MNIST-style conversion), and what a score says.
 * Pure: the canvas, the decoder and the worker stay in DrawPad.tsx.
 */
import { describeMnistStyle, toMnistStyle, type RasterImage } from '../../core/image/mnistStyle';
import { toProbabilities } from '../../core/metrics/probabilities';
import type { Result } from '../../core/result';
import { fail, ok } from '../../core/result';
import type { ImageSet } from '../../core/types';

/** The pad's side in canvas pixels (8× MNIST's 28), and the pen: about the stroke of an MNIST digit once fitted. */
export const PAD_SIDE = 224;
export const PEN_WIDTH = 18;
/** Keyboard drawing: how far one arrow key press moves the pen. */
export const KEY_STEP = 12;
/** Pictures larger than this on their long side are scaled down as they are decoded (a 12-megapixel photo). */
export const MAX_DECODED_SIDE = 1024;

const IMAGE_EXTENSIONS = /\.(png|jpe?g|gif|bmp|webp|avif)$/i;

/** One dropped file that is a picture (by its type or name) goes to the pad rather than to the test-set intake. */
export const isSinglePicture = (files: readonly { readonly name: string; readonly type: string }[]): boolean =>
  files.length === 1 && (files[0]!.type.startsWith('image/') || IMAGE_EXTENSIONS.test(files[0]!.name));

export type PictureFormat = 'PNG' | 'JPEG' | 'GIF' | 'BMP' | 'WebP';

/** The picture format by its first bytes (names lie), or null. */
export function sniffPicture(head: Uint8Array): PictureFormat | null {
  const at = (offset: number, bytes: number[]) => bytes.every((b, i) => head[offset + i] === b);
  if (at(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'PNG';
  if (at(0, [0xff, 0xd8, 0xff])) return 'JPEG';
  if (at(0, [0x47, 0x49, 0x46, 0x38])) return 'GIF';
  if (at(0, [0x42, 0x4d]) && head.length >= 26) return 'BMP';
  if (at(0, [0x52, 0x49, 0x46, 0x46]) && at(8, [0x57, 0x45, 0x42, 0x50])) return 'WebP';
  return null;
}

/** The size to decode a picture at: as it is, or scaled down to MAX_DECODED_SIDE on its long side. */
export function decodeSize(width: number, height: number, max = MAX_DECODED_SIDE): { readonly width: number; readonly height: number; readonly scaled: boolean } {
  const long = Math.max(width, height);
  if (long <= max) return { width, height, scaled: false };
  return { width: Math.max(1, Math.round((width * max) / long)), height: Math.max(1, Math.round((height * max) / long)), scaled: true };
}

/** What the model is given: one 28×28 image, and how it was made from the picture. */
export interface ModelInput {
  readonly images: ImageSet;
  readonly description: string;
}

/** A picture (the pad's canvas, a decoded file) as the model's input, converted the way MNIST was made. */
export function pictureInput(picture: RasterImage): Result<ModelInput> {
  const converted = toMnistStyle(picture);
  if (!converted.ok) return converted;
  return ok({ images: { count: 1, rows: 28, cols: 28, pixels: converted.value.pixels }, description: describeMnistStyle(converted.value.steps) });
}

/** Image `index` of a 28×28 test set, as it is: the tutorial's last step. */
export function testImageInput(images: ImageSet, index: number): Result<ModelInput> {
  if (images.rows !== 28 || images.cols !== 28) return fail(`The test images are ${images.rows}×${images.cols}, not 28×28.`);
  if (!Number.isInteger(index) || index < 0 || index >= images.count) return fail(`There is no test image ${index}.`);
  return ok({ images: { count: 1, rows: 28, cols: 28, pixels: images.pixels.slice(index * 784, (index + 1) * 784) }, description: '28×28 test image, used as it is' });
}

/** A uniformly random index below `count`, from a random number in [0, 1). */
export const randomIndex = (count: number, random: number): number => Math.min(count - 1, Math.floor(random * count));

/** A model's answer for one image: probabilities (softmax of logits when needed) and the top class. */
export interface Verdict {
  readonly probabilities: Float64Array;
  readonly top: number;
  readonly softmaxApplied: boolean;
}

export function verdict(scores: Float32Array, classes: number): Verdict {
  const p = toProbabilities({ count: 1, classes, scores: scores.subarray(0, classes), predicted: new Uint16Array(1) });
  let top = 0;
  for (let k = 1; k < classes; k++) if (p.values[k]! > p.values[top]!) top = k;
  return { probabilities: p.values, top, softmaxApplied: p.softmaxApplied };
}

/** Where a keyboard arrow moves the pen, kept on the pad; null for other keys. */
export function keyboardMove(key: string, at: { readonly x: number; readonly y: number }, step = KEY_STEP, side = PAD_SIDE): { x: number; y: number } | null {
  const d = key === 'ArrowUp' ? [0, -step] : key === 'ArrowDown' ? [0, step] : key === 'ArrowLeft' ? [-step, 0] : key === 'ArrowRight' ? [step, 0] : null;
  if (!d) return null;
  const clamp = (v: number) => Math.max(0, Math.min(side, v));
  return { x: clamp(at.x + d[0]!), y: clamp(at.y + d[1]!) };
}
