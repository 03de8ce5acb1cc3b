import type { PresetName } from './preprocess';

/** How an image is laid out in a model's input tensor; N is the batch dimension. */
export type InputLayout = 'N,784' | 'N,1,28,28' | 'N,28,28,1' | 'N,28,28';

/**
 * The JSON card written beside each of our models by its training script (models/<id>.card.json):
 * where it came from, how to feed it, and what it scored on its test set.
 */
export interface ModelCard {
  readonly id: string;
  readonly name: string;
  readonly file: string;
  /** Id of the built-in dataset it was trained for. */
  readonly dataset: string;
  readonly training: Readonly<Record<string, unknown>>;
  readonly input: { readonly name: string; readonly shape: readonly (number | string)[]; readonly type: 'float32'; readonly layout: InputLayout };
  readonly preprocessing: { readonly preset: PresetName; readonly formula: string; readonly invert: boolean };
  readonly outputs: { readonly scores: string; readonly scoresAre: 'probabilities' | 'logits'; readonly label?: string };
  readonly parameters: number;
  readonly opset: number;
  readonly test: {
    readonly samples: number;
    readonly correct: number;
    readonly accuracy: number;
    readonly confusionMatrix: readonly (readonly number[])[];
  };
}

/** The input tensor's dimensions for a batch of `batch` images of rows×cols pixels. */
export function inputDims(layout: InputLayout, batch: number, rows: number, cols: number): number[] {
  switch (layout) {
    case 'N,784':
      return [batch, rows * cols];
    case 'N,1,28,28':
      return [batch, 1, rows, cols];
    case 'N,28,28,1':
      return [batch, rows, cols, 1];
    case 'N,28,28':
      return [batch, rows, cols];
  }
}
