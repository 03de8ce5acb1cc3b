/**
 * Batch relaxation: a model whose image input is fixed at batch 1 (the ONNX zoo's CNTK MNIST model,
 * `Input3` [1,1,28,28] with a Reshape to [1,256]) runs one image per `session.run`, which costs ~5× the
 * time of running 1 000 at once. When the graph provably computes each image independently, the batch
 * dimension can be made free: the input, the outputs and the intermediate shapes (value_info) get a
 * symbolic first dimension, and Reshape shape constants whose first element is that batch of 1 become −1.
 *
 * Safety is proved, not guessed: every node on the path from the image input is checked against rules that
 * guarantee that image i of a batch of N gives exactly what image i alone gives. Anything outside the
 * rules makes `relaxBatch` refuse, and the caller keeps running one image at a time.
 *
 * The rules (a tensor is "batched" when it depends on the image input; its axis 0 is then the batch):
 *  - one image input, declared shape known, first dimension exactly 1; default-domain opset ≥ 7 (older
 *    opsets broadcast differently); no operators of other domains on the batched path; no subgraphs
 *    (If/Loop/Scan) anywhere and no model-local functions;
 *  - each node with a batched input must be one of a fixed list whose per-image behaviour is known:
 *    element-wise unary operators, Conv, pooling (MaxPool without its Indices output, which numbers
 *    elements across the whole batch), normalisations in inference mode, Dropout without training_mode;
 *    element-wise binary operators only when every constant operand broadcasts along the batch (rank below
 *    the batched operand's, or equal with a first dimension of 1) and batched operands have equal ranks;
 *    Gemm with the batched operand as A (not transposed) and constant B and C; MatMul with a batched A of
 *    rank ≥ 2 and a constant 2-D B; Flatten with axis 1; Softmax/LogSoftmax/Hardmax, ArgMax/ArgMin,
 *    Concat and reductions on axes other than 0 (reductions need explicit axes); Transpose keeping axis 0
 *    first; Pad that does not pad axis 0;
 *  - Reshape of a batched tensor only with a shape that is a constant stored in the file (an initializer
 *    or a Constant node's `value`, int64, not external) whose first element is 1 (rewritten to −1), 0 (copy
 *    the batch: kept) or −1 (kept), with no other −1, and which no other node uses. A shape computed at run
 *    time (Shape → Gather → Concat → Reshape) is refused: its values cannot be proved to be the batch;
 *  - everything else is refused: Shape, Size, Slice, Gather, Expand, Tile, Resize, Split, Squeeze,
 *    Unsqueeze... on a batched tensor, and every constant whose dimensions are unknown where broadcasting
 *    needs them. Constants that never meet a batched tensor (a Reshape of weights, say) are left alone.
 *  - outputs and value_info entries of batched tensors whose first dimension is 1 get the symbol; one that
 *    declares another fixed size contradicts the analysis and is refused.
 *
 * Only the changed fields are re-encoded (rewrite.ts); weights are copied byte for byte.
 */
import { fail, ok, type Result } from '../result';
import type { Feed } from './feed';
import { applyEdits, asciiBytes, encodeVarint, enter, lengthField, type Edit, type Frame } from './rewrite';
import { Cursor, WireError, type Tag } from './wire';

/** What relaxation changed, for notes and tests. */
export interface RelaxedBatch {
  readonly bytes: Uint8Array;
  /** The symbolic name given to the batch dimension ('N' unless the model already uses it). */
  readonly symbol: string;
  readonly inputName: string;
  /** Graph inputs, outputs and value_info entries whose first dimension became the symbol. */
  readonly shapes: readonly string[];
  /** Reshape shape constants rewritten, with their values before and after. */
  readonly reshapes: readonly { readonly tensor: string; readonly from: readonly number[]; readonly to: readonly number[] }[];
}

// ---------------------------------------------------------------------------------------------------
// Reading: the parts of the model the analysis needs, with where their bytes are.

/** A field's bytes, tag included, and the messages enclosing it. */
interface FieldAt {
  readonly start: number;
  readonly end: number;
  readonly frames: readonly Frame[];
}

interface DimAt {
  readonly value: number | string | null;
  /** The dim_value field, when the dimension is a number. */
  readonly field: FieldAt | null;
}

interface ValueAt {
  readonly name: string;
  /** Null when the value is not a tensor or declares no shape. */
  readonly dims: readonly DimAt[] | null;
}

interface TensorAt {
  readonly name: string;
  readonly dataType: number;
  readonly dims: readonly number[];
  readonly external: boolean;
  /** Decoded values for small int64 tensors (≤ 64 elements, in the file); null otherwise. */
  readonly int64: readonly number[] | null;
  readonly rawField: FieldAt | null;
  readonly int64Fields: readonly FieldAt[];
}

interface AttrAt {
  readonly name: string;
  readonly i: number | null;
  readonly ints: readonly number[];
  readonly tensor: TensorAt | null;
}

interface NodeAt {
  readonly label: string;
  readonly opType: string;
  readonly domain: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attrs: ReadonlyMap<string, AttrAt>;
}

interface GraphAt {
  readonly nodes: NodeAt[];
  readonly initializers: Map<string, TensorAt>;
  readonly sparse: Set<string>;
  readonly inputs: ValueAt[];
  readonly outputs: ValueAt[];
  readonly valueInfo: ValueAt[];
  readonly dimParams: Set<string>;
  subgraphs: number;
}

interface ModelAt {
  readonly graph: GraphAt | null;
  readonly opset: number | null;
  readonly functions: number;
}

const SMALL = 64;

function readModel(bytes: Uint8Array): ModelAt {
  const c = Cursor.file(bytes, 'ModelProto');
  let graph: GraphAt | null = null;
  let opset: number | null = null;
  let functions = 0;
  while (!c.done()) {
    const tag = c.tag();
    if (tag.field === 7) {
      const { cursor, frame } = enter(c, tag, 'graph');
      graph = readGraph(cursor, [frame]);
    } else if (tag.field === 8) {
      const o = c.message(tag, 'opset_import');
      let domain = '';
      let version = 0;
      while (!o.done()) {
        const t = o.tag();
        if (t.field === 1) domain = o.string(t, 'domain');
        else if (t.field === 2) version = o.int(t, 'version');
        else o.skip(t);
      }
      if (domain === '' || domain === 'ai.onnx') opset = version;
    } else if (tag.field === 25) {
      functions++;
      c.skip(tag);
    } else {
      c.skip(tag);
    }
  }
  return { graph, opset, functions };
}

function readGraph(c: Cursor, frames: readonly Frame[]): GraphAt {
  const graph: GraphAt = { nodes: [], initializers: new Map(), sparse: new Set(), inputs: [], outputs: [], valueInfo: [], dimParams: new Set(), subgraphs: 0 };
  while (!c.done()) {
    const tag = c.tag();
    switch (tag.field) {
      case 1: {
        const { cursor, frame } = enter(c, tag, `node[${graph.nodes.length}]`);
        graph.nodes.push(readNode(cursor, [...frames, frame], graph, graph.nodes.length));
        break;
      }
      case 5: {
        const { cursor, frame } = enter(c, tag, 'initializer');
        const t = readTensor(cursor, [...frames, frame]);
        graph.initializers.set(t.name, t);
        break;
      }
      case 15: {
        const s = c.message(tag, 'sparse_initializer');
        while (!s.done()) {
          const t = s.tag();
          if (t.field === 1) graph.sparse.add(readTensor(s.message(t, 'values'), []).name);
          else s.skip(t);
        }
        break;
      }
      case 11:
      case 12:
      case 13: {
        const { cursor, frame } = enter(c, tag, tag.field === 11 ? 'input' : tag.field === 12 ? 'output' : 'value_info');
        const value = readValue(cursor, [...frames, frame], graph.dimParams);
        (tag.field === 11 ? graph.inputs : tag.field === 12 ? graph.outputs : graph.valueInfo).push(value);
        break;
      }
      default:
        c.skip(tag);
    }
  }
  return graph;
}

function readNode(c: Cursor, frames: readonly Frame[], graph: GraphAt, index: number): NodeAt {
  let name = '';
  let opType = '';
  let domain = '';
  const inputs: string[] = [];
  const outputs: string[] = [];
  const attrs = new Map<string, AttrAt>();
  while (!c.done()) {
    const tag = c.tag();
    switch (tag.field) {
      case 1:
        inputs.push(c.string(tag, 'input'));
        break;
      case 2:
        outputs.push(c.string(tag, 'output'));
        break;
      case 3:
        name = c.string(tag, 'name');
        break;
      case 4:
        opType = c.string(tag, 'op_type');
        break;
      case 7:
        domain = c.string(tag, 'domain');
        break;
      case 5: {
        const attr = readAttr(c, tag, frames, graph);
        attrs.set(attr.name, attr);
        break;
      }
      default:
        c.skip(tag);
    }
  }
  return { label: `${opType || 'node'} '${name || outputs[0] || `#${index}`}'`, opType, domain, inputs, outputs, attrs };
}

function readAttr(c: Cursor, tag: Tag, nodeFrames: readonly Frame[], graph: GraphAt): AttrAt {
  const { cursor: a, frame } = enter(c, tag, 'attribute');
  let name = '';
  let i: number | null = null;
  const ints: number[] = [];
  let tensor: TensorAt | null = null;
  while (!a.done()) {
    const t = a.tag();
    switch (t.field) {
      case 1:
        name = a.string(t, 'name');
        break;
      case 3:
        i = a.int(t, 'i');
        break;
      case 8:
        a.packedInts(t, 'ints', ints);
        break;
      case 5: {
        const inner = enter(a, t, 't');
        tensor = readTensor(inner.cursor, [...nodeFrames, frame, inner.frame]);
        break;
      }
      case 6:
      case 11:
        graph.subgraphs++;
        a.skip(t);
        break;
      default:
        a.skip(t);
    }
  }
  return { name, i, ints, tensor };
}

function readTensor(c: Cursor, frames: readonly Frame[]): TensorAt {
  let name = '';
  let dataType = 0;
  let external = false;
  const dims: number[] = [];
  let raw: { start: number; end: number } | null = null;
  let rawField: FieldAt | null = null;
  const int64Fields: FieldAt[] = [];
  const int64Values: number[] = [];
  while (!c.done()) {
    const tag = c.tag();
    switch (tag.field) {
      case 1:
        c.packedInts(tag, 'dims', dims);
        break;
      case 2:
        dataType = c.int(tag, 'data_type');
        break;
      case 7:
        c.packedInts(tag, 'int64_data', int64Values);
        int64Fields.push({ start: tag.at, end: c.pos, frames });
        break;
      case 8:
        name = c.string(tag, 'name');
        break;
      case 9:
        raw = c.span(tag, 'raw_data');
        rawField = { start: tag.at, end: c.pos, frames };
        break;
      case 14:
        external = c.int(tag, 'data_location') === 1;
        break;
      default:
        c.skip(tag);
    }
  }
  const elements = dims.reduce((a, b) => a * b, 1);
  let int64: number[] | null = null;
  if (dataType === 7 && !external && elements <= SMALL) {
    if (raw !== null && raw.end - raw.start === elements * 8) {
      const view = new DataView(c.bytes.buffer, c.bytes.byteOffset + raw.start, raw.end - raw.start);
      int64 = Array.from({ length: elements }, (_, k) => Number(view.getBigInt64(k * 8, true)));
    } else if (raw === null && int64Values.length === elements) {
      int64 = int64Values;
    }
  }
  return { name, dataType, dims, external, int64, rawField, int64Fields };
}

function readValue(c: Cursor, frames: readonly Frame[], dimParams: Set<string>): ValueAt {
  let name = '';
  let dims: DimAt[] | null = null;
  while (!c.done()) {
    const tag = c.tag();
    if (tag.field === 1) name = c.string(tag, 'name');
    else if (tag.field === 2) {
      const type = enter(c, tag, 'type');
      dims = readTypeDims(type.cursor, [...frames, type.frame], dimParams);
    } else c.skip(tag);
  }
  return { name, dims };
}

/** TypeProto → tensor_type → shape → dim[]; null for other kinds of types or no shape. */
function readTypeDims(c: Cursor, frames: readonly Frame[], dimParams: Set<string>): DimAt[] | null {
  let dims: DimAt[] | null = null;
  while (!c.done()) {
    const tag = c.tag();
    if (tag.field !== 1) {
      c.skip(tag);
      continue;
    }
    const tensorType = enter(c, tag, 'tensor_type');
    const tt = tensorType.cursor;
    while (!tt.done()) {
      const t = tt.tag();
      if (t.field !== 2) {
        tt.skip(t);
        continue;
      }
      const shape = enter(tt, t, 'shape');
      dims = [];
      const s = shape.cursor;
      while (!s.done()) {
        const st = s.tag();
        if (st.field !== 1) {
          s.skip(st);
          continue;
        }
        const dim = enter(s, st, 'dim');
        const dimFrames = [...frames, tensorType.frame, shape.frame, dim.frame];
        let value: number | string | null = null;
        let field: FieldAt | null = null;
        const d = dim.cursor;
        while (!d.done()) {
          const dt = d.tag();
          if (dt.field === 1) {
            value = d.int(dt, 'dim_value');
            field = { start: dt.at, end: d.pos, frames: dimFrames };
          } else if (dt.field === 2) {
            value = d.string(dt, 'dim_param') || null;
            field = null;
            if (typeof value === 'string') dimParams.add(value);
          } else d.skip(dt);
        }
        dims.push({ value, field });
      }
    }
  }
  return dims;
}

// ---------------------------------------------------------------------------------------------------
// Analysis.

type Kind =
  | { readonly batched: true; readonly rank: number | null }
  | { readonly batched: false; readonly dims: readonly number[] | null; readonly tensor: TensorAt | null };

const UNARY = new Set([
  'Relu', 'LeakyRelu', 'Sigmoid', 'HardSigmoid', 'Tanh', 'Elu', 'Selu', 'Celu', 'Softplus', 'Softsign', 'ThresholdedRelu', 'HardSwish', 'Mish', 'Gelu',
  'Exp', 'Log', 'Abs', 'Neg', 'Sqrt', 'Reciprocal', 'Floor', 'Ceil', 'Round', 'Erf', 'Sign', 'Sin', 'Cos', 'Not', 'IsNaN', 'IsInf', 'Identity', 'Cast',
  'Clip', 'Conv', 'MaxPool', 'AveragePool', 'LpPool', 'GlobalAveragePool', 'GlobalMaxPool', 'GlobalLpPool', 'LRN', 'BatchNormalization',
  'InstanceNormalization', 'Dropout',
]);
const BINARY = new Set(['Add', 'Sub', 'Mul', 'Div', 'Pow', 'Max', 'Min', 'Sum', 'Mean', 'PRelu', 'Equal', 'Greater', 'Less', 'GreaterOrEqual', 'LessOrEqual', 'And', 'Or', 'Xor', 'Mod', 'Where']);
const REDUCE = new Set(['ReduceSum', 'ReduceMean', 'ReduceMax', 'ReduceMin', 'ReduceProd', 'ReduceLogSumExp', 'ReduceLogSum', 'ReduceL1', 'ReduceL2', 'ReduceSumSquare']);
/** Opset from which each reduction takes its axes as an input instead of an attribute. */
const reduceAxesInputFrom = (op: string): number => (op === 'ReduceSum' ? 13 : 18);

interface ReshapeRewrite {
  readonly tensor: TensorAt;
  readonly to: number[];
}

class Refusal extends Error {}
const refuse = (reason: string): never => {
  throw new Refusal(reason);
};

/**
 * Makes the fixed batch of 1 of the model's image input free, or says why that cannot be proved safe.
 * `bytes` is not modified. See the rules at the top of this file.
 */
export function relaxBatch(bytes: Uint8Array): Result<RelaxedBatch> {
  let model: ModelAt;
  try {
    model = readModel(bytes);
  } catch (e) {
    if (e instanceof WireError) return fail(`The model could not be read: ${e.message}`);
    throw e;
  }
  try {
    return ok(relax(bytes, model));
  } catch (e) {
    if (e instanceof Refusal) return fail(e.message);
    throw e;
  }
}

function relax(bytes: Uint8Array, model: ModelAt): RelaxedBatch {
  const graph = model.graph ?? refuse('the model has no graph');
  if (model.opset === null || model.opset < 7) refuse(`its standard opset is ${model.opset ?? 'missing'}; before opset 7 operators broadcast differently`);
  const opset = model.opset!;
  if (graph.subgraphs > 0) refuse('it has subgraphs (If, Loop or Scan bodies), which are not analysed');
  if (model.functions > 0) refuse('it defines its own functions, which are not analysed');

  const feedable = graph.inputs.filter((v) => !graph.initializers.has(v.name) && !graph.sparse.has(v.name));
  if (feedable.length !== 1) refuse(`it has ${feedable.length} inputs to feed, not one`);
  const input = feedable[0]!;
  const dims = input.dims ?? refuse(`input '${input.name}' declares no tensor shape`);
  const first = dims[0];
  if (first === undefined || first.value !== 1 || first.field === null) refuse(`input '${input.name}' does not fix its batch at 1`);

  // What each tensor is: batched (depends on the image) or constant (with its dimensions when known).
  const kinds = new Map<string, Kind>();
  const declared = new Map<string, readonly DimAt[]>();
  for (const v of graph.valueInfo) if (v.dims) declared.set(v.name, v.dims);
  const knownDims = (name: string): number[] | null => {
    const d = declared.get(name);
    return d && d.every((x) => typeof x.value === 'number' && x.value >= 0) ? d.map((x) => x.value as number) : null;
  };
  for (const t of graph.initializers.values()) kinds.set(t.name, { batched: false, dims: t.dims, tensor: t });
  for (const name of graph.sparse) kinds.set(name, { batched: false, dims: knownDims(name), tensor: null });
  for (const v of graph.inputs) {
    if (v === input) kinds.set(v.name, { batched: true, rank: dims.length });
    else if (!kinds.has(v.name)) refuse(`input '${v.name}' is neither the image nor a weight`);
  }

  // Node order: files need not be sorted (keras2onnx writes them in reverse), so order by dependencies.
  const producers = new Map<string, NodeAt>();
  for (const node of graph.nodes) {
    if (node.domain !== '' && node.domain !== 'ai.onnx') {
      // A custom operator anywhere: its semantics are unknown, so nothing can be proved about the batch.
      refuse(`${node.label} is from the '${node.domain}' domain`);
    }
    for (const out of node.outputs) if (out !== '') producers.set(out, node);
  }
  const order = topologicalOrder(graph.nodes, kinds, producers);

  // Every use of each tensor, to refuse rewriting a shape constant that something else also reads.
  const uses = new Map<string, number>();
  for (const node of graph.nodes) for (const name of node.inputs) if (name !== '') uses.set(name, (uses.get(name) ?? 0) + 1);
  for (const out of graph.outputs) uses.set(out.name, (uses.get(out.name) ?? 0) + 1);

  const reshapes: ReshapeRewrite[] = [];
  for (const node of order) {
    const ins = node.inputs.map((name) => (name === '' ? null : kinds.get(name)!));
    const outs = analyseNode(node, ins, opset, uses, reshapes, knownDims);
    node.outputs.forEach((name, k) => {
      if (name !== '') kinds.set(name, outs[k] ?? outs[0]!);
    });
  }

  // The shapes to rewrite: the input, and every output or value_info entry of a batched tensor.
  const fields: { name: string; field: FieldAt }[] = [{ name: input.name, field: first!.field! }];
  for (const v of [...graph.outputs, ...graph.valueInfo]) {
    const kind = kinds.get(v.name);
    if (!kind?.batched || !v.dims || v.dims.length === 0) continue;
    const d = v.dims[0]!;
    if (d.value === 1 && d.field) fields.push({ name: v.name, field: d.field });
    else if (typeof d.value === 'number' && d.value !== 1) refuse(`'${v.name}' depends on the image but declares a first dimension of ${d.value}`);
    if (kind.rank !== null && v.dims.length !== kind.rank) refuse(`'${v.name}' declares ${v.dims.length} dimensions where ${kind.rank} were inferred`);
  }
  const outputsBatched = graph.outputs.filter((o) => kinds.get(o.name)?.batched);
  if (outputsBatched.length === 0) refuse('no output depends on the image input');

  const symbol = ['N', 'batch', 'batch_size', 'N_batch'].find((s) => !graph.dimParams.has(s)) ?? refuse('every candidate name for the batch is taken');
  const dimParam = new Uint8Array(lengthField(2, asciiBytes(symbol)));
  const edits: Edit[] = fields.map(({ field }) => ({ start: field.start, end: field.end, bytes: dimParam, frames: field.frames }));
  const changed: RelaxedBatch['reshapes'][number][] = [];
  for (const r of reshapes) {
    edits.push(...tensorEdits(r.tensor, r.to));
    changed.push({ tensor: r.tensor.name, from: r.tensor.int64!, to: r.to });
  }
  return { bytes: applyEdits(bytes, edits), symbol, inputName: input.name, shapes: fields.map((f) => f.name), reshapes: changed };
}

function topologicalOrder(nodes: readonly NodeAt[], known: ReadonlyMap<string, Kind>, producers: ReadonlyMap<string, NodeAt>): NodeAt[] {
  const waiting = new Map<NodeAt, number>();
  const consumers = new Map<string, NodeAt[]>();
  const ready: NodeAt[] = [];
  for (const node of nodes) {
    let missing = 0;
    for (const name of new Set(node.inputs)) {
      if (name === '' || known.has(name)) continue;
      if (!producers.has(name)) refuse(`${node.label} reads '${name}', which nothing defines`);
      missing++;
      consumers.set(name, [...(consumers.get(name) ?? []), node]);
    }
    waiting.set(node, missing);
    if (missing === 0) ready.push(node);
  }
  const order: NodeAt[] = [];
  while (ready.length > 0) {
    const node = ready.shift()!;
    order.push(node);
    for (const out of node.outputs) {
      for (const consumer of consumers.get(out) ?? []) {
        const left = waiting.get(consumer)! - 1;
        waiting.set(consumer, left);
        if (left === 0) ready.push(consumer);
      }
    }
  }
  if (order.length !== nodes.length) refuse('its graph has a cycle');
  return order;
}

const intAttr = (node: NodeAt, name: string, fallback: number): number => node.attrs.get(name)?.i ?? fallback;
const intsAttr = (node: NodeAt, name: string): readonly number[] | null => (node.attrs.has(name) ? node.attrs.get(name)!.ints : null);

/** A constant input's int64 values, or a refusal naming what was needed. */
function constValues(node: NodeAt, ins: readonly (Kind | null)[], k: number, what: string): readonly number[] {
  const kind = ins[k];
  if (!kind || kind.batched || !kind.tensor || kind.tensor.int64 === null) refuse(`${node.label} takes its ${what} from '${node.inputs[k]}', which is not an int64 constant stored in the file`);
  return (kind as { tensor: TensorAt }).tensor.int64!;
}

/** Normalises a possibly negative axis; a refusal when the rank needed for that is unknown. */
function axis(node: NodeAt, value: number, rank: number | null): number {
  if (value >= 0) return value;
  if (rank === null) refuse(`${node.label} uses axis ${value} on a tensor of unknown rank`);
  return value + rank!;
}

function analyseNode(
  node: NodeAt,
  ins: readonly (Kind | null)[],
  opset: number,
  uses: ReadonlyMap<string, number>,
  reshapes: ReshapeRewrite[],
  knownDims: (name: string) => number[] | null,
): Kind[] {
  const op = node.opType;
  const batched = ins.map((k) => k?.batched === true);
  if (!batched.includes(true)) return constantOutputs(node, ins, knownDims);
  const x = ins[0];
  const rank = x?.batched ? x.rank : null;
  const same = (r: number | null): Kind[] => [{ batched: true, rank: r }];
  const onlyFirstBatched = (): void => {
    if (!batched[0] || batched.slice(1).includes(true)) refuse(`${node.label} mixes the image path into an input other than its first`);
  };
  const oneOutput = (): void => {
    if (node.outputs.filter((o) => o !== '').length > 1) refuse(`${node.label} has extra outputs`);
  };

  if (UNARY.has(op)) {
    onlyFirstBatched();
    if (op === 'Dropout') {
      if (node.inputs.length > 2 && node.inputs[2] !== '') refuse(`${node.label} has a training_mode input`);
      return [{ batched: true, rank }, { batched: true, rank }];
    }
    if (op === 'MaxPool') oneOutput(); // Indices number elements across the whole batch
    if (op === 'BatchNormalization') {
      oneOutput();
      if (intAttr(node, 'training_mode', 0) !== 0) refuse(`${node.label} is in training mode`);
    }
    return same(rank);
  }

  if (BINARY.has(op)) {
    const ranks = ins.flatMap((k) => (k?.batched ? [k.rank] : []));
    const r = ranks[0] ?? null;
    if (r === null || ranks.some((q) => q !== r)) refuse(`${node.label} combines image-dependent tensors of unknown or different ranks`);
    ins.forEach((k, i) => {
      if (!k || k.batched) return;
      const d = k.dims ?? refuse(`${node.label}: the shape of constant '${node.inputs[i]}' is unknown, so how it broadcasts along the batch cannot be told`);
      if (d.length > r! || (d.length === r && d[0] !== 1)) {
        refuse(`${node.label}: constant '${node.inputs[i]}' [${d.join(',')}] spans the batch dimension of a rank-${r} tensor`);
      }
    });
    return same(r);
  }

  switch (op) {
    case 'Gemm': {
      onlyFirstBatched();
      if (intAttr(node, 'transA', 0) !== 0) refuse(`${node.label} transposes its image-dependent operand`);
      const c = ins[2];
      if (c && !c.batched) {
        const d = c.dims ?? refuse(`${node.label}: the shape of its C operand is unknown`);
        if (d.length === 2 && d[0] !== 1) refuse(`${node.label}: C [${d.join(',')}] spans the batch`);
      }
      return same(2);
    }
    case 'MatMul': {
      onlyFirstBatched();
      const b = ins[1] as Extract<Kind, { batched: false }>;
      const d = b.dims ?? refuse(`${node.label}: the shape of its B operand is unknown`);
      if (rank === null || rank < 2 || d.length !== 2) refuse(`${node.label} is not a rank-≥2 × 2-D product`);
      return same(rank);
    }
    case 'Flatten': {
      onlyFirstBatched();
      if (axis(node, intAttr(node, 'axis', 1), rank) !== 1) refuse(`${node.label} does not flatten from axis 1`);
      return same(2);
    }
    case 'Softmax':
    case 'LogSoftmax':
    case 'Hardmax': {
      onlyFirstBatched();
      if (axis(node, intAttr(node, 'axis', opset >= 13 ? -1 : 1), rank) < 1) refuse(`${node.label} normalises across the batch`);
      return same(rank);
    }
    case 'ArgMax':
    case 'ArgMin': {
      onlyFirstBatched();
      if (axis(node, intAttr(node, 'axis', 0), rank) < 1) refuse(`${node.label} reduces across the batch`);
      return same(intAttr(node, 'keepdims', 1) ? rank : rank === null ? null : rank - 1);
    }
    case 'Transpose': {
      onlyFirstBatched();
      const perm = intsAttr(node, 'perm');
      if (perm === null || perm[0] !== 0) refuse(`${node.label} moves the batch axis`);
      return same(rank);
    }
    case 'Concat': {
      if (batched.includes(false)) refuse(`${node.label} concatenates the image path with constants`);
      const ranks = ins.map((k) => (k as { rank: number | null }).rank);
      if (ranks.some((q) => q !== ranks[0])) refuse(`${node.label} concatenates tensors of different ranks`);
      if (axis(node, intAttr(node, 'axis', 0), ranks[0]!) < 1) refuse(`${node.label} concatenates along the batch`);
      return same(ranks[0]!);
    }
    case 'Pad': {
      onlyFirstBatched();
      if (node.inputs.length > 3 && node.inputs[3] !== '') refuse(`${node.label} has an axes input`);
      const pads = opset >= 11 ? constValues(node, ins, 1, 'pads') : (intsAttr(node, 'pads') ?? refuse(`${node.label} has no pads`));
      if (rank === null || pads.length !== 2 * rank) refuse(`${node.label} pads a tensor of unknown rank`);
      if (pads[0] !== 0 || pads[rank!] !== 0) refuse(`${node.label} pads the batch axis`);
      return same(rank);
    }
    case 'Reshape':
      return [reshape(node, ins, uses, reshapes)];
  }

  if (REDUCE.has(op)) {
    onlyFirstBatched();
    const fromInput = opset >= reduceAxesInputFrom(op);
    const axes = fromInput ? (node.inputs[1] ? constValues(node, ins, 1, 'axes') : null) : intsAttr(node, 'axes');
    if (axes === null || axes.length === 0) refuse(`${node.label} reduces over all axes, the batch included`);
    if (axes!.some((a) => axis(node, a, rank) === 0)) refuse(`${node.label} reduces across the batch`);
    return same(intAttr(node, 'keepdims', 1) ? rank : rank === null ? null : rank - axes!.length);
  }

  return refuse(`${node.label} is not an operator whose batch behaviour is known here`);
}

function reshape(node: NodeAt, ins: readonly (Kind | null)[], uses: ReadonlyMap<string, number>, reshapes: ReshapeRewrite[]): Kind {
  if (!ins[0]?.batched || ins[1]?.batched) refuse(`${node.label} takes its shape from the image path (computed at run time)`);
  if (node.inputs.length < 2) refuse(`${node.label} has its shape as an attribute (opset < 5)`);
  const shape = constValues(node, ins, 1, 'shape');
  const tensor = (ins[1] as { tensor: TensorAt }).tensor;
  if (intAttr(node, 'allowzero', 0) !== 0) refuse(`${node.label} sets allowzero`);
  if (shape.length === 0) refuse(`${node.label} reshapes to a scalar`);
  if (shape.slice(1).includes(-1)) refuse(`${node.label} has −1 after its first element [${shape.join(',')}], so the batch cannot be inferred`);
  if (shape.slice(1).some((v) => v === 0)) refuse(`${node.label} copies dimensions (0) after its first element [${shape.join(',')}]`);
  const lead = shape[0]!;
  if (lead === 1) {
    if ((uses.get(node.inputs[1]!) ?? 0) > 1) refuse(`${node.label}'s shape constant '${tensor.name}' is also used elsewhere`);
    if (tensor.rawField === null && tensor.int64Fields.length === 0) refuse(`${node.label}'s shape constant has no data to rewrite`);
    reshapes.push({ tensor, to: [-1, ...shape.slice(1)] });
  } else if (lead !== 0 && lead !== -1) {
    refuse(`${node.label} reshapes to [${shape.join(',')}], whose first element is neither the batch (1), 0 nor −1`);
  }
  return { batched: true, rank: shape.length };
}

/** Outputs of a node none of whose inputs depends on the image: constants, with dimensions where cheap to know. */
function constantOutputs(node: NodeAt, ins: readonly (Kind | null)[], knownDims: (name: string) => number[] | null): Kind[] {
  const out = (k: number): Kind => {
    const name = node.outputs[k] ?? '';
    if (node.opType === 'Constant' && k === 0) {
      const t = node.attrs.get('value')?.tensor ?? null;
      return { batched: false, dims: t?.dims ?? knownDims(name), tensor: t };
    }
    if (node.opType === 'Reshape' && k === 0) {
      const s = ins[1];
      const values = s && !s.batched ? (s.tensor?.int64 ?? null) : null;
      if (values && values.every((v) => v > 0)) return { batched: false, dims: values, tensor: null };
    }
    if ((node.opType === 'Identity' || node.opType === 'Cast') && k === 0) {
      const s = ins[0];
      if (s && !s.batched) return { batched: false, dims: s.dims, tensor: null };
    }
    return { batched: false, dims: knownDims(name), tensor: null };
  };
  return node.outputs.map((_, k) => out(k));
}

/** Edits that give an int64 tensor new values, in the encoding it had. */
function tensorEdits(t: TensorAt, values: readonly number[]): Edit[] {
  if (t.rawField !== null) {
    const raw = new Uint8Array(values.length * 8);
    const view = new DataView(raw.buffer);
    values.forEach((v, k) => view.setBigInt64(k * 8, BigInt(v), true));
    return [{ ...t.rawField, bytes: new Uint8Array(lengthField(9, [...raw])) }];
  }
  const packed = new Uint8Array(lengthField(7, values.flatMap((v) => encodeVarint(v))));
  return t.int64Fields.map((f, k) => ({ ...f, bytes: k === 0 ? packed : new Uint8Array(0) }));
}

/**
 * For the inference code: the model bytes and feed to use. A model whose input fixes the batch at 1 is
 * relaxed when that is provably safe (its feed then has a free batch and says so in its notes); otherwise,
 * and for every other model, the bytes and feed come back unchanged, with the reason relaxation was refused.
 */
export function relaxForFeed(bytes: Uint8Array, feed: Feed): { readonly bytes: Uint8Array; readonly feed: Feed; readonly relaxed: RelaxedBatch | null; readonly refusal: string | null } {
  if (feed.fixedBatch !== 1) return { bytes, feed, relaxed: null, refusal: null };
  const result = relaxBatch(bytes);
  if (!result.ok) {
    return { bytes, feed: { ...feed, notes: [...feed.notes, `Its batch size cannot be freed safely: ${result.reason}.`] }, relaxed: null, refusal: result.reason };
  }
  const relaxed = result.value;
  const note =
    `Input '${feed.inputName}' fixes the batch size at 1; the graph computes each image independently, so the batch dimension was made free ` +
    `(${relaxed.shapes.length} shape${relaxed.shapes.length === 1 ? '' : 's'}${relaxed.reshapes.length > 0 ? `, Reshape ${relaxed.reshapes.map((r) => `[${r.from.join(',')}] → [${r.to.join(',')}]`).join(', ')}` : ''}) and images run in batches.`;
  const notes = feed.notes.filter((n) => !n.startsWith(`Input '${feed.inputName}' fixes the batch size`));
  return { bytes: relaxed.bytes, feed: { ...feed, fixedBatch: null, notes: [note, ...notes] }, relaxed, refusal: null };
}
