/**
 * The model's features: the activations that feed its last layer, i.e. the input of the final Gemm or MatMul on
 * the way from the image input to the class scores (a MatMul followed by Add, Softmax, Identity… counts as the
 * last layer too). `exposeFeatures` makes that tensor an extra graph output, so one run gives scores and features.
 *
 * Not every model has such a layer: a logistic regression's final Gemm reads the pixels themselves (or the pixels
 * merely reshaped or scaled). Then there are no learned features, and `findPenultimate` says so.
 */
import { fail, ok, type Result } from '../result';
import { FIELD, readStrings, rewriting, walkGraph } from './graphWalk';
import { applyEdits, lengthField } from './rewrite';

/** Field numbers read here beyond those graphWalk.ts names. */
const NODE_OP_TYPE = 4;
const GRAPH_INITIALIZER = 5;
const TENSOR_NAME = 8;

interface GraphNode {
  readonly opType: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
}

/** The parts of a graph the search needs: its nodes, what comes from outside, and what it gives back. */
export interface GraphSketch {
  readonly nodes: readonly GraphNode[];
  /** Graph inputs that are not initializers (old models list their weights as inputs too). */
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
}

export interface Penultimate {
  /** The tensor to expose: the data operand of the last layer. */
  readonly tensor: string;
  /** The last layer's operator (`Gemm` or `MatMul`). */
  readonly layer: string;
}

/** Layers whose input is the features. */
const LINEAR_LAYERS = new Set(['Gemm', 'MatMul']);
/**
 * Operators that only reshape, convert or scale: a linear layer that reads the image through nothing but these
 * reads the pixels themselves (a logistic regression fed [N,1,28,28], normalised in the graph).
 */
const PASS_THROUGH = new Set(['Reshape', 'Flatten', 'Cast', 'Identity', 'Transpose', 'Squeeze', 'Unsqueeze', 'Add', 'Sub', 'Mul', 'Div']);

/** Reads the main graph's nodes, inputs and outputs (tensor payloads are skipped, never decoded). */
export function sketchGraph(bytes: Uint8Array): Result<GraphSketch> {
  return rewriting(() => {
    const nodes: GraphNode[] = [];
    const inputs: string[] = [];
    const outputs: string[] = [];
    const initializers = new Set<string>();
    const frame = walkGraph(bytes, (tag, graph) => {
      const name = (field: number) => readStrings(graph.message(tag, 'value'), [field]).get(field)?.[0] ?? '';
      if (tag.field === FIELD.graph.node) {
        const fields = readStrings(graph.message(tag, 'node'), [FIELD.node.input, FIELD.node.output, NODE_OP_TYPE]);
        nodes.push({ opType: fields.get(NODE_OP_TYPE)?.[0] ?? '', inputs: fields.get(FIELD.node.input) ?? [], outputs: fields.get(FIELD.node.output) ?? [] });
      } else if (tag.field === FIELD.graph.input) inputs.push(name(FIELD.valueInfo.name));
      else if (tag.field === FIELD.graph.output) outputs.push(name(FIELD.valueInfo.name));
      else if (tag.field === GRAPH_INITIALIZER) initializers.add(name(TENSOR_NAME));
      else graph.skip(tag);
    });
    if (!frame) return fail('The model has no graph.');
    return ok({ nodes, inputs: inputs.filter((i) => !initializers.has(i)), outputs });
  });
}

/** Tensors computed from the graph's inputs (as opposed to weights and constants), in any node order. */
function fromInputs(graph: GraphSketch): Set<string> {
  const reached = new Set(graph.inputs);
  for (let changed = true; changed; ) {
    changed = false;
    for (const node of graph.nodes) {
      if (!node.inputs.some((i) => reached.has(i)) || node.outputs.every((o) => !o || reached.has(o))) continue;
      for (const o of node.outputs) if (o) reached.add(o);
      changed = true;
    }
  }
  return reached;
}

/**
 * Finds the input of the last Gemm/MatMul on the path from the image input to `scoresOutput`: the nearest one
 * walking back from the scores, through the operands computed from the input. Fails, saying why, when there is
 * none or when it reads the image itself (no hidden layer).
 */
export function findPenultimate(graph: GraphSketch, scoresOutput: string): Result<Penultimate> {
  const producer = new Map<string, GraphNode>();
  for (const node of graph.nodes) for (const o of node.outputs) if (o) producer.set(o, node);
  const data = fromInputs(graph);
  if (!data.has(scoresOutput)) return fail(`The output '${scoresOutput}' is not computed from the model's input.`);

  // Breadth first from the scores, so the layer found is the one nearest to them.
  const seen = new Set<string>([scoresOutput]);
  let frontier = [scoresOutput];
  let layer: GraphNode | null = null;
  while (frontier.length > 0 && !layer) {
    const next: string[] = [];
    for (const tensor of frontier) {
      const node = producer.get(tensor);
      if (!node) continue;
      if (LINEAR_LAYERS.has(node.opType)) {
        layer = node;
        break;
      }
      for (const i of node.inputs) if (data.has(i) && !seen.has(i)) (seen.add(i), next.push(i));
    }
    frontier = next;
  }
  if (!layer) return fail(`No Gemm or MatMul computes '${scoresOutput}': the model has no final linear layer to take the features from.`);
  const operands = layer.inputs.filter((i) => data.has(i));
  if (operands.length !== 1) return fail(`The final ${layer.opType} multiplies two computed tensors (${operands.join(', ')}): neither is clearly the features.`);
  const tensor = operands[0]!;

  // Through reshapes and scaling only, back to a graph input: the layer reads the pixels (a linear model).
  // (A damaged graph may loop back on itself: each tensor is visited once.)
  const visited = new Set<string>();
  for (let at = tensor; !visited.has(at); ) {
    visited.add(at);
    if (graph.inputs.includes(at)) {
      const how = at === tensor ? 'directly' : 'through reshapes and scaling only';
      return fail(`The final ${layer.opType} reads the model's input '${at}' ${how}: a linear model has no hidden layer, so there are no learned features.`);
    }
    const node = producer.get(at);
    const computed = node ? node.inputs.filter((i) => data.has(i)) : [];
    if (!node || !PASS_THROUGH.has(node.opType) || computed.length !== 1) break;
    at = computed[0]!;
  }
  return ok({ tensor, layer: layer.opType });
}

/** UTF-8 bytes of a tensor name (app/core has no TextEncoder). */
function utf8(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return out;
}

/**
 * A copy of the model with `tensor` as an extra graph output, after the existing ones. The output is declared by
 * name only: onnxruntime infers its type and shape. Everything else is copied byte for byte (rewrite.ts).
 */
export function addOutput(bytes: Uint8Array, tensor: string): Result<Uint8Array> {
  return rewriting(() => {
    const existing: string[] = [];
    const frame = walkGraph(bytes, (tag, graph) => {
      if (tag.field === FIELD.graph.output) existing.push(readStrings(graph.message(tag, 'output'), [FIELD.valueInfo.name]).get(FIELD.valueInfo.name)?.[0] ?? '');
      else graph.skip(tag);
    });
    if (!frame) return fail('The model has no graph.');
    if (existing.includes(tensor)) return ok(bytes);
    const output = new Uint8Array(lengthField(FIELD.graph.output, lengthField(FIELD.valueInfo.name, utf8(tensor))));
    return ok(applyEdits(bytes, [{ start: frame.end, end: frame.end, bytes: output, frames: [frame] }]));
  });
}

/** Where a model's features come from, and the model to run to get them. */
export type FeatureSource =
  | { readonly kind: 'features'; readonly tensor: string; readonly layer: string; readonly bytes: Uint8Array }
  /** No hidden layer (or no graph the search understands): the class probabilities stand in, for this reason. */
  | { readonly kind: 'probabilities'; readonly reason: string };

/** Finds the features of a model and, when there are some, rewrites the model to output them. */
export function exposeFeatures(bytes: Uint8Array, scoresOutput: string): FeatureSource {
  const graph = sketchGraph(bytes);
  if (!graph.ok) return { kind: 'probabilities', reason: graph.reason };
  const found = findPenultimate(graph.value, scoresOutput);
  if (!found.ok) return { kind: 'probabilities', reason: found.reason };
  const rewritten = addOutput(bytes, found.value.tensor);
  if (!rewritten.ok) return { kind: 'probabilities', reason: rewritten.reason };
  return { kind: 'features', tensor: found.value.tensor, layer: found.value.layer, bytes: rewritten.value };
}
