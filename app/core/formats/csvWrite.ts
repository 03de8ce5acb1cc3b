/** Writes MNIST CSVs in the layouts people have (for the tests and the e2e fixtures, without Python). */
import type { ImageSet, LabelSet } from '../types';

export type CsvStyle = 'kaggle' | 'plain' | 'kaggle-test';

export function writeMnistCsv(images: ImageSet, labels: LabelSet | null, style: CsvStyle, count = images.count): string {
  const perImage = images.rows * images.cols;
  const pixelNames = Array.from({ length: perImage }, (_, i) => `pixel${i}`);
  const lines: string[] = [];
  if (style === 'kaggle') lines.push(['label', ...pixelNames].join(','));
  if (style === 'kaggle-test') lines.push(pixelNames.join(','));
  for (let i = 0; i < count; i++) {
    const row = Array.from(images.pixels.subarray(i * perImage, (i + 1) * perImage));
    lines.push((style === 'kaggle-test' || !labels ? row : [labels.labels[i]!, ...row]).join(','));
  }
  return lines.join('\n') + '\n';
}
