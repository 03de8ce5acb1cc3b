import { ConfusionMatrix } from './matrix/ConfusionMatrix';
import { StatusBar } from './status/StatusBar';
import { SampleStrip } from './strip/SampleStrip';
import { AccuracyCard } from './summary/AccuracyCard';
import { useDashboard } from './useDashboard';

export function App() {
  const { state, dispatch, cancel, retry } = useDashboard();
  const { evaluation } = state;
  return (
    <div className="page">
      <header className="masthead">
        <div>
          <h1>
            Classifier Lens <span className="masthead-tag">MNIST</span>
          </h1>
          <p className="masthead-sub">Evaluate an image classifier in your browser. Inference runs on this device; nothing is uploaded.</p>
        </div>
      </header>
      <StatusBar state={state} onCancel={cancel} onRetry={retry} />
      {evaluation ? (
        <main className="dashboard" aria-busy={state.phase === 'loading' || state.phase === 'running'}>
          <div className="dashboard-top">
            <AccuracyCard evaluation={evaluation} />
            <ConfusionMatrix matrix={evaluation.matrix} classNames={evaluation.classNames} view={state.matrixView} onViewChange={(view) => dispatch({ type: 'matrixView', view })} />
          </div>
          <SampleStrip evaluation={evaluation} seed={state.seed} onSeedChange={(seed) => dispatch({ type: 'seed', seed })} />
        </main>
      ) : (
        <main className="dashboard dashboard--empty" aria-busy={state.phase !== 'error'}>
          <div className="skeleton skeleton--top" />
          <div className="skeleton skeleton--strip" />
        </main>
      )}
      <footer className="footer">
        Seed model: scikit-learn logistic regression (one-vs-rest, liblinear, C = 2) trained on the 60,000 MNIST training images, exported to ONNX. Runs with onnxruntime-web.
      </footer>
    </div>
  );
}
