/**
 * The pixel conversion moved into the model: a copy of the model whose image input takes the grey bytes as they are
 * (uint8, same shape) and turns them into the model's float32 input with two nodes in front,
 *
 *     Cast(pixels → int32) → Gather(table, ·) → <the original input's name>
 *
 * where `table` is a second input, the 256 values of the preprocessing's lookup table (core/preprocess.ts). The
 * model then gets exactly the values the page's conversion would have given it (a Gather copies the table's
 * float32 values), so its scores are those of the model fed converted pixels, but onnxruntime does the work in
 * WebAssembly, and each run copies a quarter of the bytes in. Weights and everything else are copied byte for byte
 * (rewrite.ts). The table is an input, not a constant, so one session serves every preprocessing.
 */
import { fail, ok, type Result } from '../result';
import { FIELD, rewriting, walkGraph } from './graphWalk';
import { applyEdits, asciiBytes, enter, lengthField, varintField, type Edit } from './rewrite';
import { LEN, type Cursor } from './wire';

/** The inputs of the rewritten model. Names no exporter uses, so they cannot collide with the model's own. */
export const PIXELS_INPUT = 'classifier_lens_pixels';
export const TABLE_INPUT = 'classifier_lens_table';
const INDEX_VALUE = 'classifier_lens_pixel_index';

/** TensorProto.DataType and AttributeProto.AttributeType values used here. */
const UINT8 = 2;
const FLOAT = 1;
const INT32 = 6;
const ATTRIBUTE_INT = 2;

const attributeInt = (name: string, value: number): number[] => [...lengthField(1, asciiBytes(name)), ...varintField(3, value), ...varintField(20, ATTRIBUTE_INT)];

function node(opType: string, name: string, inputs: readonly string[], outputs: readonly string[], attribute: number[]): number[] {
  return lengthField(FIELD.graph.node, [
    ...inputs.flatMap((i) => lengthField(FIELD.node.input, asciiBytes(i))),
    ...outputs.flatMap((o) => lengthField(FIELD.node.output, asciiBytes(o))),
    ...lengthField(3, asciiBytes(name)),
    ...lengthField(4, asciiBytes(opType)),
    ...lengthField(5, attribute),
  ]);
}

/** A graph input: `name`, a tensor of `elemType` with the given raw `shape` field (tag and all), if any. */
const input = (name: string, elemType: number, shapeField: readonly number[]): number[] =>
  lengthField(FIELD.graph.input, [...lengthField(FIELD.valueInfo.name, asciiBytes(name)), ...lengthField(FIELD.valueInfo.type, lengthField(FIELD.type.tensor, [...varintField(1, elemType), ...shapeField]))]);

/** The raw bytes (tag, length, payload) of the `shape` field of a ValueInfoProto's tensor type; empty when it has none. */
function shapeField(value: Cursor): { name: string; shape: number[] } {
  let name = '';
  let shape: number[] = [];
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
    const type = enter(value, tag, 'type').cursor;
    while (!type.done()) {
      const t = type.tag();
      if (t.field !== FIELD.type.tensor || t.wire !== LEN) {
        type.skip(t);
        continue;
      }
      const tensor = enter(type, t, 'tensor_type').cursor;
      while (!tensor.done()) {
        const fieldStart = tensor.pos;
        const f = tensor.tag();
        tensor.skip(f);
        if (f.field === FIELD.tensorType.shape && f.wire === LEN) shape = [...tensor.bytes.subarray(fieldStart, tensor.pos)];
      }
    }
  }
  return { name, shape };
}

/** A copy of the model whose float32 input `inputName` is fed grey bytes and a lookup table instead (see above). */
export function pixelsFront(bytes: Uint8Array, inputName: string): Result<Uint8Array> {
  return rewriting(() => {
    const edits: Edit[] = [];
    let found = false;
    const graphFrame = walkGraph(bytes, (tag, graph, frame) => {
      if (tag.field !== FIELD.graph.input) {
        graph.skip(tag);
        return;
      }
      // The field's tag is one byte (field 11, length-delimited), just before the length prefix.
      const fieldStart = graph.pos - 1;
      const value = enter(graph, tag, 'input');
      const { name, shape } = shapeField(value.cursor);
      if (name !== inputName) return;
      found = true;
      const replacement = [...input(PIXELS_INPUT, UINT8, shape), ...input(TABLE_INPUT, FLOAT, lengthField(FIELD.tensorType.shape, lengthField(FIELD.shape.dim, varintField(FIELD.dim.value, 256))))];
      edits.push({ start: fieldStart, end: value.frame.end, bytes: new Uint8Array(replacement), frames: [frame] });
    });
    if (!graphFrame) return fail('The model has no graph.');
    if (!found) return fail(`The model has no input named '${inputName}'.`);
    // The two nodes first: the graph's nodes are in topological order.
    const front = [...node('Cast', 'classifier_lens_cast', [PIXELS_INPUT], [INDEX_VALUE], attributeInt('to', INT32)), ...node('Gather', 'classifier_lens_lookup', [TABLE_INPUT, INDEX_VALUE], [inputName], attributeInt('axis', 0))];
    edits.push({ start: graphFrame.start, end: graphFrame.start, bytes: new Uint8Array(front), frames: [graphFrame] });
    return ok(applyEdits(bytes, edits));
  });
}
