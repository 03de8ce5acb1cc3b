import type { PreprocessingChoice } from '../../core/preprocessChoice';
import type { Backend } from '../../inference/protocol';
import type { EvaluationRequest, ModelRequest } from '../request';
import { ShareButtons } from '../share/ShareButtons';
import type { Review } from '../../core/labelIssues/review';
import type { Evaluation } from '../state';
import { Toolbar } from './Toolbar';

interface Props {
  readonly request: EvaluationRequest;
  readonly modelDefault: string;
  readonly evaluation: Evaluation | null;
  readonly seed: number;
  /** The review of suspect labels, carried by Share results. */
  readonly review?: Review;
  readonly onModel: (model: ModelRequest) => void;
  readonly onDataset: (datasetId: string) => void;
  readonly onPre: (pre: PreprocessingChoice | null) => void;
  readonly onBackend: (backend: Backend) => void;
  readonly onOpenFiles: () => void;
  /** Opens a folder picker (absent: no button). */
  readonly onOpenFolder?: () => void;
}

/** The bar under the title: what is evaluated, how to change it, and how to share it. */
export function SetupBar({ request, modelDefault, evaluation, seed, review, onModel, onDataset, onPre, onBackend, onOpenFiles, onOpenFolder }: Props) {
  return (
    <div className="setup-bar">
      <Toolbar
        model={request.model}
        data={request.data}
        pre={request.pre}
        modelDefault={modelDefault}
        names={{
          model: evaluation?.request.model === request.model ? `${evaluation.model.fileName} (${evaluation.model.origin === 'URL' ? 'URL' : 'your file'})` : null,
          data: evaluation?.request.data === request.data ? evaluation.data.name : null,
        }}
        onModel={onModel}
        onDataset={onDataset}
        onPre={onPre}
        backend={request.backend}
        onBackend={onBackend}
      />
      <div className="setup-actions">
        <button type="button" className="button button--primary" onClick={onOpenFiles} data-testid="open-files">
          Open files…
        </button>
        {onOpenFolder && (
          <button type="button" className="button" onClick={onOpenFolder} data-testid="open-folder">
            Open folder…
          </button>
        )}
        <ShareButtons request={request} evaluation={evaluation} seed={seed} review={review} />
      </div>
    </div>
  );
}
