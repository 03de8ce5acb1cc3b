import { bytes as formatBytes, count as formatCount } from '../charts/format';
import { formatShape, formatType } from '../../core/onnx/format';
import type { OnnxValue } from '../../core/onnx/model';
import { describePreprocessing } from '../../core/preprocess';
import type { Evaluation } from '../state';
import { CalibrationTable } from './CalibrationTable';

const count = (n: number): string => formatCount(n);

function ValueRows({ values }: { values: readonly OnnxValue[] }) {
  return (
    <>
      {values.map((v) => (
        <tr key={v.name}>
          <td className="mono">{v.name}</td>
          <td className="mono">{v.type.kind === 'tensor' ? `${v.type.elemType} ${formatShape(v.type.shape)}` : formatType(v.type)}</td>
        </tr>
      ))}
    </>
  );
}

/** What the model is and how it is fed, as Netron's sidebar shows a model, plus the choices this app made. */
/** The data note that says images were converted to MNIST style (app/ui/pipeline/loadBundle.ts). */
const CONVERTED = /converted the way MNIST was made/;

export function ModelPanel({ evaluation }: { evaluation: Evaluation }) {
  const { model, calibration } = evaluation;
  const { info, feed } = model;
  const producer = [info.producerName, info.producerVersion].filter(Boolean).join(' ') || 'not recorded';
  const opsets = info.opsets.map((o) => (o.domain === 'ai.onnx' ? `opset ${o.version}` : `${o.domain} ${o.version}`)).join(', ');
  const topOps = info.operators
    .slice()
    .sort((a, b) => b.count - a.count)
    .slice(0, 8)
    .map((o) => `${o.opType}${o.count > 1 ? ` ×${o.count}` : ''}`)
    .join(', ');
  return (
    <section className="card model-card" aria-labelledby="model-title" data-testid="model-info" data-layout={feed.layout} data-fixed-batch={feed.fixedBatch ?? ''} data-classes={evaluation.predictions.classes} data-pre={`${evaluation.preprocessing.preset}${evaluation.preprocessing.invert ? ',invert' : ''}`}>
      <header className="card-header">
        <div>
          <h2 id="model-title">Model</h2>
          <p className="card-sub">
            <span className="mono">{model.fileName}</span> · {formatBytes(model.sizeBytes)} · {model.origin}
          </p>
        </div>
      </header>
      <div className="model-body">
      <div>
      <dl className="facts">
        <dt>Producer</dt>
        <dd>{producer}</dd>
        <dt>Format</dt>
        <dd>
          ONNX IR {info.irVersion ?? '?'}, {opsets || 'no opset'}
        </dd>
        <dt>Parameters</dt>
        <dd>{count(info.parameters)}</dd>
        <dt>Operators</dt>
        <dd>
          {count(info.nodeCount)} nodes{topOps ? `: ${topOps}` : ''}
        </dd>
        {model.externalData.length > 0 && (
          <>
            <dt>External data</dt>
            <dd>{model.externalData.map((f) => `${f.path} (${formatBytes(f.sizeBytes)})`).join(', ')}</dd>
          </>
        )}
      </dl>
      <dl className="facts">
        <dt>Fed as</dt>
        <dd>
          {feed.inputType} [{feed.layout.replace('N', feed.fixedBatch === null ? 'N' : String(feed.fixedBatch))}] into <span className="mono">{feed.inputName}</span>
          {feed.fixedBatch !== null && model.runFeed.fixedBatch === null && <span className="muted"> · batch fixed at {feed.fixedBatch} in the file, made free here: runs in batches</span>}
          {model.runFeed.fixedBatch !== null && (
            <span className="muted">
              {' '}
              · batch fixed at {model.runFeed.fixedBatch}: {model.runFeed.fixedBatch === 1 ? 'one image per run' : `${model.runFeed.fixedBatch} images per run`}
            </span>
          )}
        </dd>
        <dt>Scores</dt>
        <dd>
          <span className="mono">{feed.scoresOutput}</span>, {evaluation.predictions.classes} classes
        </dd>
        <dt>Pixels</dt>
        <dd data-testid="pre-used">
          {describePreprocessing(evaluation.preprocessing)}
          <span className="muted"> · {evaluation.preChoice.kind === 'auto' ? 'chosen by auto' : evaluation.request.pre === null ? 'model default' : 'your choice'}</span>
        </dd>
      </dl>
      {evaluation.data.notes?.some((n) => CONVERTED.test(n)) && (
        <p className="notes" data-testid="conversion">
          {evaluation.data.notes.find((n) => CONVERTED.test(n))}
        </p>
      )}
      {model.notes.length > 0 && (
        <ul className="notes">
          {model.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      </div>
      <div>
      <table className="io-table">
        <caption className="visually-hidden">Inputs and outputs</caption>
        <thead>
          <tr>
            <th scope="col">Inputs</th>
            <th scope="col">Type and shape</th>
          </tr>
        </thead>
        <tbody>
          <ValueRows values={info.inputs} />
        </tbody>
        <thead>
          <tr>
            <th scope="col">Outputs</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          <ValueRows values={info.outputs} />
        </tbody>
      </table>
      {calibration && <CalibrationTable calibration={calibration} />}
      </div>
      </div>
    </section>
  );
}
