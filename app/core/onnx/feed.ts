/**
 * How to feed 28×28 grey images to an inspected model and where to read its class scores: the
 * decisions Netron leaves to the reader, made from the declared input and output types.
 */
import type { InputLayout } from '../modelCard';
import { fail, ok, type Result } from '../result';
import { formatShape, formatType, formatValue } from './format';
import type { Dim, OnnxModel, OnnxType, OnnxValue } from './model';
import { trainingHints } from './training';

/** Element types the app can build an input tensor of. */
export type InputElementType = 'float32' | 'float64' | 'uint8';

/** What the inference code needs to run the model on images. */
export interface Feed {
  readonly inputName: string;
  readonly layout: InputLayout;
  readonly inputType: InputElementType;
  /** The batch size the input is fixed to (1 for the ONNX zoo's CNTK model), or null when any batch size goes. */
  readonly fixedBatch: number | null;
  readonly scoresOutput: string;
  /** The number of classes from the scores output's declared shape; null when it is symbolic or unknown until a run. */
  readonly classes: number | null;
  /** Facts the user should know that do not prevent an evaluation: assumptions made, parts ignored. */
  readonly notes: readonly string[];
}

const SIDE = 28;
const PIXELS = SIDE * SIDE;
const INPUT_TYPES: readonly string[] = ['float32', 'float64', 'uint8'];
const SCORE_TYPES: readonly string[] = ['float32', 'float64'];
const LAYOUTS = '[N,784], [N,1,28,28], [N,28,28,1] or [N,28,28]';

/** Symbolic, unknown and negative (some old exporters' "any") sizes fit whatever is fed. */
const isFree = (d: Dim): boolean => typeof d !== 'number' || d < 0;
const fits = (d: Dim, size: number): boolean => isFree(d) || d === size;

/** Decides how to feed the model, or explains why this app cannot evaluate it. */
export function planFeed(model: OnnxModel): Result<Feed> {
  if (model.trainingOperators.length > 0) {
    const ops = model.trainingOperators.map((op) => `${op.opType} (${op.domain})`).join(', ');
    return fail(
      `This is a training graph, not a model for inference: it uses ${ops}, which compute losses or gradients and need labels. ` +
        'Export the model for inference (for example torch.onnx.export with the model in eval mode, without the loss) and use that file.',
    );
  }
  const input = chooseInput(model);
  if (!input.ok) return input;
  const layout = chooseLayout(input.value);
  if (!layout.ok) return layout;
  const scores = chooseScores(model.outputs);
  if (!scores.ok) return scores;
  const notes = [...layout.value.notes, ...scores.value.notes];
  if (layout.value.inputType === 'uint8') {
    notes.push(`Input '${input.value.name}' takes uint8 values: pixels are fed as bytes 0 … 255, so only the raw preset (optionally inverted) applies.`);
  }
  notes.push(...trainingHints(model));
  return ok({
    inputName: input.value.name,
    layout: layout.value.layout,
    inputType: layout.value.inputType,
    fixedBatch: layout.value.fixedBatch,
    scoresOutput: scores.value.name,
    classes: scores.value.classes,
    notes,
  });
}

function chooseInput(model: OnnxModel): Result<OnnxValue> {
  const { inputs } = model;
  if (inputs.length === 0) {
    return fail(
      model.weightInputs.length > 0
        ? `The model has no input to feed images into: ${
            model.weightInputs.length === 1 ? 'its only graph input is a weight' : `all its ${model.weightInputs.length} graph inputs are weights`
          } with stored values.`
        : 'The model has no input to feed images into: its graph declares no inputs.',
    );
  }
  if (inputs.length > 1) {
    return fail(
      `The model has ${inputs.length} inputs: ${inputs.map(formatValue).join(', ')}. This app feeds a single input, the images; ` +
        'a model that also needs something else (a second image, labels, a mask) cannot be evaluated here.',
    );
  }
  return ok(inputs[0]!);
}

interface Layout {
  readonly layout: InputLayout;
  readonly inputType: InputElementType;
  readonly fixedBatch: number | null;
  readonly notes: string[];
}

function chooseLayout(input: OnnxValue): Result<Layout> {
  const { type } = input;
  const named = `Input '${input.name}'`;
  if (type.kind !== 'tensor') return fail(`${named} is a ${formatType(type)}, not a tensor: this app feeds the images as one tensor.`);
  if (!INPUT_TYPES.includes(type.elemType)) {
    const advice =
      type.elemType === 'float16'
        ? ' Re-export the model with float32 inputs (for example onnxconverter-common float16 conversion with keep_io_types=True).'
        : ' Re-export the model with a float32 input.';
    return fail(`${named} takes ${type.elemType} values; this app can feed images as float32, float64 or uint8.${advice}`);
  }
  const inputType = type.elemType as InputElementType;
  const shape = type.shape;
  if (shape === null) {
    return fail(`${named} does not declare its shape, so the image layout (${LAYOUTS}) cannot be chosen. Re-export the model with the input's shape.`);
  }
  const described = `${named} ${formatShape(shape)}`;
  if (shape.length < 2 || shape.length > 4) {
    const what = shape.length === 0 ? 'is a scalar' : shape.length === 1 ? 'has no batch dimension' : `has ${shape.length} dimensions`;
    return fail(`${described} ${what}; images are fed as ${LAYOUTS}, N being the number of images.`);
  }
  const [batch, ...rest] = shape as [Dim, ...Dim[]];
  const fixedBatch = isFree(batch) || batch === 0 ? null : (batch as number);
  const notes: string[] = [];
  if (fixedBatch !== null) {
    notes.push(`${named} fixes the batch size at ${fixedBatch}: images are run ${fixedBatch === 1 ? 'one at a time' : `in batches of ${fixedBatch}`}.`);
  }
  const layout = matchLayout(rest, described, notes);
  if (!layout.ok) return layout;
  if (rest.some(isFree)) notes.push(`${described} leaves the image size open; 28×28 images are fed.`);
  return ok({ layout: layout.value, inputType, fixedBatch, notes });
}

/** Picks the layout whose non-batch dimensions fit `rest`, or says what the model expects instead. */
function matchLayout(rest: readonly Dim[], described: string, notes: string[]): Result<InputLayout> {
  const size = (h: Dim, w: Dim): string => `${isFree(h) ? '?' : h}×${isFree(w) ? '?' : w}`;
  const wrongSize = (h: Dim, w: Dim): Result<InputLayout> =>
    fail(`${described} takes ${size(h, w)} images, but the test images are 28×28. Use test images of the size the model was trained on.`);
  if (rest.length === 1) {
    const [values] = rest as [Dim];
    if (fits(values, PIXELS)) return ok('N,784');
    const side = Math.sqrt(values as number);
    const hint = Number.isInteger(side) ? ` (${side}×${side} images?)` : '';
    return fail(`${described} takes ${values} values per image${hint}, but a 28×28 test image has 784. Use test images of the size the model was trained on.`);
  }
  if (rest.length === 2) {
    const [h, w] = rest as [Dim, Dim];
    return fits(h, SIDE) && fits(w, SIDE) ? ok('N,28,28') : wrongSize(h, w);
  }
  const [a, b, c] = rest as [Dim, Dim, Dim];
  const channelsFirst = fits(a, 1) && fits(b, SIDE) && fits(c, SIDE);
  const channelsLast = fits(a, SIDE) && fits(b, SIDE) && fits(c, 1);
  if (channelsFirst && channelsLast) {
    notes.push(
      `${described} does not say where its channel dimension is; assuming channels first, [N,1,28,28]. ` +
        'If accuracy is near chance, the model may want [N,28,28,1].',
    );
    return ok('N,1,28,28');
  }
  if (channelsFirst) return ok('N,1,28,28');
  if (channelsLast) return ok('N,28,28,1');
  // Neither fits: say whether the channels or the image size are wrong, reading the layout the model most resembles.
  const lastIsChannels = typeof c === 'number' && c >= 1 && c <= 4 && !(typeof a === 'number' && a >= 1 && a <= 4);
  const channels = lastIsChannels ? c : a;
  if (typeof channels === 'number' && channels !== 1 && channels >= 1 && channels <= 4) {
    const kind = channels === 3 ? 'colour' : 'multi-channel';
    return fail(`${described} takes images with ${channels} channels (${kind}), but the test images are grey (1 channel).`);
  }
  return lastIsChannels ? wrongSize(a, b) : wrongSize(b, c);
}

interface Scores {
  readonly name: string;
  readonly classes: number | null;
  readonly notes: string[];
}

/** Why an output cannot hold class scores (a phrase following its name and type), or null when it can. */
function unusable(type: OnnxType): string | null {
  if (type.kind !== 'tensor') return 'is not a tensor';
  if (!SCORE_TYPES.includes(type.elemType)) {
    return type.elemType.startsWith('float') || type.elemType.startsWith('bfloat')
      ? `is ${type.elemType}, and this app reads scores as float32 or float64 only`
      : 'is not a float tensor';
  }
  const { shape } = type;
  if (shape === null) return null;
  if (shape.length === 0) return 'is a single number (a scalar)';
  if (shape.length === 1) return 'has one value per image';
  if (shape.slice(1, -1).some((d) => d !== 1)) return `has ${shape.length} dimensions where class scores have 2`;
  if (shape.at(-1) === 1) return 'has a single class (one score per image), and a classifier needs at least 2';
  if (shape.at(-1) === 0) return 'has no classes';
  return null;
}

/**
 * The class scores: the first float output shaped [N,C] (extra dimensions of size 1, as in [N,1,C],
 * are accepted: the scores are laid out the same). An output without a declared shape is the last resort.
 */
function chooseScores(outputs: readonly OnnxValue[]): Result<Scores> {
  if (outputs.length === 0) return fail('The model declares no outputs, so it gives no class scores.');
  const usable = outputs.filter((o) => unusable(o.type) === null);
  const declared = usable.find((o) => o.type.kind === 'tensor' && o.type.shape !== null);
  const chosen = declared ?? usable[0];
  if (chosen === undefined) return fail(noScores(outputs));
  const shape = chosen.type.kind === 'tensor' ? chosen.type.shape : null;
  const notes: string[] = [];
  const described = `Output ${formatValue(chosen)}`;
  if (shape === null) {
    notes.push(`${described} does not declare its shape; it is read as class scores [N,C], and the number of classes is known after the first run.`);
    return ok({ name: chosen.name, classes: null, notes });
  }
  const last = shape.at(-1) ?? null;
  if (shape.length > 2) notes.push(`${described} is read as [N,C] class scores.`);
  if (isFree(last)) notes.push(`${described} does not fix its number of classes; it is known after the first run.`);
  return ok({ name: chosen.name, classes: isFree(last) ? null : (last as number), notes });
}

function noScores(outputs: readonly OnnxValue[]): string {
  const zipMap = outputs.some((o) => o.type.kind === 'sequence' && o.type.elem.kind === 'map')
    ? " A sequence of maps is scikit-learn's ZipMap: convert the model with skl2onnx options={'zipmap': False} to get a probability tensor."
    : '';
  const need = 'The app needs class scores: a float tensor shaped [N,C], one score for each of C ≥ 2 classes for each of N images.';
  if (outputs.length === 1) {
    const [only] = outputs as [OnnxValue];
    return `The model's only output, ${formatValue(only)}, ${unusable(only.type)}. ${need}${zipMap}`;
  }
  const reasons = outputs.map((o) => `${formatValue(o)} ${unusable(o.type)}`);
  return `None of the model's ${outputs.length} outputs holds class scores: ${reasons.join('; ')}. ${need}${zipMap}`;
}
