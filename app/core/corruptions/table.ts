/**
 * The corruptions of the stress test and their parameters at severities 1…5 (severity 0 is the clean image):
 * the one table the page, the CLI, the README and the tests read. Values follow MNIST-C (Mu & Gilmer 2019,
 * github.com/google-research/mnist-c, corruptions.py) wherever it defines the corruption.
 */
import { gaussianBlur, motionBlur } from './blur';
import { elastic } from './elastic';
import { rotation, scale, shear, translation } from './geometric';
import { brightness, contrast, inversion } from './intensity';
import { block, dilate, disk, erode, type Element } from './morphology';
import { gaussianNoise, impulseNoise } from './noise';
import { occlusion } from './occlusion';
import type { Uniform } from './random';

export type Family = 'geometry' | 'noise' | 'blur' | 'stroke' | 'intensity' | 'occlusion';

export const SEVERITIES = [1, 2, 3, 4, 5] as const;
export type Severity = 0 | (typeof SEVERITIES)[number];

/** One corruption, its parameters bound: what callers use. */
export interface Corruption {
  readonly id: string;
  readonly name: string;
  readonly family: Family;
  /** What the parameter is ("angle, random sign"). */
  readonly parameter: string;
  /** Where the values come from ("MNIST-C rotate", or why we chose them). */
  readonly source: string;
  /** Whether the corruption draws random numbers (else every image is corrupted the same way). */
  readonly random: boolean;
  /** The parameter at a severity 1…5, for people ("0.4 rad (23°)"). */
  describe(severity: number): string;
  /** Writes the corrupted image into `dst` (same size as `src`, not the same array). Severity 1…5. */
  apply(src: Uint8Array, dst: Uint8Array, rows: number, cols: number, severity: number, random: Uniform): void;
}

interface Spec<P> {
  readonly id: string;
  readonly name: string;
  readonly family: Family;
  readonly parameter: string;
  readonly source: string;
  readonly random: boolean;
  readonly values: readonly [P, P, P, P, P];
  readonly text: (p: P) => string;
  readonly kernel: (src: Uint8Array, dst: Uint8Array, rows: number, cols: number, p: P, random: Uniform) => void;
}

function define<P>(spec: Spec<P>): Corruption {
  const value = (severity: number): P => {
    const p = spec.values[severity - 1];
    if (p === undefined) throw new RangeError(`Severity ${severity} of ${spec.id}: severities are 1 to 5.`);
    return p;
  };
  return {
    id: spec.id,
    name: spec.name,
    family: spec.family,
    parameter: spec.parameter,
    source: spec.source,
    random: spec.random,
    describe: (severity) => spec.text(value(severity)),
    apply: (src, dst, rows, cols, severity, random) => spec.kernel(src, dst, rows, cols, value(severity), random),
  };
}

const deg = (rad: number): string => `${rad} rad (${Math.round((rad * 180) / Math.PI)}°)`;
const MNIST_C = 'MNIST-C';

/** Structuring elements for erosion: digits' strokes are 2–4 px wide, so thinning starts from the smallest steps. */
const ERODE: Spec<readonly [Element, string]>['values'] = [
  [block(2, 1), '2×1 pair'],
  [block(2, 2), '2×2 square'],
  [disk(1), '3×3 plus'],
  [disk(2), '3×3 square'],
  [disk(4), 'disk r = 2 (13 px)'],
];
const DILATE: Spec<readonly [Element, string]>['values'] = [
  [disk(1), '3×3 plus'],
  [disk(2), '3×3 square'],
  [disk(4), 'disk r = 2 (13 px)'],
  [disk(5), 'disk r = √5 (21 px)'],
  [disk(9), 'disk r = 3 (29 px)'],
];

export const CORRUPTIONS: readonly Corruption[] = [
  define({ id: 'rotation', name: 'Rotation', family: 'geometry', parameter: 'angle, random sign', source: `${MNIST_C} rotate`, random: true, values: [0.2, 0.4, 0.6, 0.8, 1], text: deg, kernel: (s, d, r, c, p, rnd) => rotation(s, d, r, c, [p], rnd) }),
  define({ id: 'shear', name: 'Shear', family: 'geometry', parameter: 'shear angle φ, random sign', source: `${MNIST_C} shear`, random: true, values: [0.2, 0.4, 0.6, 0.8, 1], text: deg, kernel: (s, d, r, c, p, rnd) => shear(s, d, r, c, [p], rnd) }),
  define({ id: 'scale', name: 'Scale', family: 'geometry', parameter: 'digit size factor (shrinks)', source: `${MNIST_C} scale (inverse map 1/0.9 … 1/0.5)`, random: false, values: [0.9, 0.8, 0.7, 0.6, 0.5], text: (p) => `×${p}`, kernel: (s, d, r, c, p) => scale(s, d, r, c, [p]) }),
  define({ id: 'translation', name: 'Translation', family: 'geometry', parameter: 'shift in x and in y, random signs', source: `${MNIST_C} translate`, random: true, values: [1, 2, 3, 4, 5], text: (p) => `${p} px`, kernel: (s, d, r, c, p, rnd) => translation(s, d, r, c, [p], rnd) }),
  define({ id: 'gaussian-noise', name: 'Gaussian noise', family: 'noise', parameter: 'σ (of the 0…1 range)', source: `${MNIST_C} gaussian_noise`, random: true, values: [0.08, 0.12, 0.18, 0.26, 0.38], text: (p) => `σ ${p}`, kernel: (s, d, r, c, p, rnd) => gaussianNoise(s, d, r, c, [p], rnd) }),
  define({ id: 'impulse-noise', name: 'Impulse noise', family: 'noise', parameter: 'share of pixels set to 0 or 255', source: `${MNIST_C} impulse_noise`, random: true, values: [0.03, 0.06, 0.09, 0.17, 0.27], text: (p) => `${Math.round(p * 100)}%`, kernel: (s, d, r, c, p, rnd) => impulseNoise(s, d, r, c, [p], rnd) }),
  define({ id: 'gaussian-blur', name: 'Gaussian blur', family: 'blur', parameter: 'σ (px)', source: `${MNIST_C} gaussian_blur`, random: false, values: [1, 2, 3, 4, 6], text: (p) => `σ ${p} px`, kernel: (s, d, r, c, p) => gaussianBlur(s, d, r, c, [p]) }),
  define({ id: 'motion-blur', name: 'Motion blur', family: 'blur', parameter: '(radius, σ) px, angle uniform in ±45°', source: `${MNIST_C} motion_blur`, random: true, values: [[10, 3], [15, 5], [15, 8], [15, 12], [20, 15]], text: ([radius, sigma]) => `r ${radius}, σ ${sigma}`, kernel: (s, d, r, c, p, rnd) => motionBlur(s, d, r, c, p, rnd) }),
  define({ id: 'thickening', name: 'Thickening (dilate)', family: 'stroke', parameter: 'structuring element', source: 'ours (not in MNIST-C)', random: false, values: DILATE, text: ([, name]) => name, kernel: (s, d, r, c, [element]) => dilate(s, d, r, c, element) }),
  define({ id: 'thinning', name: 'Thinning (erode)', family: 'stroke', parameter: 'structuring element', source: 'ours (not in MNIST-C)', random: false, values: ERODE, text: ([, name]) => name, kernel: (s, d, r, c, [element]) => erode(s, d, r, c, element) }),
  define({ id: 'contrast', name: 'Contrast', family: 'intensity', parameter: 'contrast factor about the mean', source: `${MNIST_C} contrast`, random: false, values: [0.4, 0.3, 0.2, 0.1, 0.05], text: (p) => `×${p}`, kernel: (s, d, r, c, p) => contrast(s, d, r, c, [p]) }),
  define({ id: 'brightness', name: 'Brightness', family: 'intensity', parameter: 'added to every pixel (MNIST-C c·255)', source: `${MNIST_C} brightness (c = 0.1 … 0.5)`, random: false, values: [26, 51, 77, 102, 128], text: (p) => `+${p}`, kernel: (s, d, r, c, p) => brightness(s, d, r, c, [p]) }),
  define({ id: 'inversion', name: 'Inversion', family: 'intensity', parameter: 'blend with the negative', source: `${MNIST_C} inverse at severity 5; ours below`, random: false, values: [0.2, 0.4, 0.6, 0.8, 1], text: (p) => `${Math.round(p * 100)}%`, kernel: (s, d, r, c, p) => inversion(s, d, r, c, [p]) }),
  define({ id: 'occlusion', name: 'Occlusion', family: 'occlusion', parameter: 'side of a random blank box (px)', source: 'ours (cutout; not in MNIST-C)', random: true, values: [6, 9, 12, 15, 18], text: (p) => `${p}×${p} px`, kernel: (s, d, r, c, p, rnd) => occlusion(s, d, r, c, [p], rnd) }),
  define({ id: 'elastic', name: 'Elastic', family: 'geometry', parameter: '(α, σ) px of the displacement field', source: 'Simard et al. 2003 (α 34, σ 4 at severity 3)', random: true, values: [[18, 4], [26, 4], [34, 4], [42, 4], [50, 4]], text: ([alpha, sigma]) => `α ${alpha}, σ ${sigma}`, kernel: (s, d, r, c, p, rnd) => elastic(s, d, r, c, p, rnd) }),
];

export const CORRUPTION_IDS: readonly string[] = CORRUPTIONS.map((c) => c.id);

export const corruptionById = (id: string): Corruption | undefined => CORRUPTIONS.find((c) => c.id === id);
