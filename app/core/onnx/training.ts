/**
 * Signs that a model is (or carries) a training graph rather than an inference graph. Training
 * graphs need labels and emit losses and gradients: they cannot be evaluated on images alone.
 */
import type { OnnxModel, OperatorUse } from './model';

/** ORT training's com.microsoft operators that are not gradients by name. */
const ORT_TRAINING_OPS = new Set(['InPlaceAccumulator', 'InPlaceAccumulatorV2', 'ZeroGradient', 'SoftmaxCrossEntropyLossInternal', 'YieldOp']);

/** Standard losses: legal in any graph, but a classifier only computes one when it is being trained. */
const LOSS_OPS = new Set(['SoftmaxCrossEntropyLoss', 'NegativeLogLikelihoodLoss']);

/** True for operators of training graphs: ONNX's preview training ops, ORT training's gradients and optimizers, losses. */
export function isTrainingOperator(domain: string, opType: string): boolean {
  if (domain === 'ai.onnx.preview.training') return true;
  if (domain === 'com.microsoft') return /Grad(_|$)/.test(opType) || opType.endsWith('Optimizer') || ORT_TRAINING_OPS.has(opType);
  return domain === 'ai.onnx' && LOSS_OPS.has(opType);
}

const listOps = (ops: readonly OperatorUse[]): string =>
  ops.map((op) => `${op.opType} (${op.domain}${op.count > 1 ? `, ×${op.count}` : ''})`).join(', ');

/** Readable hints about training content, for the model panel; empty for a plain inference model. */
export function trainingHints(model: OnnxModel): string[] {
  const hints: string[] = [];
  if (model.trainingOperators.length > 0) hints.push(`The graph uses training operators: ${listOps(model.trainingOperators)}.`);
  if (model.opsets.some((o) => o.domain === 'ai.onnx.preview.training')) hints.push('The model imports the ai.onnx.preview.training operator set.');
  if (model.trainingInfo > 0) {
    hints.push(
      `The model carries ${model.trainingInfo === 1 ? 'a training step' : `${model.trainingInfo} training steps`} (TrainingInfoProto) ` +
        'beside its inference graph; only the inference graph is evaluated.',
    );
  }
  return hints;
}
