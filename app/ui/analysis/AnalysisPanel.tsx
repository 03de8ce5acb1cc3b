import { useRef, type KeyboardEvent } from 'react';
import { BUILTIN_MODELS } from '../../builtins';
import { compareModels } from '../../core/metrics/compare';
import type { DeepEvaluation } from '../../core/metrics/deepEvaluation';
import { ComparePanel } from '../compare/ComparePanel';
import { ConfidenceView } from '../confidence/ConfidenceView';
import { ExportButtons } from '../export/ExportButtons';
import { MistakesList } from '../mistakes/MistakesList';
import { PerClassTable } from '../perclass/PerClassTable';
import type { ModelRequest } from '../request';
import type { LabelledEvaluation } from '../evaluation';
import { ANALYSIS_TABS, type AnalysisTab, type ComparisonState } from '../state';

interface Props {
  readonly evaluation: LabelledEvaluation;
  readonly deep: DeepEvaluation;
  /** The comparison's second model when it has run, with its deep metrics. */
  readonly comparison: ComparisonState;
  readonly comparisonDeep: DeepEvaluation | null;
  /** The comparison model shown in the picker (the chosen one, or the default). */
  readonly compareWith: ModelRequest | null;
  readonly tab: AnalysisTab;
  readonly selected: number | null;
  readonly onTab: (tab: AnalysisTab) => void;
  readonly onSelect: (index: number) => void;
  readonly onCompareWith: (model: ModelRequest) => void;
  readonly onOpenCompareFile: () => void;
}

const TAB_LABELS: Readonly<Record<AnalysisTab, string>> = { 'per-class': 'Per class', mistakes: 'Confident mistakes', confidence: 'Confidence', compare: 'Compare models' };

/** The deeper views, in tabs: per-class metrics, the most confident mistakes, calibration, and a second model. */
export function AnalysisPanel(props: Props) {
  const { evaluation, deep, comparison, comparisonDeep, compareWith, tab, selected, onTab, onSelect } = props;
  const { testSet, classNames, predictions, model, data } = evaluation;
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);

  // Arrow keys move between tabs (the WAI-ARIA tabs pattern).
  const onKey = (event: KeyboardEvent, index: number) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = (index + step + ANALYSIS_TABS.length) % ANALYSIS_TABS.length;
    onTab(ANALYSIS_TABS[next]!);
    tabs.current[next]?.focus();
  };

  const second = comparison.evaluation;
  const comparisonResult =
    second && second.predictions.classes === predictions.classes ? compareModels(testSet.labels.labels, predictions.predicted, second.predictions.predicted, predictions.classes) : null;

  return (
    <section className="card analysis-card" aria-label="Analysis">
      <header className="card-header analysis-header">
        <div role="tablist" aria-label="Analysis views" className="tabs">
          {ANALYSIS_TABS.map((id, i) => (
            <button
              key={id}
              ref={(el) => {
                tabs.current[i] = el;
              }}
              type="button"
              role="tab"
              id={`tab-${id}`}
              aria-selected={tab === id}
              aria-controls={`panel-${id}`}
              tabIndex={tab === id ? 0 : -1}
              className={tab === id ? 'tab on' : 'tab'}
              onClick={() => onTab(id)}
              onKeyDown={(e) => onKey(e, i)}
              data-testid={`tab-${id}`}
            >
              {TAB_LABELS[id]}
            </button>
          ))}
        </div>
        <ExportButtons
          labels={testSet.labels.labels}
          predicted={predictions.predicted}
          evaluation={deep}
          classNames={classNames}
          model={{ name: model.name, fileName: model.fileName, sizeBytes: model.sizeBytes, sha256: model.sha256 }}
          dataset={{ name: data.name, count: testSet.images.count }}
          checksums={data.checksums}
          comparison={
            second && comparisonResult ? { model: { name: second.model.name, fileName: second.model.fileName, sizeBytes: second.model.sizeBytes, sha256: second.model.sha256 }, result: comparisonResult } : null
          }
        />
      </header>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="analysis-body">
        {tab === 'per-class' && <PerClassTable report={deep.report} classNames={classNames} />}
        {tab === 'mistakes' && <MistakesList images={testSet.images} mistakes={deep.mistakes} classNames={classNames} onSelect={onSelect} selected={selected} />}
        {tab === 'confidence' && <ConfidenceView histogram={deep.histogram} reliability={deep.reliability} topK={deep.topK} softmaxApplied={deep.probabilities.softmaxApplied} />}
        {tab === 'compare' && (
          <div className="compare-tab">
            <div className="compare-pick">
              <label className="field">
                <span>Compare with (B)</span>
                <select
                  value={compareWith?.kind === 'builtin' ? compareWith.id : compareWith ? '__file__' : ''}
                  onChange={(e) => e.target.value && e.target.value !== '__file__' && props.onCompareWith({ kind: 'builtin', id: e.target.value })}
                  data-testid="compare-select"
                >
                  {!compareWith && <option value="">Choose a model</option>}
                  {BUILTIN_MODELS.map((m) => (
                    <option key={m.card.id} value={m.card.id}>
                      {m.card.name}
                    </option>
                  ))}
                  {compareWith?.kind === 'files' && <option value="__file__">{compareWith.model.name} (your file)</option>}
                </select>
              </label>
              <button type="button" className="button" onClick={props.onOpenCompareFile} data-testid="compare-open">
                Open a model…
              </button>
              <span className="card-sub" role="status">
                {comparison.phase === 'running' && 'Evaluating the second model on the same test set…'}
                {comparison.phase === 'error' && <span className="status-error" data-testid="compare-error">{comparison.error}</span>}
              </span>
            </div>
            {second && comparisonResult && (
              <ComparePanel
                images={testSet.images}
                labels={testSet.labels.labels}
                predictedA={predictions.predicted}
                predictedB={second.predictions.predicted}
                comparison={comparisonResult}
                nameA={model.name}
                nameB={second.model.name}
                classNames={classNames}
                confidenceA={deep.confidence}
                confidenceB={comparisonDeep?.confidence}
                onSelect={onSelect}
                selected={selected}
              />
            )}
            {second && !comparisonResult && (
              <p className="warning">
                {second.model.name} has {second.predictions.classes} classes and {model.name} {predictions.classes}: they cannot be compared class by class.
              </p>
            )}
          </div>
        )}
      </div>
    </section>
  );
}
