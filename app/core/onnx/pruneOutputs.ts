/**
 * Pruning a graph to the outputs that are read: onnxruntime-web's WebGL backend refuses a model when any
 * node's operator is missing (ArgMax, for one), even a node whose output nobody asks for. The page only reads
 * the class scores, so the WebGL copy of a model keeps just those outputs and the nodes they depend on.
 * Weights and everything else are copied byte for byte (rewrite.ts); unused initializers stay.
 */
import { fail, ok, type Result } from '../result';
import { FIELD, readStrings, rewriting, walkGraph } from './graphWalk';
import { applyEdits, type Edit } from './rewrite';

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
  return rewriting(() => {
    const nodes: NodeField[] = [];
    const outputs: (Field & { readonly name: string })[] = [];
    const graphFrame = walkGraph(bytes, (tag, graph) => {
      if (tag.field === FIELD.graph.node) {
        const node = graph.message(tag, 'node');
        const names = readStrings(node, [FIELD.node.input, FIELD.node.output]);
        nodes.push({ start: tag.at, end: graph.pos, inputs: names.get(FIELD.node.input) ?? [], outputs: names.get(FIELD.node.output) ?? [] });
      } else if (tag.field === FIELD.graph.output) {
        const value = graph.message(tag, 'output');
        outputs.push({ start: tag.at, end: graph.pos, name: readStrings(value, [FIELD.valueInfo.name]).get(FIELD.valueInfo.name)?.[0] ?? '' });
      } else graph.skip(tag);
    });
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
  });
}
