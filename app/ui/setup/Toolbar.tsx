import { BUILTIN_MODELS, builtinDataset, DATASET_CHOICES } from '../../builtins';
import { PRESETS, type PresetName } from '../../core/preprocess';
import { formatChoice, parseChoice, type PreprocessingChoice } from '../../core/preprocessChoice';
import { BACKEND_NAMES, type Backend } from '../../inference/protocol';
import type { DataRequest, ModelRequest } from '../request';

interface Props {
  readonly model: ModelRequest;
  readonly data: DataRequest;
  readonly pre: PreprocessingChoice | null;
  /** The preprocessing a null choice means for this model (its card's, or auto). */
  readonly modelDefault: string;
  /** Names for a model or test set that is not built in, once known (e.g. files recognised as MNIST). */
  readonly names: { readonly model: string | null; readonly data: string | null };
  readonly onModel: (model: ModelRequest) => void;
  readonly onDataset: (datasetId: string) => void;
  readonly onPre: (pre: PreprocessingChoice | null) => void;
  readonly backend: Backend;
  readonly onBackend: (backend: Backend) => void;
}

const CURRENT = '__current__';
const DEFAULT = '__default__';

/** What is evaluated: model, test set and preprocessing, each changeable; every change re-runs the evaluation. */
export function Toolbar({ model, data, pre, modelDefault, names, onModel, onDataset, onPre, backend, onBackend }: Props) {
  const modelValue = model.kind === 'builtin' ? model.id : CURRENT;
  // Built-in models made for the chosen test set come first; the others stay available, marked.
  const datasetId = data.kind === 'builtin' ? data.id : null;
  const fitting = datasetId ? BUILTIN_MODELS.filter((m) => m.card.dataset === datasetId) : BUILTIN_MODELS;
  const others = BUILTIN_MODELS.filter((m) => !fitting.includes(m));
  const dataValue = data.kind === 'builtin' ? data.id : CURRENT;
  const preValue = pre === null ? DEFAULT : pre.kind === 'auto' ? 'auto' : pre.pre.preset;
  const invert = pre?.kind === 'fixed' && pre.pre.invert;

  const setPreset = (value: string) => {
    if (value === DEFAULT) onPre(null);
    else onPre(parseChoice(value === 'auto' ? 'auto' : `${value}${invert ? ',invert' : ''}`));
  };

  return (
    <div className="toolbar" role="group" aria-label="What to evaluate">
      <label className="field">
        <span>Model</span>
        <select value={modelValue} onChange={(e) => e.target.value !== CURRENT && onModel({ kind: 'builtin', id: e.target.value })} data-testid="model-select">
          {fitting.map((m) => (
            <option key={m.card.id} value={m.card.id}>
              {m.card.name} · {(m.card.test.accuracy * 100).toFixed(2)}%
            </option>
          ))}
          {others.length > 0 && (
            <optgroup label={`Trained on other data (results will be poor)`}>
              {others.map((m) => (
                <option key={m.card.id} value={m.card.id}>
                  {m.card.name} ({builtinDataset(m.card.dataset)?.name ?? m.card.dataset})
                </option>
              ))}
            </optgroup>
          )}
          {model.kind !== 'builtin' && <option value={CURRENT}>{names.model ?? (model.kind === 'files' ? `${model.model.name} (your file)` : `${model.url} (URL)`)}</option>}
        </select>
      </label>
      <label className="field">
        <span>Test set</span>
        <select value={dataValue} onChange={(e) => e.target.value !== CURRENT && onDataset(e.target.value)} data-testid="dataset-select">
          {DATASET_CHOICES.map((id) => (
            <option key={id} value={id}>
              {builtinDataset(id)!.name}
            </option>
          ))}
          {data.kind !== 'builtin' && <option value={CURRENT}>{names.data ?? (data.kind === 'files' ? `${data.images.name} (your files)` : data.kind === 'bundle' ? `${data.name} (your files)` : `${data.images} (URL)`)}</option>}
        </select>
      </label>
      <label className="field">
        <span>Preprocessing</span>
        <select value={preValue} onChange={(e) => setPreset(e.target.value)} data-testid="pre-select">
          <option value={DEFAULT}>Model default ({modelDefault})</option>
          <option value="auto">Auto: best on 500 labelled images</option>
          {(Object.keys(PRESETS) as PresetName[]).map((name) => (
            <option key={name} value={name}>
              {name}: {PRESETS[name].formula}
            </option>
          ))}
        </select>
      </label>
      <label className="field field--check">
        <input
          type="checkbox"
          checked={invert}
          disabled={pre?.kind !== 'fixed'}
          onChange={(e) => pre?.kind === 'fixed' && onPre({ kind: 'fixed', pre: { ...pre.pre, invert: e.target.checked } })}
          data-testid="pre-invert"
        />
        <span>Invert</span>
      </label>
      <label className="field">
        <span>Backend</span>
        <select value={backend} onChange={(e) => onBackend(e.target.value as Backend)} data-testid="backend-select" className="select--narrow">
          {(Object.keys(BACKEND_NAMES) as Backend[]).map((b) => (
            <option key={b} value={b}>
              {BACKEND_NAMES[b]}
            </option>
          ))}
        </select>
      </label>
      <span className="visually-hidden" aria-live="polite">
        {pre ? `Preprocessing ${formatChoice(pre)}` : ''}
      </span>
    </div>
  );
}
