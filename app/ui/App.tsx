import { useMemo } from 'react';
import { useDropzone } from 'react-dropzone';
import { describePreprocessing } from '../core/preprocess';
import { sampleIndices } from '../core/sampling';
import { STRIP_SIZE } from './strip/stripSize';
import { formatChoice } from '../core/preprocessChoice';
import { BUILTIN_MODELS } from '../builtins';
import { DropOverlay } from './loaders/DropOverlay';
import { ConfusionMatrix } from './matrix/ConfusionMatrix';
import { ModelPanel } from './model/ModelPanel';
import { SetupBar } from './setup/SetupBar';
import { Diagnostics } from './status/Diagnostics';
import { Notices } from './status/Notices';
import { StatusBar } from './status/StatusBar';
import { SampleStrip } from './strip/SampleStrip';
import { AccuracyCard } from './summary/AccuracyCard';
import { useDashboard } from './useDashboard';

export function App() {
  const dashboard = useDashboard();
  const { state, dispatch, cancel, retry } = dashboard;
  const { evaluation } = state;
  // The whole page is the drop target; clicks are left to the page's own buttons.
  const { getRootProps, getInputProps, isDragActive, open } = useDropzone({
    onDrop: (files) => dashboard.dropFiles(files),
    noClick: true,
    noKeyboard: true,
    multiple: true,
  });
  const samples = useMemo(() => {
    if (!evaluation) return [];
    const { images, labels } = evaluation.testSet;
    return sampleIndices(images.count, STRIP_SIZE, state.seed).map((index) => ({ index, label: labels.labels[index]!, predicted: evaluation.predictions.predicted[index]! }));
  }, [evaluation, state.seed]);
  const requestedModel = state.request.model;
  const builtin = requestedModel.kind === 'builtin' ? BUILTIN_MODELS.find((m) => m.card.id === requestedModel.id) : undefined;
  const modelDefault = builtin ? formatChoice({ kind: 'fixed', pre: { preset: builtin.card.preprocessing.preset, invert: builtin.card.preprocessing.invert } }) : 'auto';

  return (
    <div {...getRootProps({ className: 'page' })}>
      <input {...getInputProps({ 'aria-label': 'Open model and test files' })} data-testid="file-input" />
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
                  ['Model', evaluation.modelName],
                  ['Test set', `${evaluation.datasetName}, ${evaluation.testSet.images.count.toLocaleString('en-US')} images`],
                  ['Input', describePreprocessing(evaluation.preprocessing)],
                ]}
              />
            </div>
            <ConfusionMatrix matrix={evaluation.matrix} classNames={evaluation.classNames} view={state.matrixView} onViewChange={(view) => dispatch({ type: 'matrixView', view })} />
          </div>
          <SampleStrip
            images={evaluation.testSet.images}
            samples={samples}
            classNames={evaluation.classNames}
            seed={state.seed}
            onSeedChange={(seed) => dispatch({ type: 'seed', seed })}
          />
          <ModelPanel evaluation={evaluation} />
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
