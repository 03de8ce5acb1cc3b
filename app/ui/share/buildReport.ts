import { toRows } from '../../core/metrics/confusion';
import { formatChoice } from '../../core/preprocessChoice';
import { REPORT_VERSION, type SharedReport } from '../../core/report';
import { sampleIndices } from '../../core/sampling';
import { STRIP_SIZE } from '../strip/stripSize';
import type { LabelledEvaluation } from '../evaluation';

/** The shareable part of an evaluation: its figures and the strip as shown, nothing of the model itself. */
export function buildReport(evaluation: LabelledEvaluation, seed: number, now = new Date()): SharedReport {
  const indices = sampleIndices(evaluation.testSet.images.count, STRIP_SIZE, seed);
  const { info } = evaluation.model;
  return {
    v: REPORT_VERSION,
    createdAt: now.toISOString(),
    model: {
      name: evaluation.model.name,
      fileName: evaluation.model.fileName,
      sizeBytes: evaluation.model.sizeBytes,
      producer: [info.producerName, info.producerVersion].filter(Boolean).join(' ').slice(0, 300),
      parameters: info.parameters,
    },
    dataset: { id: evaluation.data.datasetId, name: evaluation.data.name, count: evaluation.testSet.images.count },
    preprocessing: formatChoice({ kind: 'fixed', pre: evaluation.preprocessing }),
    classNames: evaluation.classNames,
    matrix: toRows(evaluation.matrix),
    strip: { seed, indices, predicted: indices.map((i) => evaluation.predictions.predicted[i]!) },
  };
}
