/**
 * What the rewriters (fixBatch.ts, pruneOutputs.ts) share: the field numbers of onnx.proto they read, a walk
 * over the fields of the model's main graph, and one way to report a file they cannot read.
 */
import { fail, type Result } from '../result';
import { enter, type Frame } from './rewrite';
import { Cursor, LEN, WireError, type Tag } from './wire';

/** Field numbers of onnx.proto, by message. */
export const FIELD = {
  model: { graph: 7 },
  graph: { node: 1, input: 11, output: 12 },
  node: { input: 1, output: 2 },
  valueInfo: { name: 1, type: 2 },
  type: { tensor: 1 },
  tensorType: { shape: 2 },
  shape: { dim: 1 },
  dim: { value: 1 },
} as const;

/**
 * Calls `visit` for every length-delimited field of the main graph (nodes, inputs, outputs, initializers…);
 * `visit` must read or skip the field's value. Returns the graph's frame, or null when the model has no graph.
 */
export function walkGraph(bytes: Uint8Array, visit: (tag: Tag, graph: Cursor, frame: Frame) => void): Frame | null {
  const model = Cursor.file(bytes, 'ModelProto');
  let frame: Frame | null = null;
  while (!model.done()) {
    const tag = model.tag();
    if (tag.field !== FIELD.model.graph || tag.wire !== LEN) {
      model.skip(tag);
      continue;
    }
    const graph = enter(model, tag, 'graph');
    frame = graph.frame;
    while (!graph.cursor.done()) {
      const g = graph.cursor.tag();
      if (g.wire === LEN) visit(g, graph.cursor, graph.frame);
      else graph.cursor.skip(g);
    }
  }
  return frame;
}

/** Runs a rewrite; a file the protobuf reader cannot read becomes a failure saying so. */
export function rewriting<T>(rewrite: () => Result<T>): Result<T> {
  try {
    return rewrite();
  } catch (e) {
    if (e instanceof WireError) return fail(`The model could not be rewritten: ${e.message}`);
    throw e;
  }
}

/** The string fields `fields` of a message (repeated ones in order); every other field is skipped. */
export function readStrings(message: Cursor, fields: readonly number[]): Map<number, string[]> {
  const found = new Map<number, string[]>();
  while (!message.done()) {
    const tag = message.tag();
    if (tag.wire === LEN && fields.includes(tag.field)) found.set(tag.field, [...(found.get(tag.field) ?? []), message.string(tag, `field ${tag.field}`)]);
    else message.skip(tag);
  }
  return found;
}
