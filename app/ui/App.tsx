import { count as formatCount } from './charts/format';
import { lazy, Suspense, useDeferredValue, useMemo, useRef } from 'react';
import { useDropzone } from 'react-dropzone';
import { BUILTIN_MODELS } from '../builtins';
import { deepEvaluation } from '../core/metrics/deepEvaluation';
import { describePreprocessing } from '../core/preprocess';
import { defaultChoice, formatChoice } from '../core/preprocessChoice';
import { sampleIndices } from '../core/sampling';
import { CellGallery } from './gallery/CellGallery';
import { DropOverlay } from './loaders/DropOverlay';
import { ConfusionMatrix } from './matrix/ConfusionMatrix';
import { ModelPanel } from './model/ModelPanel';
import { SetupBar } from './setup/SetupBar';
import { Diagnostics } from './status/Diagnostics';
import { Notices } from './status/Notices';
import { StatusBar } from './status/StatusBar';
import { SampleStrip } from './strip/SampleStrip';
import { STRIP_SIZE } from './strip/stripSize';
import { AccuracyCard } from './summary/AccuracyCard';
import { defaultComparisonModel, useDashboard } from './useDashboard';

// The deeper views bring recharts and the galleries: loaded after the first results, off the critical path.
const AnalysisPanel = lazy(() => import('./analysis/AnalysisPanel').then((m) => ({ default: m.AnalysisPanel })));
const SampleInspector = lazy(() => import('./inspect/SampleInspector').then((m) => ({ default: m.SampleInspector })));

export function App() {
  const dashboard = useDashboard();
  const { state, dispatch, cancel, retry } = dashboard;
  const { evaluation, comparison } = state;
  // The whole page is the drop target; clicks are left to the page's own buttons.
  const { getRootProps, getInputProps, isDragActive, open } = useDropzone({
    onDrop: (files) => dashboard.dropFiles(files),
    noClick: true,
    noKeyboard: true,
    multiple: true,
  });
  const compareInput = useRef<HTMLInputElement>(null);

  const samples = useMemo(() => {
    if (!evaluation) return [];
    const { images, labels } = evaluation.testSet;
    return sampleIndices(images.count, STRIP_SIZE, state.seed).map((index) => ({ index, label: labels.labels[index]!, predicted: evaluation.predictions.predicted[index]! }));
  }, [evaluation, state.seed]);
  // Every deeper metric, once per evaluation (about 10 ms for 10 000 images), computed in a deferred render: the
  // headline, matrix and strip appear first, and the analysis views (charts) follow without holding them up.
  const deferred = useDeferredValue(evaluation);
  const deferredDeep = useMemo(() => deferred && deepEvaluation(deferred.testSet.labels.labels, deferred.predictions, deferred.matrix), [deferred]);
  const deep = deferred === evaluation ? deferredDeep : null;
  const second = comparison.evaluation;
  const secondDeep = useMemo(() => second && deepEvaluation(second.testSet.labels.labels, second.predictions, second.matrix), [second]);

  const requestedModel = state.request.model;
  const builtin = requestedModel.kind === 'builtin' ? BUILTIN_MODELS.find((m) => m.card.id === requestedModel.id) : undefined;
  const modelDefault = formatChoice(defaultChoice(builtin?.card ?? null));
  const select = (index: number) => dispatch({ type: 'sample', sample: index });

  return (
    <div {...getRootProps({ className: 'page' })}>
      <input {...getInputProps({ 'aria-label': 'Open model and test files' })} data-testid="file-input" />
      <input
        ref={compareInput}
        type="file"
        hidden
        multiple
        aria-label="Open a model to compare with"
        data-testid="compare-file-input"
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          const model = files.find((f) => f.name.toLowerCase().endsWith('.onnx')) ?? files[0];
          if (model) dispatch({ type: 'compareWith', model: { kind: 'files', model, externalData: files.filter((f) => f !== model) } });
          e.target.value = '';
        }}
      />
      <DropOverlay active={isDragActive} />
      <header className="masthead">
        <div>
          <h1>Classifier Lens</h1>
          <p className="masthead-sub">
            Evaluate an image classifier in your browser. Drop an ONNX model or IDX test files anywhere on the page. Inference runs on this device; nothing is uploaded.
          </p>
        </div>
      </header>
      <SetupBar
        request={state.request}
        modelDefault={modelDefault}
        evaluation={evaluation}
        seed={state.seed}
        onModel={dashboard.chooseModel}
        onDataset={(id) => dashboard.chooseBuiltinData(id, state.request.model)}
        onPre={dashboard.choosePreprocessing}
        onBackend={(backend) => dispatch({ type: 'request', backend })}
        onOpenFiles={open}
      />
      <StatusBar state={state} onCancel={cancel} onRetry={retry} />
      <Notices state={state} />
      {evaluation ? (
        <main className="dashboard" aria-busy={state.phase === 'loading' || state.phase === 'running'}>
          <div className="dashboard-top">
            <div className="dashboard-side">
              <AccuracyCard
                matrix={evaluation.matrix}
                classNames={evaluation.classNames}
                facts={[
                  ['Model', evaluation.model.name],
                  ['Test set', `${evaluation.data.name}, ${formatCount(evaluation.testSet.images.count)} images`],
                  ['Input', describePreprocessing(evaluation.preprocessing)],
                ]}
              />
            </div>
            <ConfusionMatrix
              matrix={evaluation.matrix}
              classNames={evaluation.classNames}
              view={state.matrixView}
              onViewChange={(view) => dispatch({ type: 'matrixView', view })}
              selected={state.cell}
              onSelect={(cell) => dispatch({ type: 'cell', cell: state.cell?.t === cell.t && state.cell.p === cell.p ? null : cell })}
            />
          </div>
          {state.cell && deep && (
            <CellGallery
              images={evaluation.testSet.images}
              labels={evaluation.testSet.labels.labels}
              predicted={evaluation.predictions.predicted}
              confidence={deep.confidence}
              trueClass={state.cell.t}
              predictedClass={state.cell.p}
              classNames={evaluation.classNames}
              onSelect={select}
              selected={state.sample}
              onClose={() => dispatch({ type: 'cell', cell: null })}
              focusOnOpen
            />
          )}
          <SampleStrip
            images={evaluation.testSet.images}
            samples={samples}
            classNames={evaluation.classNames}
            seed={state.seed}
            onSeedChange={(seed) => dispatch({ type: 'seed', seed })}
            onSelect={select}
            selected={state.sample}
          />
          <Suspense fallback={<div className="card analysis-card card-sub">Loading the analysis views…</div>}>
          {deep ? (
          <AnalysisPanel
            evaluation={evaluation}
            deep={deep}
            comparison={comparison}
            comparisonDeep={secondDeep}
            compareWith={comparison.model ?? defaultComparisonModel(evaluation)}
            tab={state.tab}
            selected={state.sample}
            onTab={(tab) => dispatch({ type: 'tab', tab })}
            onSelect={select}
            onCompareWith={(model) => dispatch({ type: 'compareWith', model })}
            onOpenCompareFile={() => compareInput.current?.click()}
          />
          ) : (
            <div className="card analysis-card card-sub">Computing the analysis views…</div>
          )}
          </Suspense>
          <ModelPanel evaluation={evaluation} />
          {state.sample !== null && deep && (
            <aside className="inspector-drawer" aria-label="Sample inspector">
              <Suspense fallback={<div className="card card-sub">Loading…</div>}>
              <SampleInspector
                images={evaluation.testSet.images}
                index={state.sample}
                label={evaluation.testSet.labels.labels[state.sample]!}
                predicted={evaluation.predictions.predicted[state.sample]!}
                probabilities={deep.probabilities.values.subarray(state.sample * evaluation.predictions.classes, (state.sample + 1) * evaluation.predictions.classes)}
                classNames={evaluation.classNames}
                softmaxApplied={deep.probabilities.softmaxApplied}
                onClose={() => dispatch({ type: 'sample', sample: null })}
              />
              </Suspense>
            </aside>
          )}
        </main>
      ) : (
        <main className="dashboard dashboard--empty" aria-busy={state.phase !== 'error'}>
          <div className="skeleton skeleton--top" />
          <div className="skeleton skeleton--strip" />
        </main>
      )}
      {evaluation && <Diagnostics runtime={evaluation.runtime} sessionMs={evaluation.timings.sessionMs} />}
      <footer className="footer">
        Classifier Lens evaluates ONNX classifiers with onnxruntime-web inside this browser tab: models and test files you open are read here and never uploaded. The
        built-in model is the seed tutorial's scikit-learn logistic regression, trained on the 60,000 MNIST training images.
      </footer>
    </div>
  );
}
