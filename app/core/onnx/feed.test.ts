/** Choosing how to feed 28×28 images to a model, on real models, generated fixtures and hand-made ones. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Result } from '../result';
import { planFeed, type Feed } from './feed';
import { bytes, file, graph, header, msg, opset, str, tensorType, value } from './fixtures/protoWriter';
import { inspectOnnx } from './inspect';
import type { OnnxModel } from './model';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const THIRD_PARTY = join(ROOT, '..', 'shared', 'models-third-party');
const FIXTURES = join(import.meta.dirname, 'fixtures');

function inspect(data: Uint8Array): OnnxModel {
  const result = inspectOnnx(data);
  if (!result.ok) throw new Error(result.reason);
  return result.value;
}
const planFile = (path: string): Result<Feed> => planFeed(inspect(new Uint8Array(readFileSync(path))));

type Dims = readonly (number | string | null)[] | null;
/** A model with the given inputs and outputs (element type codes: 1 float32, 2 uint8, 7 int64, 10 float16, 11 float64). */
function plan(inputs: readonly [string, number, Dims][], outputs: readonly [string, number, Dims][]): Result<Feed> {
  return planFeed(
    inspect(
      file(
        header(),
        graph(
          msg(1, str(4, 'Identity')),
          ...inputs.map(([name, type, dims]) => value(11, name, tensorType(type, dims))),
          ...outputs.map(([name, type, dims]) => value(12, name, tensorType(type, dims))),
        ),
        opset(),
      ),
    ),
  );
}
const SCORES: [string, number, Dims] = ['scores', 1, ['N', 10]];

describe('planFeed on real models', () => {
  it('CNTK (ONNX zoo): channels first, batch fixed at 1', () => {
    expect(planFile(join(THIRD_PARTY, 'mnist-8-cntk.onnx'))).toEqual({
      ok: true,
      value: {
        inputName: 'Input3',
        layout: 'N,1,28,28',
        inputType: 'float32',
        fixedBatch: 1,
        scoresOutput: 'Plus214_Output_0',
        classes: 10,
        notes: ["Input 'Input3' fixes the batch size at 1: images are run one at a time."],
      },
    });
  });

  it('keras2onnx: channels last, free batch', () => {
    expect(planFile(join(THIRD_PARTY, 'mnist-keras-nhwc.onnx'))).toEqual({
      ok: true,
      value: { inputName: 'conv2d_3_input', layout: 'N,28,28,1', inputType: 'float32', fixedBatch: null, scoresOutput: 'dense_4/Softmax:0', classes: 10, notes: [] },
    });
  });

  it('our logistic regression: flat pixels, probabilities before the label output', () => {
    expect(planFile(join(ROOT, 'models', 'mnist-logreg.onnx'))).toEqual({
      ok: true,
      value: { inputName: 'pixels', layout: 'N,784', inputType: 'float32', fixedBatch: null, scoresOutput: 'probabilities', classes: 10, notes: [] },
    });
  });
});

const NEED = 'The app needs class scores: a float tensor shaped [N,C], one score for each of C ≥ 2 classes for each of N images.';

describe('planFeed on generated fixtures', () => {
  const failures: [string, string][] = [
    [
      'two-image-inputs.onnx',
      "The model has 2 inputs: 'left' float32[N,784], 'right' float32[N,784]. This app feeds a single input, the images; " +
        'a model that also needs something else (a second image, labels, a mask) cannot be evaluated here.',
    ],
    ['scalar-output.onnx', `The model's only output, 'total' float32[], is a single number (a scalar). ${NEED}`],
    ['one-class.onnx', `The model's only output, 'score' float32[N,1], has a single class (one score per image), and a classifier needs at least 2. ${NEED}`],
    ['image-32x32.onnx', "Input 'image' [N,1,32,32] takes 32×32 images, but the test images are 28×28. Use test images of the size the model was trained on."],
    [
      'float16-input.onnx',
      "Input 'pixels' takes float16 values; this app can feed images as float32, float64 or uint8. " +
        'Re-export the model with float32 inputs (for example onnxconverter-common float16 conversion with keep_io_types=True).',
    ],
    [
      'zipmap.onnx',
      "None of the model's 2 outputs holds class scores: 'label' int64[N] is not a float tensor; 'probabilities' sequence<map<int64,float32>> is not a tensor. " +
        `${NEED} A sequence of maps is scikit-learn's ZipMap: convert the model with skl2onnx options={'zipmap': False} to get a probability tensor.`,
    ],
    [
      // Also has two inputs (pixels and labels): the training explanation comes first, being the real cause.
      'training-graph.onnx',
      'This is a training graph, not a model for inference: it uses SoftmaxCrossEntropyLoss (ai.onnx), Gradient (ai.onnx.preview.training), ' +
        'which compute losses or gradients and need labels. ' +
        'Export the model for inference (for example torch.onnx.export with the model in eval mode, without the loss) and use that file.',
    ],
  ];
  for (const [name, reason] of failures) {
    it(name, () => expect(planFile(join(FIXTURES, name))).toEqual({ ok: false, reason }));
  }

  it('uint8-nhwc-batch1.onnx: uint8 channels-last input with a fixed batch of 1', () => {
    expect(planFile(join(FIXTURES, 'uint8-nhwc-batch1.onnx'))).toEqual({
      ok: true,
      value: {
        inputName: 'image',
        layout: 'N,28,28,1',
        inputType: 'uint8',
        fixedBatch: 1,
        scoresOutput: 'scores',
        classes: 10,
        notes: [
          "Input 'image' fixes the batch size at 1: images are run one at a time.",
          "Input 'image' takes uint8 values: pixels are fed as bytes 0 … 255, so only the raw preset (optionally inverted) applies.",
        ],
      },
    });
  });

  it('training-info.onnx: an inference graph with a training step beside it is usable, with a note', () => {
    const feed = planFile(join(FIXTURES, 'training-info.onnx'));
    expect(feed.ok && feed.value.notes).toEqual(['The model carries a training step (TrainingInfoProto) beside its inference graph; only the inference graph is evaluated.']);
  });
});

describe('planFeed: input layouts', () => {
  const layoutOf = (dims: Dims, type = 1): Result<Feed> => plan([['x', type, dims]], [SCORES]);
  const usable = (dims: Dims, type = 1): Partial<Feed> => {
    const result = layoutOf(dims, type);
    if (!result.ok) throw new Error(result.reason);
    const { layout, inputType, fixedBatch, notes } = result.value;
    return { layout, inputType, fixedBatch, notes };
  };

  it('each layout, with a free or fixed batch', () => {
    expect(usable(['N', 784])).toEqual({ layout: 'N,784', inputType: 'float32', fixedBatch: null, notes: [] });
    expect(usable([null, 28, 28], 11)).toEqual({ layout: 'N,28,28', inputType: 'float64', fixedBatch: null, notes: [] });
    expect(usable([-1, 1, 28, 28])).toEqual({ layout: 'N,1,28,28', inputType: 'float32', fixedBatch: null, notes: [] });
    expect(usable([32, 28, 28, 1], 2)).toEqual({
      layout: 'N,28,28,1',
      inputType: 'uint8',
      fixedBatch: 32,
      notes: [
        "Input 'x' fixes the batch size at 32: images are run in batches of 32.",
        "Input 'x' takes uint8 values: pixels are fed as bytes 0 … 255, so only the raw preset (optionally inverted) applies.",
      ],
    });
  });

  it('open image sizes and an undecidable channel position are assumed, with notes', () => {
    expect(usable(['batch', 'channels', 'height', 'width'])).toEqual({
      layout: 'N,1,28,28',
      inputType: 'float32',
      fixedBatch: null,
      notes: [
        "Input 'x' [batch,channels,height,width] does not say where its channel dimension is; assuming channels first, [N,1,28,28]. If accuracy is near chance, the model may want [N,28,28,1].",
        "Input 'x' [batch,channels,height,width] leaves the image size open; 28×28 images are fed.",
      ],
    });
    expect(usable(['N', 'h', 'w', 1]).layout).toBe('N,28,28,1');
    expect(usable(['N', 'features'])).toMatchObject({ layout: 'N,784', notes: ["Input 'x' [N,features] leaves the image size open; 28×28 images are fed."] });
  });

  const refusals: [string, Dims, number, string][] = [
    ['colour images, channels first', ['N', 3, 28, 28], 1, "Input 'x' [N,3,28,28] takes images with 3 channels (colour), but the test images are grey (1 channel)."],
    ['colour images, channels last', ['N', 28, 28, 3], 1, "Input 'x' [N,28,28,3] takes images with 3 channels (colour), but the test images are grey (1 channel)."],
    ['32×32 images, channels last', ['N', 32, 32, 1], 1, "Input 'x' [N,32,32,1] takes 32×32 images, but the test images are 28×28. Use test images of the size the model was trained on."],
    ['32×32 images without channels', ['N', 32, 'w'], 1, "Input 'x' [N,32,w] takes 32×? images, but the test images are 28×28. Use test images of the size the model was trained on."],
    [
      'flat 32×32 images',
      ['N', 1024],
      1,
      "Input 'x' [N,1024] takes 1024 values per image (32×32 images?), but a 28×28 test image has 784. Use test images of the size the model was trained on.",
    ],
    ['no batch dimension', [784], 1, "Input 'x' [784] has no batch dimension; images are fed as [N,784], [N,1,28,28], [N,28,28,1] or [N,28,28], N being the number of images."],
    ['a scalar input', [], 1, "Input 'x' [] is a scalar; images are fed as [N,784], [N,1,28,28], [N,28,28,1] or [N,28,28], N being the number of images."],
    [
      'five dimensions',
      ['N', 1, 1, 28, 28],
      1,
      "Input 'x' [N,1,1,28,28] has 5 dimensions; images are fed as [N,784], [N,1,28,28], [N,28,28,1] or [N,28,28], N being the number of images.",
    ],
    [
      'no declared shape',
      null,
      1,
      "Input 'x' does not declare its shape, so the image layout ([N,784], [N,1,28,28], [N,28,28,1] or [N,28,28]) cannot be chosen. Re-export the model with the input's shape.",
    ],
    ['int64 input', ['N', 784], 7, "Input 'x' takes int64 values; this app can feed images as float32, float64 or uint8. Re-export the model with a float32 input."],
  ];
  for (const [what, dims, type, reason] of refusals) {
    it(`refuses ${what}`, () => expect(layoutOf(dims, type)).toEqual({ ok: false, reason }));
  }

  it('refuses a non-tensor input', () => {
    const seq = msg(4, msg(1, tensorType(1, ['N', 784]))); // TypeProto.sequence_type{elem_type}
    const model = inspect(file(header(), graph(value(11, 'x', seq), value(12, 'scores', tensorType(1, ['N', 10]))), opset()));
    expect(planFeed(model)).toEqual({ ok: false, reason: "Input 'x' is a sequence<float32[N,784]>, not a tensor: this app feeds the images as one tensor." });
  });

  it('refuses a model whose inputs are all weights', () => {
    const weight = msg(5, bytes(1, [784, 10].flatMap((d) => (d < 128 ? [d] : [0x80 | (d & 0x7f), d >> 7]))), [0x10, 1], str(8, 'W'));
    const model = inspect(file(header(), graph(value(11, 'W', tensorType(1, [784, 10])), value(12, 'scores', tensorType(1, ['N', 10])), weight), opset()));
    expect(model.weightInputs.map((v) => v.name)).toEqual(['W']);
    expect(planFeed(model)).toEqual({ ok: false, reason: 'The model has no input to feed images into: its only graph input is a weight with stored values.' });
  });
});

describe('planFeed: the class scores output', () => {
  const scores = (outputs: readonly [string, number, Dims][]): Result<Feed> => plan([['x', 1, ['N', 784]]], outputs);
  const chosen = (outputs: readonly [string, number, Dims][]): Pick<Feed, 'scoresOutput' | 'classes' | 'notes'> => {
    const result = scores(outputs);
    if (!result.ok) throw new Error(result.reason);
    return { scoresOutput: result.value.scoresOutput, classes: result.value.classes, notes: result.value.notes };
  };

  it('skips a label output written first (skl2onnx order)', () => {
    expect(chosen([['label', 7, ['N']], ['probabilities', 1, ['N', 10]]])).toEqual({ scoresOutput: 'probabilities', classes: 10, notes: [] });
  });

  it('prefers an output with a declared [N,C] shape over one without a shape', () => {
    expect(chosen([['hidden', 1, null], ['logits', 11, [1, 26]]])).toEqual({ scoresOutput: 'logits', classes: 26, notes: [] });
  });

  it('a symbolic number of classes is unknown until a run', () => {
    expect(chosen([['logits', 1, ['N', 'classes']]])).toEqual({
      scoresOutput: 'logits',
      classes: null,
      notes: ["Output 'logits' float32[N,classes] does not fix its number of classes; it is known after the first run."],
    });
  });

  it('an output without a declared shape is the last resort', () => {
    expect(chosen([['y', 1, null]])).toEqual({
      scoresOutput: 'y',
      classes: null,
      notes: ["Output 'y' float32 does not declare its shape; it is read as class scores [N,C], and the number of classes is known after the first run."],
    });
  });

  it('accepts [N,1,C] as [N,C]', () => {
    expect(chosen([['y', 1, ['N', 1, 10]]])).toEqual({ scoresOutput: 'y', classes: 10, notes: ["Output 'y' float32[N,1,10] is read as [N,C] class scores."] });
  });

  const refusals: [string, [string, number, Dims][], string][] = [
    ['no outputs', [], 'The model declares no outputs, so it gives no class scores.'],
    ['float16 scores', [['y', 10, ['N', 10]]], `The model's only output, 'y' float16[N,10], is float16, and this app reads scores as float32 or float64 only. ${NEED}`],
    ['one value per image', [['y', 1, ['N']]], `The model's only output, 'y' float32[N], has one value per image. ${NEED}`],
    ['a feature map', [['y', 1, ['N', 8, 7, 7]]], `The model's only output, 'y' float32[N,8,7,7], has 4 dimensions where class scores have 2. ${NEED}`],
    [
      'several unusable outputs',
      [['total', 1, []], ['label', 7, ['N']]],
      `None of the model's 2 outputs holds class scores: 'total' float32[] is a single number (a scalar); 'label' int64[N] is not a float tensor. ${NEED}`,
    ],
  ];
  for (const [what, outputs, reason] of refusals) {
    it(`refuses ${what}`, () => expect(scores(outputs)).toEqual({ ok: false, reason }));
  }
});
