import { useState } from 'react';
import { encodeReport } from '../../io/shareLink';
import type { EvaluationRequest } from '../request';
import { isLabelled, type Evaluation } from '../evaluation';
import { buildReport } from './buildReport';
import type { Review } from '../../core/labelIssues/review';

interface Props {
  readonly request: EvaluationRequest;
  readonly evaluation: Evaluation | null;
  readonly seed: number;
  readonly review?: Review | undefined;
}

/** Copies a link to the clipboard; shows it too, since clipboard access can be refused. */
async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * "Copy link" reproduces the view from built-ins and URLs. Dropped files cannot travel in a link, so
 * "Share results" puts the results themselves (compressed) into the link's hash: a read-only report.
 */
export function ShareButtons({ request, evaluation, seed, review }: Props) {
  const [shared, setShared] = useState<{ kind: 'view' | 'results'; link: string; copied: boolean } | null>(null);
  const hasFiles = request.model.kind === 'files' || request.data.kind === 'files' || request.data.kind === 'bundle';

  const shareView = async () => {
    const link = location.href.split('#')[0]!;
    setShared({ kind: 'view', link, copied: await copy(link) });
  };
  const shareResults = async () => {
    if (!evaluation || !isLabelled(evaluation)) return;
    const link = location.href.split('#')[0]!.split('?')[0]! + (await encodeReport(buildReport(evaluation, seed, new Date(), review)));
    setShared({ kind: 'results', link, copied: await copy(link) });
  };

  return (
    <div className="share">
      <button
        type="button"
        className="button"
        onClick={shareView}
        disabled={hasFiles}
        title={hasFiles ? 'A link cannot carry your dropped files: use Share results' : 'Copy a link that reproduces this view'}
        data-testid="share-link"
      >
        Copy link
      </button>
      <button type="button" className="button" onClick={shareResults} disabled={!evaluation || !isLabelled(evaluation)} title={evaluation && !isLabelled(evaluation) ? 'A shared report carries the accuracy and the confusion matrix: an unlabelled set has neither' : 'Copy a link to a read-only report of these results (the model is not included)'} data-testid="share-results">
        Share results
      </button>
      {shared && (
        <div className="share-popover" role="dialog" aria-label="Shared link">
          <p>
            {shared.copied ? 'Copied to the clipboard' : 'Copy this link'}: {shared.kind === 'view' ? 'it reproduces this view.' : 'a read-only report of these results; the model is not included.'}
          </p>
          <input readOnly value={shared.link} onFocus={(e) => e.target.select()} data-testid="shared-link" aria-label="Link" />
          <button type="button" className="button button--quiet" onClick={() => setShared(null)}>
            Close
          </button>
        </div>
      )}
    </div>
  );
}
