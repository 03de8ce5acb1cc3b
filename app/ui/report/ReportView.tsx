import { count as formatCount } from '../charts/format';
import { useEffect, useMemo, useState } from 'react';
import { builtinDataset, testFileUrls } from '../../builtins';
import { fromRows } from '../../core/metrics/confusion';
import type { SharedReport } from '../../core/report';
import type { ImageSet, LabelSet } from '../../core/types';
import { readImages, readLabels } from '../../core/testSet';
import { fetchBytes, ungzipIfNeeded } from '../../io/fetchBytes';
import { ConfusionMatrix } from '../matrix/ConfusionMatrix';
import type { MatrixView, Truth } from '../state';
import { CorrectedAccuracy } from '../labels/CorrectedAccuracy';
import { reportCorrection } from '../labels/reportCorrection';
import { SampleStrip } from '../strip/SampleStrip';
import { AccuracyCard } from '../summary/AccuracyCard';

/** A shared report, read-only: the figures travelled in the link; the digits are drawn from the built-in test set. */
export function ReportView({ report }: { report: SharedReport }) {
  const [view, setView] = useState<MatrixView>('counts');
  const [testSet, setTestSet] = useState<{ images: ImageSet; labels: LabelSet } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const given = useMemo(() => fromRows(report.matrix), [report]);
  // A report with a review of suspect labels opens counted as the sender reviewed it; the switch goes back.
  const reviewed = useMemo(() => reportCorrection(report), [report]);
  const [truth, setTruth] = useState<Truth>('corrected');
  const matrix = reviewed && truth === 'corrected' ? reviewed.matrix : given;
  const dataset = report.dataset.id ? builtinDataset(report.dataset.id) : null;

  useEffect(() => {
    if (!dataset) return;
    const urls = testFileUrls(dataset);
    Promise.all([fetchBytes(urls.images).then(ungzipIfNeeded), fetchBytes(urls.labels).then(ungzipIfNeeded)])
      .then(([i, l]) => {
        const images = readImages(i);
        const labels = readLabels(l);
        if (!images.ok || !labels.ok) throw new Error(images.ok ? (labels.ok ? '' : labels.reason) : images.reason);
        if (images.value.count !== report.dataset.count) throw new Error(`the report counts ${report.dataset.count} images, the built-in test set has ${images.value.count}`);
        setTestSet({ images: images.value, labels: labels.value });
      })
      .catch((e: unknown) => setProblem(`The sample images cannot be shown: ${(e as Error).message}`));
  }, [dataset, report]);

  const created = new Date(report.createdAt);
  const when = Number.isNaN(created.getTime()) ? 'at an unknown time' : `on ${created.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}`;
  return (
    <main className="dashboard" data-testid="report">
      <div className="report-banner" role="note">
        <strong>Shared results, read-only.</strong> {report.model.name}
        {report.model.fileName !== report.model.name ? ` (${report.model.fileName})` : ''} evaluated on {report.dataset.name} {when}. The
        model is not part of the link, so nothing here can be re-run. <a href={location.pathname}>Open the live dashboard</a>
      </div>
      <div className="status status--done" data-testid="eval-status" data-state="done">
        <span className="status-text">
          <span className="status-dot" aria-hidden="true" />
          Report of {formatCount(report.dataset.count)} images with preprocessing {report.preprocessing}
        </span>
      </div>
      <div className="dashboard-top">
        <div className="dashboard-side">
        <AccuracyCard
          matrix={matrix}
          classNames={report.classNames}
          facts={[
            ['Model', `${report.model.name}${report.model.producer ? ` · ${report.model.producer}` : ''}`],
            ['Parameters', formatCount(report.model.parameters)],
            ['Test set', `${report.dataset.name}, ${formatCount(report.dataset.count)} images`],
            ['Input', report.preprocessing],
          ]}
        />
        {reviewed && <CorrectedAccuracy given={given} corrected={reviewed} truth={truth} onTruth={setTruth} />}
        </div>
        <ConfusionMatrix matrix={matrix} classNames={report.classNames} view={view} onViewChange={setView} />
      </div>
      {testSet ? (
        <SampleStrip
          images={testSet.images}
          samples={report.strip.indices.map((index, k) => ({ index, label: testSet.labels.labels[index]!, predicted: report.strip.predicted[k]! }))}
          classNames={report.classNames}
          seed={report.strip.seed}
        />
      ) : (
        <p className="card-sub">{problem ?? (dataset ? 'Loading the sample images…' : 'The test set was the sender’s own files, so the sample images cannot be shown.')}</p>
      )}
    </main>
  );
}
