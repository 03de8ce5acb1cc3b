/**
 * Fixing the batch dimension: onnxruntime-web's WebGL backend refuses an input whose first dimension is
 * symbolic ("expected shape '[,784]'"), so the model it gets declares a fixed batch instead, and the caller
 * pads the last batch. Only the first dimension of the named input and of the outputs whose first dimension
 * is symbolic or unknown changes; everything else, weights included, is copied byte for byte.
 */
import { fail, ok, type Result } from '../result';
import { FIELD, rewriting, walkGraph } from './graphWalk';
import { applyEdits, enter, varintField, type Edit, type Frame } from './rewrite';
import { LEN, VARINT, type Cursor } from './wire';

interface FirstDim {
  readonly frames: readonly Frame[];
  /** The first Dimension message's payload. */
  readonly start: number;
  readonly end: number;
  readonly symbolic: boolean;
}

/** Enters the first field `field` of the message under `c`, skipping the others; null when there is none. */
function enterField(c: Cursor, field: number, name: string): ReturnType<typeof enter> | null {
  while (!c.done()) {
    const tag = c.tag();
    if (tag.field === field && tag.wire === LEN) return enter(c, tag, name);
    c.skip(tag);
  }
  return null;
}

/** A ValueInfoProto's name and the first dimension of its tensor shape, with the frames enclosing it. */
function firstDim(value: Cursor, outer: readonly Frame[]): { name: string; dim: FirstDim | null } {
  let name = '';
  let dim: FirstDim | null = null;
  while (!value.done()) {
    const tag = value.tag();
    if (tag.field === FIELD.valueInfo.name && tag.wire === LEN) {
      name = value.string(tag, 'name');
      continue;
    }
    if (tag.field !== FIELD.valueInfo.type || tag.wire !== LEN) {
      value.skip(tag);
      continue;
    }
    // type → tensor_type → shape → the first dim; each step ends the walk quietly when a part is missing.
    const type = enter(value, tag, 'type');
    const tensor = enterField(type.cursor, FIELD.type.tensor, 'tensor_type');
    const shape = tensor && enterField(tensor.cursor, FIELD.tensorType.shape, 'shape');
    const first = shape && enterField(shape.cursor, FIELD.shape.dim, 'dim');
    if (!tensor || !shape || !first) continue;
    let symbolic = true;
    while (!first.cursor.done()) {
      const f = first.cursor.tag();
      if (f.field === FIELD.dim.value && f.wire === VARINT) symbolic = false;
      first.cursor.skip(f);
    }
    dim = { frames: [...outer, type.frame, tensor.frame, shape.frame, first.frame], start: first.frame.start, end: first.frame.end, symbolic };
  }
  return { name, dim };
}

/**
 * A copy of the model whose input `inputName` (and every output with a symbolic or unknown first
 * dimension) declares a batch of exactly `batch`.
 */
export function fixBatch(bytes: Uint8Array, inputName: string, batch: number): Result<Uint8Array> {
  if (!Number.isInteger(batch) || batch < 1) return fail(`A batch of ${batch} images cannot be fixed in a model.`);
  return rewriting(() => {
    const edits: Edit[] = [];
    const replacement = new Uint8Array(varintField(FIELD.dim.value, batch));
    let foundInput = false;
    walkGraph(bytes, (tag, graph, graphFrame) => {
      const isInput = tag.field === FIELD.graph.input;
      if (!isInput && tag.field !== FIELD.graph.output) {
        graph.skip(tag);
        return;
      }
      const value = enter(graph, tag, isInput ? 'input' : 'output');
      const { name, dim } = firstDim(value.cursor, [graphFrame, value.frame]);
      const isImageInput = isInput && name === inputName;
      foundInput ||= isImageInput;
      if (dim && (isImageInput || (!isInput && dim.symbolic))) edits.push({ start: dim.start, end: dim.end, bytes: replacement, frames: dim.frames });
    });
    if (!foundInput) return fail(`The model has no input named '${inputName}'.`);
    return ok(applyEdits(bytes, edits));
  });
}
