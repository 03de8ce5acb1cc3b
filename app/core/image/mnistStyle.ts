/**
 * Turns any picture of a digit (a photo of paper, a scan, a screenshot, a drawing on the pad) into the kind of
 * image MNIST is made of, the way MNIST itself was made: grey, ink bright (255) on dark (0), cropped to the ink,
 * fitted into a 20×20 box keeping its aspect ratio (anti-aliased), placed in a 28×28 field so that the centre of
 * mass of its pixels is at the field's centre. Images that already are 28×28 grey with a dark background are used
 * as they are, byte for byte.
 *
 * Every step is integer arithmetic so that the Python reference (fixtures/make_fixture.py, numpy) reproduces it
 * to the pixel:
 *  1. Grey: pixels that are not opaque are first composited over white (a transparent PNG shows on a page), then
 *     ITU-R 601 luma exactly as Pillow's `convert('L')`: (R·19595 + G·38470 + B·7471 + 0x8000) >> 16.
 *  2. Background: the lower median of the border pixels (the outermost ring). Above 127 it is light paper and the
 *     image is inverted (255 − grey) so that ink is bright.
 *  3. Levels: the background level b (the border's median after inverting) becomes 0 and the brightest pixel p
 *     becomes 255: v = 0 if g ≤ b, else round((g − b)·255 / (p − b)) (halves up). A drawing (b = 0, p = 255) is
 *     unchanged; a photo's grey paper becomes black. Less than MIN_CONTRAST between b and p: blank.
 *  4. Crop to the bounding box of the pixels with v ≥ INK_THRESHOLD.
 *  5. Fit into 20×20: the box's long side becomes 20 and the short one round(short·20/long) (at least 1), by area
 *     averaging (a box filter: each output pixel is the mean of the source area it covers, partial pixels
 *     weighted by the overlap), rounded halves up. It anti-aliases when shrinking and is exact in integers.
 *  6. Centre by mass: with M = Σv and X = Σx·v over the fitted image, it goes at column
 *     floor((14·M − X) / M) — the centre of mass, in pixel-centre coordinates, rounded to the field's centre 14
 *     (halves up) — clamped so the whole image stays inside; rows alike.
 */
import { fail, ok, type Result } from '../result';

/** A picture as canvases, ImageData and image decoders give it. */
export interface RasterImage {
  readonly width: number;
  readonly height: number;
  /** Row-major pixels: RGBA (4 bytes a pixel), RGB (3) or grey (1); the layout follows from the length. */
  readonly data: Uint8Array | Uint8ClampedArray;
}

export const MNIST_SIDE = 28;
/** The box MNIST's digits were fitted into. */
export const MNIST_BOX = 20;
/** A pixel at or above this (after levels) is ink for the bounding box: an eighth of full ink, above paper noise. */
export const INK_THRESHOLD = 32;
/** Fewer grey levels than this between the background and the brightest pixel: nothing is drawn. */
export const MIN_CONTRAST = 32;

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** What was done to the picture, for the inspector and the model panel. */
export interface MnistStyleSteps {
  /** Already 28×28 grey on a dark background: the bytes are used as they are, and nothing else was done. */
  readonly alreadyMnist: boolean;
  readonly source: { readonly width: number; readonly height: number; readonly channels: 1 | 3 | 4 };
  /** Light background: inverted so that ink is bright on dark. */
  readonly inverted: boolean;
  /** The background (after inverting) and brightest levels that were stretched to 0 and 255. */
  readonly background: number;
  readonly peak: number;
  readonly stretched: boolean;
  /** The ink's bounding box in the source; cropped when it is smaller than the picture. */
  readonly inkBox: Box;
  readonly cropped: boolean;
  /** The size the ink was fitted to (long side 20); resized when it differs from the ink box's. */
  readonly scaled: { readonly width: number; readonly height: number };
  readonly resized: boolean;
  /** Where the fitted ink was placed in the 28×28 field. */
  readonly offset: { readonly x: number; readonly y: number };
}

export interface MnistStyleImage {
  /** 28×28 grey pixels, row-major, 0 = background, 255 = ink. */
  readonly pixels: Uint8Array;
  readonly steps: MnistStyleSteps;
}

/** Converts one picture; fails (with the reason) on a picture with no ink or a size that does not add up. */
export function toMnistStyle(image: RasterImage): Result<MnistStyleImage> {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    return fail(`The image has no pixels (${width}×${height}).`);
  }
  const area = width * height;
  const channels = data.length === area ? 1 : data.length === area * 3 ? 3 : data.length === area * 4 ? 4 : null;
  if (channels === null) {
    return fail(`The image's ${data.length} bytes are not ${width}×${height} pixels of 1, 3 or 4 bytes.`);
  }
  const source = { width, height, channels } as const;
  const grey = toGrey(data, area, channels);
  const border = borderMedian(grey, width, height);
  const inverted = border > 127;

  if (width === MNIST_SIDE && height === MNIST_SIDE && !inverted && (channels === 1 || isOpaqueGrey(data, channels))) {
    const full = { x: 0, y: 0, width, height };
    return ok({
      pixels: grey,
      steps: {
        alreadyMnist: true, source, inverted: false, background: 0, peak: 255, stretched: false,
        inkBox: full, cropped: false, scaled: { width, height }, resized: false, offset: { x: 0, y: 0 },
      },
    });
  }

  if (inverted) for (let i = 0; i < area; i++) grey[i] = 255 - grey[i]!;
  const background = inverted ? borderMedian(grey, width, height) : border;
  let peak = 0;
  for (let i = 0; i < area; i++) if (grey[i]! > peak) peak = grey[i]!;
  if (peak - background < MIN_CONTRAST) {
    return fail(
      `The image is blank: nothing stands out from its ${inverted ? 'light' : 'dark'} background ` +
        `(the strongest pixel is ${peak - background} grey levels from it; a digit needs ${MIN_CONTRAST}).`,
    );
  }
  const range = peak - background;
  const levels = new Uint8Array(area);
  for (let i = 0; i < area; i++) {
    const g = grey[i]!;
    levels[i] = g <= background ? 0 : Math.floor(((g - background) * 510 + range) / (2 * range));
  }

  const inkBox = inkBoundingBox(levels, width, height);
  const long = Math.max(inkBox.width, inkBox.height);
  const scaled = {
    width: Math.max(1, Math.floor((2 * inkBox.width * MNIST_BOX + long) / (2 * long))),
    height: Math.max(1, Math.floor((2 * inkBox.height * MNIST_BOX + long) / (2 * long))),
  };
  const fitted = areaResample(levels, width, inkBox, scaled.width, scaled.height);
  const offset = centreOfMassOffset(fitted, scaled.width, scaled.height);
  if (offset === null) {
    return fail('The image is blank: its ink is too faint or too scattered to leave anything at 20×20.');
  }
  const pixels = new Uint8Array(MNIST_SIDE * MNIST_SIDE);
  for (let y = 0; y < scaled.height; y++) {
    pixels.set(fitted.subarray(y * scaled.width, (y + 1) * scaled.width), (offset.y + y) * MNIST_SIDE + offset.x);
  }
  return ok({
    pixels,
    steps: {
      alreadyMnist: false, source, inverted, background, peak, stretched: background !== 0 || peak !== 255,
      inkBox, cropped: inkBox.width !== width || inkBox.height !== height,
      scaled, resized: scaled.width !== inkBox.width || scaled.height !== inkBox.height, offset,
    },
  });
}

/** One line saying what the conversion did, for the inspector and the model panel. */
export function describeMnistStyle(steps: MnistStyleSteps): string {
  const { source } = steps;
  const kind = source.channels === 1 ? 'grey' : source.channels === 3 ? 'RGB' : 'RGBA';
  if (steps.alreadyMnist) return `${source.width}×${source.height} ${kind}, already MNIST-like: used as it is`;
  const done: string[] = [];
  if (source.channels !== 1) done.push('made grey');
  if (steps.inverted) done.push('inverted (light background)');
  if (steps.stretched) done.push(`levels ${steps.background}–${steps.peak} stretched to 0–255`);
  if (steps.cropped) done.push(`cropped to the ink (${steps.inkBox.width}×${steps.inkBox.height})`);
  if (steps.resized) done.push(`scaled to ${steps.scaled.width}×${steps.scaled.height}`);
  done.push('centred by mass in 28×28');
  return `${source.width}×${source.height} ${kind}: ${done.join(', ')}`;
}

function toGrey(data: Uint8Array | Uint8ClampedArray, area: number, channels: 1 | 3 | 4): Uint8Array {
  if (channels === 1) return Uint8Array.from(data);
  const grey = new Uint8Array(area);
  for (let i = 0, p = 0; i < area; i++, p += channels) {
    let r = data[p]!;
    let g = data[p + 1]!;
    let b = data[p + 2]!;
    const a = channels === 4 ? data[p + 3]! : 255;
    if (a < 255) {
      // Over white, rounded to nearest: what the pixel looks like on a page.
      const paper = 255 * (255 - a) + 127;
      r = Math.floor((r * a + paper) / 255);
      g = Math.floor((g * a + paper) / 255);
      b = Math.floor((b * a + paper) / 255);
    }
    grey[i] = (r * 19595 + g * 38470 + b * 7471 + 0x8000) >>> 16;
  }
  return grey;
}

function isOpaqueGrey(data: Uint8Array | Uint8ClampedArray, channels: 3 | 4): boolean {
  for (let p = 0; p < data.length; p += channels) {
    if (data[p] !== data[p + 1] || data[p] !== data[p + 2] || (channels === 4 && data[p + 3] !== 255)) return false;
  }
  return true;
}

/** The lower median of the outermost ring of pixels (all of them for an image 1 or 2 pixels thin). */
function borderMedian(grey: Uint8Array, width: number, height: number): number {
  const counts = new Uint32Array(256);
  let n = 0;
  for (let y = 0; y < height; y++) {
    const edgeRow = y === 0 || y === height - 1;
    for (let x = 0; x < width; x++) {
      if (edgeRow || x === 0 || x === width - 1) {
        counts[grey[y * width + x]!]! += 1;
        n += 1;
      }
    }
  }
  const rank = (n - 1) >> 1;
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += counts[v]!;
    if (seen > rank) return v;
  }
  return 255;
}

function inkBoundingBox(levels: Uint8Array, width: number, height: number): Box {
  let minX = width;
  let minY = height;
  let maxX = -1;
  let maxY = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (levels[y * width + x]! >= INK_THRESHOLD) {
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
  }
  // The brightest pixel is 255 ≥ INK_THRESHOLD, so the box is never empty.
  return { x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1 };
}

/**
 * For each output pixel, the source pixels it covers and by how much. Measured in units of 1/(to·from) of the
 * source: source pixel i spans [i·to, (i+1)·to), output pixel o spans [o·from, (o+1)·from); the overlaps of one
 * output pixel add up to `from`.
 */
function overlaps(from: number, to: number): { readonly first: number; readonly weights: number[] }[] {
  const spans: { first: number; weights: number[] }[] = [];
  for (let o = 0; o < to; o++) {
    const start = o * from;
    const end = start + from;
    const first = Math.floor(start / to);
    const weights: number[] = [];
    for (let i = first; i * to < end; i++) weights.push(Math.min((i + 1) * to, end) - Math.max(i * to, start));
    spans.push({ first, weights });
  }
  return spans;
}

/** Area-average resampling of the box of `levels` to `toW`×`toH`, in exact integers until the final rounding. */
function areaResample(levels: Uint8Array, width: number, box: Box, toW: number, toH: number): Uint8Array {
  const xs = overlaps(box.width, toW);
  const ys = overlaps(box.height, toH);
  // Rows first: each source row of the box becomes toW weighted sums (no rounding yet).
  const rows = new Float64Array(box.height * toW);
  for (let y = 0; y < box.height; y++) {
    const rowStart = (box.y + y) * width + box.x;
    for (let o = 0; o < toW; o++) {
      const { first, weights } = xs[o]!;
      let sum = 0;
      for (let k = 0; k < weights.length; k++) sum += levels[rowStart + first + k]! * weights[k]!;
      rows[y * toW + o] = sum;
    }
  }
  const out = new Uint8Array(toW * toH);
  const whole = box.width * box.height;
  for (let p = 0; p < toH; p++) {
    const { first, weights } = ys[p]!;
    for (let o = 0; o < toW; o++) {
      let sum = 0;
      for (let k = 0; k < weights.length; k++) sum += rows[(first + k) * toW + o]! * weights[k]!;
      out[p * toW + o] = Math.floor((2 * sum + whole) / (2 * whole));
    }
  }
  return out;
}

function centreOfMassOffset(fitted: Uint8Array, w: number, h: number): { x: number; y: number } | null {
  let mass = 0;
  let sumX = 0;
  let sumY = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = fitted[y * w + x]!;
      mass += v;
      sumX += x * v;
      sumY += y * v;
    }
  }
  if (mass === 0) return null;
  const centre = MNIST_SIDE / 2;
  const clamp = (v: number, max: number): number => Math.min(Math.max(v, 0), max);
  return {
    x: clamp(Math.floor((centre * mass - sumX) / mass), MNIST_SIDE - w),
    y: clamp(Math.floor((centre * mass - sumY) / mass), MNIST_SIDE - h),
  };
}
