/**
 * What the user asked to evaluate: a model, a test set and a preprocessing. Built-ins and URLs can live
 * in a link; dropped files cannot (they never leave the browser), so a link to them shares results instead.
 */
import type { PreprocessingChoice } from '../core/preprocessChoice';
import type { Backend } from '../inference/protocol';

export type ModelRequest =
  | { readonly kind: 'builtin'; readonly id: string }
  | { readonly kind: 'url'; readonly url: string; readonly dataUrl: string | null }
  | { readonly kind: 'files'; readonly model: File; readonly externalData: readonly File[] };

export type DataRequest =
  | { readonly kind: 'builtin'; readonly id: string }
  | { readonly kind: 'url'; readonly images: string; readonly labels: string }
  /** `labels` null: evaluate the images without labels (predictions only, no accuracy). */
  | { readonly kind: 'files'; readonly images: File; readonly labels: File | null }
  /** A folder, an archive, a CSV, NumPy arrays or image files: whatever test set they hold (app/ui/pipeline/loadBundle.ts). */
  | { readonly kind: 'bundle'; readonly name: string; readonly files: readonly { readonly path: string; readonly file: File }[] };

export interface EvaluationRequest {
  readonly model: ModelRequest;
  readonly data: DataRequest;
  /** Null means the model's default: its card's preprocessing for a built-in, `auto` for any other. */
  readonly pre: PreprocessingChoice | null;
  readonly backend: Backend;
}

export const describeModelRequest = (m: ModelRequest): string => (m.kind === 'builtin' ? m.id : m.kind === 'url' ? m.url : m.model.name);
