import { useMemo, useState } from 'react';
import { predictionsCsv } from '../../core/metrics/export';
import { toProbabilities } from '../../core/metrics/probabilities';
import { sampleIndices } from '../../core/sampling';
import { count as formatCount, percent } from '../charts/format';
import { ProbabilityList } from '../draw/ProbabilityList';
import type { Evaluation } from '../evaluation';
import { downloadText } from '../export/download';
import { exportFileName } from '../export/matrixSvg';
import { SampleGallery } from '../gallery/SampleGallery';
import { DigitCanvas } from '../strip/DigitCanvas';
import { SampleStrip } from '../strip/SampleStrip';
import { STRIP_SIZE } from '../strip/stripSize';
import { classGallery, predictedConfidence, predictedDistribution } from './unlabelledModel';
import { Facts } from '../summary/Facts';

interface Props {
  readonly evaluation: Evaluation;
  readonly facts: readonly (readonly [string, string])[];
  readonly seed: number;
  readonly onSeedChange: (seed: number) => void;
  readonly selected: number | null;
  readonly onSelect: (index: number) => void;
  readonly onCloseSample: () => void;
}

/**
 * The dashboard for a test set without labels: no accuracy, matrix or per-class metrics (they need the truth),
 * but what the model predicts: how many images per class, the images of each predicted class most confident
 * first, the random strip, and the predictions as CSV.
 */
export function UnlabelledResults({ evaluation, facts, seed, onSeedChange, selected, onSelect, onCloseSample }: Props) {
  const { predictions, classNames, data, model } = evaluation;
  const probabilities = useMemo(() => toProbabilities(predictions), [predictions]);
  const confidence = useMemo(() => predictedConfidence(probabilities.values, predictions.predicted, predictions.classes), [probabilities, predictions]);
  const distribution = useMemo(() => predictedDistribution(predictions.predicted, classNames), [predictions, classNames]);
  const [openClass, setOpenClass] = useState<number | null>(null);
  const items = useMemo(() => (openClass === null ? [] : classGallery(predictions.predicted, confidence, openClass)), [openClass, predictions, confidence]);
  const samples = useMemo(
    () => sampleIndices(data.images.count, STRIP_SIZE, seed).map((index) => ({ index, label: null, predicted: predictions.predicted[index]! })),
    [data.images.count, seed, predictions],
  );
  const most = Math.max(1, ...distribution.map((c) => c.count));
  const saveCsv = () =>
    downloadText(predictionsCsv(null, predictions.predicted, probabilities.values, predictions.classes), exportFileName(model.name, data.name, 'predictions.csv'), 'text/csv');

  return (
    <>
      <div className="dashboard-top">
        <section className="card accuracy-card" aria-labelledby="no-labels-title" data-testid="no-labels">
          <h2 id="no-labels-title">No labels</h2>
          <p className="card-sub">
            This test set has no labels, so there is no accuracy, confusion matrix or per-class metric: only what the model predicts for its{' '}
            {formatCount(data.images.count)} images.
          </p>
          <Facts facts={facts} />
          <div className="export" role="group" aria-label="Export predictions">
            <button type="button" className="button" data-testid="export-predictions-csv" onClick={saveCsv} title="index, an empty label, prediction, confidence and every class probability">
              Predictions CSV
            </button>
          </div>
        </section>
        <section className="card" aria-labelledby="distribution-title">
          <h2 id="distribution-title">Predicted classes</h2>
          <p className="card-sub">How many images the model put in each class{probabilities.softmaxApplied ? ' (confidences are a softmax of its logits)' : ''}. Pick a class to see its images.</p>
          <table className="distribution" data-testid="predicted-distribution">
            <thead>
              <tr>
                <th scope="col">Class</th>
                <th scope="col" className="num">Images</th>
                <th scope="col">Share</th>
              </tr>
            </thead>
            <tbody>
              {distribution.map((c) => (
                <tr key={c.classIndex} data-testid="predicted-count" data-class={c.classIndex} data-count={c.count} className={openClass === c.classIndex ? 'distribution-row--open' : undefined}>
                  <th scope="row">
                    <button
                      type="button"
                      className="button button--quiet"
                      aria-pressed={openClass === c.classIndex}
                      disabled={c.count === 0}
                      onClick={() => setOpenClass(openClass === c.classIndex ? null : c.classIndex)}
                    >
                      {c.name}
                    </button>
                  </th>
                  <td className="num">{formatCount(c.count)}</td>
                  <td className="distribution-share">
                    <span className="prob-track" aria-hidden="true">
                      <span className="prob-bar" style={{ width: `${(c.count / most) * 100}%` }} />
                    </span>
                    {percent(c.share)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
      {openClass !== null && (
        <section className="card" aria-labelledby="class-gallery-title" data-testid="class-gallery" data-class={openClass}>
          <header className="card-header">
            <div>
              <h2 id="class-gallery-title">Predicted {classNames[openClass]}</h2>
              <p className="card-sub">{formatCount(items.length)} images, most confident first.</p>
            </div>
            <button type="button" className="button button--quiet" onClick={() => setOpenClass(null)}>
              Close
            </button>
          </header>
          <SampleGallery images={data.images} items={items} classNames={classNames} label={`Images predicted ${classNames[openClass]}`} onSelect={onSelect} selected={selected} />
        </section>
      )}
      <SampleStrip images={data.images} samples={samples} classNames={classNames} seed={seed} onSeedChange={onSeedChange} onSelect={onSelect} selected={selected} />
      <section className="card analysis-card" aria-labelledby="needs-labels-title" data-testid="analysis-needs-labels">
        <h2 id="needs-labels-title">Analysis</h2>
        <p className="card-sub">
          Per-class metrics, confident mistakes, calibration and the comparison of two models all measure predictions against the true classes, so they need labels. Drop a
          label file for these images to see them.
        </p>
      </section>
      {selected !== null && selected < data.images.count && (
        <aside className="inspector-drawer" aria-label="Sample inspector">
          <section className="card inspector" data-testid="sample-inspector" data-index={selected} data-pred={predictions.predicted[selected]} onKeyDown={(e) => e.key === 'Escape' && onCloseSample()}>
            <header className="card-header">
              <h2>Image #{selected}</h2>
              <button type="button" className="button button--quiet" onClick={onCloseSample}>
                Close
              </button>
            </header>
            <DigitCanvas images={data.images} index={selected} inverted={false} label={`Image ${selected}, predicted ${classNames[predictions.predicted[selected]!]}`} />
            <ProbabilityList
              probabilities={probabilities.values.subarray(selected * predictions.classes, (selected + 1) * predictions.classes)}
              classNames={classNames}
              top={predictions.predicted[selected]!}
              label={`Class probabilities of image ${selected}`}
            />
          </section>
        </aside>
      )}
    </>
  );
}
