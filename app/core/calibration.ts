import type { InputElementType } from './onnx/feed';
import { argmaxRows } from './predictions';
import type { Preprocessing } from './preprocess';
import { CANDIDATES } from './preprocessChoice';
import type { ImageSet, LabelSet } from './types';

/** One candidate preprocessing's accuracy on the calibration slice. */
export interface CalibrationRow {
  readonly pre: Preprocessing;
  readonly correct: number;
  readonly total: number;
  readonly accuracy: number;
}

export interface Calibration {
  readonly rows: readonly CalibrationRow[];
  readonly best: CalibrationRow;
  /** True when even the best candidate is close to guessing: usually a wrong layout or scaling. */
  readonly nearChance: boolean;
  readonly classes: number;
}

/** Images `auto` calibrates on: enough to separate the presets clearly, few enough to take a moment. */
export const CALIBRATION_SIZE = 500;

/**
 * Picks the most accurate candidate; ties go to the earlier candidate (the list starts with the plain presets).
 * "Near chance" means below three times the accuracy of guessing uniformly (0.3 for ten classes).
 */
export function chooseCalibration(rows: readonly CalibrationRow[], classes: number): Calibration {
  if (rows.length === 0) throw new RangeError('no calibration candidates');
  let best = rows[0]!;
  for (const row of rows) if (row.accuracy > best.accuracy) best = row;
  return { rows, best, nearChance: best.accuracy < Math.min(1, 3 / classes), classes };
}

/** Runs the model on some images with one preprocessing; returns `count`×`classes` scores. */
export type ScoreImages = (images: ImageSet, pre: Preprocessing, step: { readonly index: number; readonly of: number }) => Promise<{ readonly scores: Float32Array; readonly classes: number }>;

/**
 * `auto`: scores the first `CALIBRATION_SIZE` images with every candidate preprocessing and keeps the most
 * accurate. A uint8 input takes bytes as they are, so only the raw preset (plain or inverted) can feed it.
 * The page runs the model in its worker, the CLI in onnxruntime-node: `score` is theirs, the rest is shared.
 */
export async function calibrate(images: ImageSet, labels: LabelSet, inputType: InputElementType, score: ScoreImages): Promise<Calibration> {
  const size = Math.min(CALIBRATION_SIZE, images.count);
  const slice: ImageSet = { ...images, count: size, pixels: images.pixels.subarray(0, size * images.rows * images.cols) };
  const candidates = inputType === 'uint8' ? CANDIDATES.filter((c) => c.preset === 'raw') : CANDIDATES;
  const rows: CalibrationRow[] = [];
  let classes = 0;
  for (const [index, pre] of candidates.entries()) {
    const out = await score(slice, pre, { index, of: candidates.length });
    classes = out.classes;
    const predicted = argmaxRows(out.scores, size, out.classes);
    let correct = 0;
    for (let k = 0; k < size; k++) if (predicted[k] === labels.labels[k]) correct++;
    rows.push({ pre, correct, total: size, accuracy: correct / size });
  }
  return chooseCalibration(rows, classes);
}
