/** The orientation check of a dropped IDX set (core/formats/orientation.ts), run with the model being evaluated. */
import { argmaxRows } from '../../core/predictions';
import { transposeImages } from '../../core/formats/emnist';
import { chooseOrientation, describeOrientation, orientationSlice } from '../../core/formats/orientation';
import type { ImageSet } from '../../core/types';
import type { DataEntry } from '../evaluation';

type Score = (slice: ImageSet) => Promise<{ readonly scores: Float32Array; readonly classes: number }>;

/** The data as stored, or transposed back when the model says it is (with a note saying so). */
export async function checkOrientation(data: DataEntry, score: Score): Promise<DataEntry> {
  const labels = data.labels;
  if (!labels || data.images.rows !== data.images.cols) return data;
  const { asIs, transposed } = orientationSlice(data.images);
  const accuracy = async (slice: ImageSet): Promise<{ accuracy: number; classes: number }> => {
    const out = await score(slice);
    const predicted = argmaxRows(out.scores, slice.count, out.classes);
    let correct = 0;
    for (let i = 0; i < slice.count; i++) if (predicted[i] === labels.labels[i]) correct++;
    return { accuracy: correct / slice.count, classes: out.classes };
  };
  const a = await accuracy(asIs);
  const t = await accuracy(transposed);
  const flip = chooseOrientation(a.accuracy, t.accuracy, a.classes);
  const note = describeOrientation(flip, a.accuracy, t.accuracy, asIs.count);
  if (!flip) return data; // as stored, as every IDX file is read: nothing to say
  return { ...data, images: transposeImages(data.images), notes: [...(data.notes ?? []), note] };
}
