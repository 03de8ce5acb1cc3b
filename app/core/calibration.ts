import type { Preprocessing } from './preprocess';

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
