import { count as formatCount } from './charts/format';
import { lazy, memo, Suspense, useDeferredValue, useMemo, useRef, useState } from 'react';
import { useDropzone } from 'react-dropzone';
import { BUILTIN_MODELS } from '../builtins';
import { deepEvaluation } from '../core/metrics/deepEvaluation';
import { classificationReport } from '../core/metrics/classificationReport';
import { correctedEvaluation, EXCLUDED } from '../core/labelIssues/review';
import { CorrectedAccuracy } from './labels/CorrectedAccuracy';
import { describePreprocessing } from '../core/preprocess';
import { defaultChoice, formatChoice } from '../core/preprocessChoice';
import { sampleIndices } from '../core/sampling';
import { CellGallery as CellGalleryView } from './gallery/CellGallery';
import { DropOverlay } from './loaders/DropOverlay';
import { OfflineNote, UpdateBanner } from './offline/OfflineStatus';
import { FolderInput } from './loaders/FolderInput';
import { ConfusionMatrix as ConfusionMatrixView } from './matrix/ConfusionMatrix';
import { ModelPanel as ModelPanelView } from './model/ModelPanel';
import { SetupBar } from './setup/SetupBar';
import { Diagnostics as DiagnosticsView } from './status/Diagnostics';
import { Notices } from './status/Notices';
import { StatusBar } from './status/StatusBar';
import { SampleStrip as SampleStripView } from './strip/SampleStrip';
import { STRIP_SIZE } from './strip/stripSize';
import { AccuracyCard as AccuracyCardView } from './summary/AccuracyCard';
import { DrawPad } from './draw/DrawPad';
import { isSinglePicture } from './draw/drawModel';
import { isLabelled } from './evaluation';
import type { Action } from './state';
import { UnlabelledResults } from './unlabelled/UnlabelledResults';
import { defaultComparisonModel, useDashboard } from './useDashboard';

// The page re-renders on every progress report of a run; the result views keep the previous results meanwhile
// and redraw only when their own inputs change (every handler below is stable for that reason).
const ConfusionMatrix = memo(ConfusionMatrixView);
const CellGallery = memo(CellGalleryView);
const SampleStrip = memo(SampleStripView);
const AccuracyCard = memo(AccuracyCardView);
const ModelPanel = memo(ModelPanelView);
const Diagnostics = memo(DiagnosticsView);

type Payload<T extends Action['type'], K extends string> = Extract<Action, { type: T }>[K & keyof Extract<Action, { type: T }>];

// The deeper views bring recharts and the galleries: loaded after the first results, off the critical path.
const AnalysisPanel = lazy(() => import('./analysis/AnalysisPanel').then((m) => ({ default: memo(m.AnalysisPanel) })));
const SampleInspector = lazy(() => import('./inspect/SampleInspector').then((m) => ({ default: m.SampleInspector })));

export function App() {
  const dashboard = useDashboard();
  const { state, dispatch, cancel, retry } = dashboard;
  const { evaluation, comparison } = state;
  // The whole page is the drop target; clicks are left to the page's own buttons.
  const { getRootProps, getInputProps, isDragActive, open } = useDropzone({
    // One picture goes to the drawing pad to be scored; anything else is a model or a test set.
    onDrop: (files) => (isSinglePicture(files) ? setPicture({ file: files[0]!, n: Date.now() }) : dashboard.dropFiles(files)),
    noClick: true,
    noKeyboard: true,
    multiple: true,
  });
  const compareInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const [picture, setPicture] = useState<{ file: File; n: number } | null>(null);

  // A new evaluation is drawn in two renders. First, at once, the status, the headline and the confusion matrix;
  // then, in a deferred render that React interrupts whenever the page has something more urgent to do, every
  // other view (strip, galleries, charts, model panel) and the deeper metrics they need (about 10 ms for 10 000
  // images). Until then those views show the previous evaluation. No single task blocks the page for long.
  const deferred = useDeferredValue(evaluation);
  // The views below are for a labelled set; an unlabelled one (no accuracy, no matrix) has UnlabelledResults.
  const shown = deferred && isLabelled(deferred) ? deferred : null;
  const deep = useMemo(() => shown && deepEvaluation(shown.testSet.labels.labels, shown.predictions, shown.matrix), [shown]);
  const samples = useMemo(() => {
    if (!shown) return [];
    const { images, labels } = shown.testSet;
    return sampleIndices(images.count, STRIP_SIZE, state.seed).map((index) => ({ index, label: labels.labels[index]!, predicted: shown.predictions.predicted[index]! }));
  }, [shown, state.seed]);
  // The review of suspect labels: the evaluation counted against the corrected labels, when the user asks for it.
  const reviewed = useMemo(
    () => (evaluation && isLabelled(evaluation) && state.review.size > 0 ? correctedEvaluation(evaluation.testSet.labels.labels, evaluation.predictions.predicted, evaluation.predictions.classes, state.review) : null),
    [evaluation, state.review],
  );
  const corrected = reviewed && state.truth === 'corrected' && shown === evaluation ? reviewed : null;
  const correctedReport = useMemo(() => (corrected ? classificationReport(corrected.matrix) : undefined), [corrected]);
  const second = comparison.evaluation;
  const secondDeep = useMemo(() => second && isLabelled(second) && deepEvaluation(second.testSet.labels.labels, second.predictions, second.matrix), [second]) || null;

  const requestedModel = state.request.model;
  const builtin = requestedModel.kind === 'builtin' ? BUILTIN_MODELS.find((m) => m.card.id === requestedModel.id) : undefined;
  const modelDefault = formatChoice(defaultChoice(builtin?.card ?? null));
  const cell = useRef(state.cell);
  cell.current = state.cell;
  const on = useMemo(
    () => ({
      select: (index: number) => dispatch({ type: 'sample', sample: index }),
      closeSample: () => dispatch({ type: 'sample', sample: null }),
      matrixView: (view: Payload<'matrixView', 'view'>) => dispatch({ type: 'matrixView', view }),
      // Clicking the open cell again closes it.
      toggleCell: (next: { t: number; p: number }) => dispatch({ type: 'cell', cell: cell.current?.t === next.t && cell.current.p === next.p ? null : next }),
      closeCell: () => dispatch({ type: 'cell', cell: null }),
      seed: (seed: number) => dispatch({ type: 'seed', seed }),
      tab: (tab: Payload<'tab', 'tab'>) => dispatch({ type: 'tab', tab }),
      compareWith: (model: Payload<'compareWith', 'model'>) => dispatch({ type: 'compareWith', model }),
      openCompareFile: () => compareInput.current?.click(),
      review: (review: Payload<'review', 'review'>) => dispatch({ type: 'review', review }),
      truth: (truth: Payload<'truth', 'truth'>) => dispatch({ type: 'truth', truth }),
      evaluateWithoutLabels: (images: File) => dispatch({ type: 'request', data: { kind: 'files', images, labels: null } }),
    }),
    [dispatch],
  );
  const facts = useMemo(
    () =>
      evaluation
        ? ([
            ['Model', evaluation.model.name],
            ['Test set', `${evaluation.data.name}, ${formatCount(evaluation.data.images.count)} images`],
            ['Input', describePreprocessing(evaluation.preprocessing)],
          ] as const)
        : [],
    [evaluation],
  );
  // While a run long enough to watch goes on, the headline and the matrix fill in with the images done so far
  // (pipeline.ts sends them); the other views keep the previous results until the run is done.
  const live = state.phase === 'running' ? (state.progress?.partial ?? null) : null;
  const liveFacts = useMemo(() => (live ? ([['So far', `${formatCount(live.done)} of ${formatCount(live.total)} images; still running`]] as const) : []), [live]);
  const top = live ?? (evaluation && isLabelled(evaluation) ? { matrix: corrected?.matrix ?? evaluation.matrix, classNames: evaluation.classNames } : null);
  // The inspected image's cell (from the strip, a gallery or the map) is marked in the matrix: the map's points lead back to it.
  const markedCell = useMemo(() => {
    if (!evaluation || !isLabelled(evaluation) || state.sample === null) return null;
    const t = corrected ? corrected.labels[state.sample] : evaluation.testSet.labels.labels[state.sample];
    const p = evaluation.predictions.predicted[state.sample];
    return t === undefined || p === undefined || t === EXCLUDED ? null : { t, p };
  }, [evaluation, corrected, state.sample]);
  const unlabelled = !live && evaluation && !isLabelled(evaluation) ? evaluation : null;
  const compareWith = useMemo(() => comparison.model ?? (shown && defaultComparisonModel(shown)), [comparison.model, shown]);

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
      <FolderInput ref={folderInput} onFiles={(files) => dashboard.dropFiles(files)} />
      <DropOverlay active={isDragActive} />
      <header className="masthead">
        <div>
          <h1>Classifier Lens</h1>
          <p className="masthead-sub">
            Evaluate an image classifier in your browser. Drop an ONNX model or your test set (IDX, a folder of images, a zip, CSV or NumPy files) anywhere on the page. Inference runs on this device; nothing is uploaded.
          </p>
        </div>
      </header>
      <SetupBar
        request={state.request}
        modelDefault={modelDefault}
        evaluation={evaluation}
        seed={state.seed}
        review={state.review}
        onModel={dashboard.chooseModel}
        onDataset={(id) => dashboard.chooseBuiltinData(id, state.request.model)}
        onPre={dashboard.choosePreprocessing}
        onBackend={(backend) => dispatch({ type: 'request', backend })}
        onOpenFiles={open}
        onOpenFolder={() => folderInput.current?.click()}
      />
      <UpdateBanner settled={state.phase === 'done' || state.phase === 'error'} />
      <StatusBar state={state} onCancel={cancel} onRetry={retry} />
      <Notices state={state} onEvaluateWithoutLabels={on.evaluateWithoutLabels} />
      {unlabelled ? (
        <main className="dashboard" aria-busy={state.phase === 'loading' || state.phase === 'running'} data-views="current" data-labels="none">
          <UnlabelledResults evaluation={unlabelled} facts={facts} seed={state.seed} onSeedChange={on.seed} selected={state.sample} onSelect={on.select} onCloseSample={on.closeSample} />
          <ModelPanel evaluation={unlabelled} />
        </main>
      ) : top ? (
        <main className="dashboard" aria-busy={state.phase === 'loading' || state.phase === 'running'} data-views={shown === evaluation ? 'current' : 'previous'}>
          <div className={live ? 'dashboard-top dashboard-top--live' : 'dashboard-top'} data-testid={live ? 'live-results' : undefined}>
            <div className="dashboard-side">
              <AccuracyCard matrix={top.matrix} classNames={top.classNames} facts={live ? liveFacts : corrected ? [...facts, ['Labels', 'corrected by your review'] as const] : facts} />
              {reviewed && evaluation && isLabelled(evaluation) && !live && <CorrectedAccuracy given={evaluation.matrix} corrected={reviewed} truth={state.truth} onTruth={on.truth} />}
            </div>
            <ConfusionMatrix
              matrix={top.matrix}
              classNames={top.classNames}
              view={state.matrixView}
              onViewChange={on.matrixView}
              selected={live ? null : state.cell}
              onSelect={on.toggleCell}
              marked={live ? null : markedCell}
            />
          </div>
          {!shown && <div className="skeleton skeleton--strip" />}
          {state.cell && shown && deep && (
            <CellGallery
              images={shown.testSet.images}
              labels={corrected?.labels ?? shown.testSet.labels.labels}
              predicted={shown.predictions.predicted}
              confidence={deep.confidence}
              trueClass={state.cell.t}
              predictedClass={state.cell.p}
              classNames={shown.classNames}
              onSelect={on.select}
              selected={state.sample}
              onClose={on.closeCell}
              focusOnOpen
            />
          )}
          {shown && (
          <SampleStrip
            images={shown.testSet.images}
            samples={samples}
            classNames={shown.classNames}
            seed={state.seed}
            onSeedChange={on.seed}
            onSelect={on.select}
            selected={state.sample}
          />
          )}
          <Suspense fallback={<div className="card analysis-card card-sub">Loading the analysis views…</div>}>
          {shown && deep ? (
          <AnalysisPanel
            evaluation={shown}
            deep={deep}
            perClassReport={correctedReport}
            comparison={comparison}
            comparisonDeep={secondDeep}
            compareWith={compareWith}
            tab={state.tab}
            selected={state.sample}
            onTab={on.tab}
            onSelect={on.select}
            onCompareWith={on.compareWith}
            onOpenCompareFile={on.openCompareFile}
            review={state.review}
            onReview={on.review}
            client={dashboard.inference}
            cell={state.cell}
          />
          ) : (
            <div className="card analysis-card card-sub">Computing the analysis views…</div>
          )}
          </Suspense>
          {shown && <ModelPanel evaluation={shown} />}
          {state.sample !== null && shown && deep && (
            <aside className="inspector-drawer" aria-label="Sample inspector">
              <Suspense fallback={<div className="card card-sub">Loading…</div>}>
              <SampleInspector
                images={shown.testSet.images}
                index={state.sample}
                label={shown.testSet.labels.labels[state.sample]!}
                predicted={shown.predictions.predicted[state.sample]!}
                probabilities={deep.probabilities.values.subarray(state.sample * shown.predictions.classes, (state.sample + 1) * shown.predictions.classes)}
                classNames={shown.classNames}
                softmaxApplied={deep.probabilities.softmaxApplied}
                onClose={on.closeSample}
                original={shown.data.originals?.[state.sample] ?? null}
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
      <DrawPad
        evaluation={evaluation}
        second={comparison.phase === 'done' ? comparison.evaluation : null}
        busy={state.phase === 'loading' || state.phase === 'running' || comparison.phase === 'running'}
        score={dashboard.scoreImages}
        dropped={picture}
      />
      {deferred && <Diagnostics runtime={deferred.runtime} sessionMs={deferred.timings.sessionMs} />}
      <footer className="footer">
        Classifier Lens evaluates ONNX classifiers with onnxruntime-web inside this browser tab: models and test files you open are read here and never uploaded. The
        built-in model is the seed tutorial's scikit-learn logistic regression, trained on the 60,000 MNIST training images.
        <OfflineNote />
      </footer>
    </div>
  );
}
