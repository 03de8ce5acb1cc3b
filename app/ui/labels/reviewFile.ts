/** Reading a dropped review CSV against the results on screen, and writing one for download. */
import { parseReviewCsv, type Review } from '../../core/labelIssues/review';
import type { Result } from '../../core/result';
import { isLabelled } from '../evaluation';
import type { Evaluation } from '../state';

/** The review in `file`, checked against the evaluation's test set; a failure names the file and the line. */
export async function readReviewFile(file: File, evaluation: Evaluation | null): Promise<Result<Review>> {
  if (!evaluation) return { ok: false, reason: `${file.name}: a review of suspect labels applies to results; drop it again once the evaluation is done.` };
  if (!isLabelled(evaluation)) return { ok: false, reason: `${file.name}: a review of suspect labels needs a labelled test set; the images on screen have no labels.` };
  let text: string;
  try {
    text = await file.text();
  } catch (e) {
    return { ok: false, reason: `${file.name}: the file could not be read (${(e as Error).message}).` };
  }
  const parsed = parseReviewCsv(text, evaluation.testSet.labels.labels, evaluation.predictions.classes);
  return parsed.ok ? parsed : { ok: false, reason: `${file.name}: ${parsed.reason}. The review was not restored.` };
}

