/**
 * Pruning a graph to the outputs that are read: onnxruntime-web's WebGL backend refuses a model when any
 * node's operator is missing (ArgMax, for one), even a node whose output nobody asks for. The page only reads
 * the class scores, so the WebGL copy of a model keeps just those outputs and the nodes they depend on.
 * Weights and everything else are copied byte for byte (rewrite.ts); unused initializers stay.
 */
import { fail, ok, type Result } from '../result';
import { applyEdits, enter, type Edit, type Frame } from './rewrite';
import { Cursor, WireError } from './wire';

// Field numbers of onnx.proto.
const MODEL_GRAPH = 7;
const GRAPH_NODE = 1;
const GRAPH_OUTPUT = 12;
const NODE_INPUT = 1;
const NODE_OUTPUT = 2;
const VALUE_NAME = 1;

interface Field {
  /** The whole field: its tag, length and payload. */
  readonly start: number;
  readonly end: number;
}

interface NodeField extends Field {
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
}

/** A copy of the model whose graph outputs are only `keep` (in their order) and the nodes computing them. */
export function pruneOutputs(bytes: Uint8Array, keep: readonly string[]): Result<Uint8Array> {
  try {
    const model = Cursor.file(bytes, 'ModelProto');
    let graphFrame: Frame | null = null;
    const nodes: NodeField[] = [];
    const outputs: (Field & { readonly name: string })[] = [];
    while (!model.done()) {
      const tag = model.tag();
      if (tag.field !== MODEL_GRAPH || tag.wire !== 2) {
        model.skip(tag);
        continue;
      }
      const graph = enter(model, tag, 'graph');
      graphFrame = graph.frame;
      while (!graph.cursor.done()) {
        const g = graph.cursor.tag();
        if (g.field === GRAPH_NODE && g.wire === 2) {
          const node = graph.cursor.message(g, 'node');
          const inputs: string[] = [];
          const outs: string[] = [];
          while (!node.done()) {
            const n = node.tag();
            if (n.field === NODE_INPUT && n.wire === 2) inputs.push(node.string(n, 'input'));
            else if (n.field === NODE_OUTPUT && n.wire === 2) outs.push(node.string(n, 'output'));
            else node.skip(n);
          }
          nodes.push({ start: g.at, end: graph.cursor.pos, inputs, outputs: outs });
        } else if (g.field === GRAPH_OUTPUT && g.wire === 2) {
          const value = graph.cursor.message(g, 'output');
          let name = '';
          while (!value.done()) {
            const v = value.tag();
            if (v.field === VALUE_NAME && v.wire === 2) name = value.string(v, 'name');
            else value.skip(v);
          }
          outputs.push({ start: g.at, end: graph.cursor.pos, name });
        } else graph.cursor.skip(g);
      }
    }
    if (!graphFrame) return fail('The model has no graph.');
    const missing = keep.filter((k) => !outputs.some((o) => o.name === k));
    if (missing.length > 0) return fail(`The model has no output named ${missing.map((m) => `'${m}'`).join(', ')}.`);

    // Walk back from the kept outputs: a node is needed when one of its outputs is needed.
    const needed = new Set(keep);
    const kept = new Set<NodeField>();
    for (let changed = true; changed; ) {
      changed = false;
      for (const node of nodes) {
        if (kept.has(node) || !node.outputs.some((o) => needed.has(o))) continue;
        kept.add(node);
        for (const input of node.inputs) if (input) needed.add(input);
        changed = true;
      }
    }
    const frames = [graphFrame];
    const empty = new Uint8Array(0);
    const edits: Edit[] = [
      ...nodes.filter((n) => !kept.has(n)).map((n) => ({ start: n.start, end: n.end, bytes: empty, frames })),
      ...outputs.filter((o) => !keep.includes(o.name)).map((o) => ({ start: o.start, end: o.end, bytes: empty, frames })),
    ];
    return ok(edits.length === 0 ? bytes : applyEdits(bytes, edits));
  } catch (e) {
    if (e instanceof WireError) return fail(`The model could not be rewritten: ${e.message}`);
    throw e;
  }
}
