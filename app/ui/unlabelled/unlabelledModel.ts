/**
 * What the dashboard shows for a test set without labels: how the predictions spread over the classes, and the
 * images predicted as one class, most confident first. Pure data shaping for UnlabelledResults.tsx.
 */
import type { GalleryItem } from '../gallery/galleryModel';

export interface ClassShare {
  readonly classIndex: number;
  readonly name: string;
  readonly count: number;
  /** count / total, 0 … 1 (0 for an empty set). */
  readonly share: number;
}

/** How many images the model put in each class, in class order. */
export function predictedDistribution(predicted: ArrayLike<number>, classNames: readonly string[]): ClassShare[] {
  const counts = new Array<number>(classNames.length).fill(0);
  for (let i = 0; i < predicted.length; i++) {
    const p = predicted[i]!;
    if (p < counts.length) counts[p]! += 1;
  }
  const total = predicted.length;
  return counts.map((count, classIndex) => ({ classIndex, name: classNames[classIndex] ?? String(classIndex), count, share: total ? count / total : 0 }));
}

/** The probability of each image's predicted class, from `count`×`classes` probabilities. */
export function predictedConfidence(probabilities: ArrayLike<number>, predicted: ArrayLike<number>, classes: number): Float64Array {
  const out = new Float64Array(predicted.length);
  for (let i = 0; i < predicted.length; i++) out[i] = probabilities[i * classes + predicted[i]!]!;
  return out;
}

/** The images predicted as `classIndex`, most confident first (ties: lower index first); no labels, so none is marked wrong. */
export function classGallery(predicted: ArrayLike<number>, confidence: ArrayLike<number>, classIndex: number): GalleryItem[] {
  const items: GalleryItem[] = [];
  for (let i = 0; i < predicted.length; i++) {
    if (predicted[i] === classIndex) items.push({ index: i, label: null, predicted: classIndex, confidence: confidence[i]! });
  }
  // NaN confidences (a model that output NaN) go last rather than scrambling the order.
  const key = (c: number | null) => (c === null || Number.isNaN(c) ? -Infinity : c);
  return items.sort((a, b) => key(b.confidence) - key(a.confidence) || a.index - b.index);
}
