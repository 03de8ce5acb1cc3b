import { count as formatCount } from '../charts/format';
import { useState } from 'react';
import type { Comparison } from '../../core/metrics/compare';
import type { DeepEvaluation } from '../../core/metrics/deepEvaluation';
import { metricsJsonText, predictionsCsv, type DatasetIdentity, type ModelIdentity } from '../../core/metrics/export';
import { percent } from '../charts/format';
import { downloadBlob, downloadText, svgToPng } from './download';
import { confusionMatrixSvg, exportFileName, type ExportKind } from './matrixSvg';

export interface ExportButtonsProps {
  readonly labels: ArrayLike<number>;
  readonly predicted: ArrayLike<number>;
  /** deepEvaluation(labels, predictions): probabilities, metrics and the confusion matrix. */
  readonly evaluation: DeepEvaluation;
  readonly classNames: readonly string[];
  /** Model identity for the metrics JSON; sha256 is the caller's to compute (null when unknown). */
  readonly model: ModelIdentity;
  readonly dataset: Omit<DatasetIdentity, 'sha256'>;
  /** The test files' SHA-256 for the metrics JSON, computed when it is asked for (hashing 47 MB takes a while). */
  readonly checksums: () => Promise<DatasetIdentity['sha256']>;
  /** A comparison with a second model, included in the metrics JSON when present. */
  readonly comparison?: { readonly model: ModelIdentity; readonly result: Comparison } | null | undefined;
}

const BUTTONS: readonly { readonly kind: ExportKind; readonly label: string; readonly hint: string }[] = [
  { kind: 'predictions.csv', label: 'Predictions CSV', hint: 'One row per image: index, label, prediction, confidence and every class probability' },
  { kind: 'metrics.json', label: 'Metrics JSON', hint: 'Every metric on this page, with the model and test set identity and checksums' },
  { kind: 'confusion-matrix.png', label: 'Matrix PNG', hint: 'The confusion matrix as an image' },
  { kind: 'confusion-matrix.svg', label: 'Matrix SVG', hint: 'The confusion matrix as a vector drawing' },
];

/**
 * Downloads of the results, made in the browser from what is on the page: predictions CSV, metrics JSON, and
 * the confusion matrix as SVG and PNG. Files are built on click, not on every render.
 */
export function ExportButtons({ labels, predicted, evaluation, classNames, model, dataset, checksums, comparison }: ExportButtonsProps) {
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const name = (kind: ExportKind) => exportFileName(model.name, dataset.name, kind);
  const matrixTitle = `${model.name} on ${dataset.name} (${formatCount(dataset.count)} images): accuracy ${percent(evaluation.report.accuracy, 2)}`;

  const run = async (kind: ExportKind) => {
    try {
      switch (kind) {
        case 'predictions.csv':
          downloadText(predictionsCsv(labels, predicted, evaluation.probabilities.values, evaluation.probabilities.classes), name(kind), 'text/csv');
          break;
        case 'metrics.json':
          downloadText(
            metricsJsonText({ model, dataset: { ...dataset, sha256: await checksums() }, classNames, evaluation, comparison: comparison ?? undefined, generatedAt: new Date().toISOString() }),
            name(kind),
            'application/json',
          );
          break;
        case 'confusion-matrix.svg':
          downloadText(confusionMatrixSvg(evaluation.matrix, classNames, matrixTitle).svg, name(kind), 'image/svg+xml');
          break;
        case 'confusion-matrix.png': {
          const { svg, width, height } = confusionMatrixSvg(evaluation.matrix, classNames, matrixTitle);
          downloadBlob(await svgToPng(svg, width, height), name(kind));
          break;
        }
      }
      setStatus({ kind: 'ok', text: `Saved ${name(kind)}` });
    } catch (error) {
      setStatus({ kind: 'error', text: error instanceof Error ? error.message : String(error) });
    }
  };

  return (
    <div className="export" role="group" aria-label="Export results">
      <span className="export-label">Export</span>
      {BUTTONS.map((b) => (
        <button key={b.kind} type="button" className="button" title={b.hint} data-testid={`export-${b.kind.replace('.', '-')}`} onClick={() => void run(b.kind)}>
          {b.label}
        </button>
      ))}
      <span className={`export-status${status?.kind === 'error' ? ' export-status--error' : ''}`} role="status" aria-live="polite" data-testid={status?.kind === 'error' ? 'error' : undefined}>
        {status?.text ?? ''}
      </span>
    </div>
  );
}
