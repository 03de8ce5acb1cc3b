/**
 * Fixing the batch dimension: onnxruntime-web's WebGL backend refuses an input whose first dimension is
 * symbolic ("expected shape '[,784]'"), so the model it gets declares a fixed batch instead, and the caller
 * pads the last batch. Only the first dimension of the named input and of the outputs that share its
 * symbol (or are unknown) changes; everything else, weights included, is copied byte for byte.
 */
import { fail, ok, type Result } from '../result';
import { applyEdits, enter, varintField, type Edit, type Frame } from './rewrite';
import { Cursor, WireError } from './wire';

// Field numbers of onnx.proto.
const MODEL_GRAPH = 7;
const GRAPH_INPUT = 11;
const GRAPH_OUTPUT = 12;
const VALUE_NAME = 1;
const VALUE_TYPE = 2;
const TYPE_TENSOR = 1;
const TENSOR_SHAPE = 2;
const SHAPE_DIM = 1;
const DIM_VALUE = 1;

interface FirstDim {
  readonly frames: readonly Frame[];
  /** The first Dimension message's payload. */
  readonly start: number;
  readonly end: number;
  readonly symbolic: boolean;
}

/** The first dimension of a ValueInfoProto's tensor shape, with the frames enclosing it. */
function firstDim(value: Cursor, outer: readonly Frame[]): { name: string; dim: FirstDim | null } {
  let name = '';
  let dim: FirstDim | null = null;
  while (!value.done()) {
    const tag = value.tag();
    if (tag.field === VALUE_NAME && tag.wire === 2) name = value.string(tag, 'name');
    else if (tag.field === VALUE_TYPE && tag.wire === 2) {
      const type = enter(value, tag, 'type');
      while (!type.cursor.done()) {
        const t = type.cursor.tag();
        if (t.field !== TYPE_TENSOR || t.wire !== 2) {
          type.cursor.skip(t);
          continue;
        }
        const tensor = enter(type.cursor, t, 'tensor_type');
        while (!tensor.cursor.done()) {
          const s = tensor.cursor.tag();
          if (s.field !== TENSOR_SHAPE || s.wire !== 2) {
            tensor.cursor.skip(s);
            continue;
          }
          const shape = enter(tensor.cursor, s, 'shape');
          while (!shape.cursor.done()) {
            const d = shape.cursor.tag();
            if (d.field !== SHAPE_DIM || d.wire !== 2 || dim) {
              shape.cursor.skip(d);
              continue;
            }
            const first = enter(shape.cursor, d, 'dim');
            let symbolic = true;
            while (!first.cursor.done()) {
              const f = first.cursor.tag();
              if (f.field === DIM_VALUE && f.wire === 0) symbolic = false;
              first.cursor.skip(f);
            }
            dim = { frames: [...outer, type.frame, tensor.frame, shape.frame, first.frame], start: first.frame.start, end: first.frame.end, symbolic };
          }
        }
      }
    } else value.skip(tag);
  }
  return { name, dim };
}

/**
 * A copy of the model whose input `inputName` (and every output with a symbolic or unknown first
 * dimension) declares a batch of exactly `batch`.
 */
export function fixBatch(bytes: Uint8Array, inputName: string, batch: number): Result<Uint8Array> {
  if (!Number.isInteger(batch) || batch < 1) return fail(`A batch of ${batch} images cannot be fixed in a model.`);
  try {
    const edits: Edit[] = [];
    const replacement = new Uint8Array(varintField(DIM_VALUE, batch));
    const model = Cursor.file(bytes, 'ModelProto');
    let foundInput = false;
    while (!model.done()) {
      const tag = model.tag();
      if (tag.field !== MODEL_GRAPH || tag.wire !== 2) {
        model.skip(tag);
        continue;
      }
      const graph = enter(model, tag, 'graph');
      while (!graph.cursor.done()) {
        const g = graph.cursor.tag();
        if ((g.field !== GRAPH_INPUT && g.field !== GRAPH_OUTPUT) || g.wire !== 2) {
          graph.cursor.skip(g);
          continue;
        }
        const value = enter(graph.cursor, g, g.field === GRAPH_INPUT ? 'input' : 'output');
        const { name, dim } = firstDim(value.cursor, [graph.frame, value.frame]);
        const isImageInput = g.field === GRAPH_INPUT && name === inputName;
        if (isImageInput) foundInput = true;
        if (dim && (isImageInput || (g.field === GRAPH_OUTPUT && dim.symbolic)) && (dim.symbolic || isImageInput)) {
          edits.push({ start: dim.start, end: dim.end, bytes: replacement, frames: dim.frames });
        }
      }
    }
    if (!foundInput) return fail(`The model has no input named '${inputName}'.`);
    return ok(applyEdits(bytes, edits));
  } catch (e) {
    if (e instanceof WireError) return fail(`The model could not be rewritten: ${e.message}`);
    throw e;
  }
}
