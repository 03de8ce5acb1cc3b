/**
 * Reads an ONNX model (a protobuf ModelProto) far enough to describe it, the way Netron's sidebar
 * does, without decoding any weights: initializer data is skipped by its declared length.
 * Field numbers are those of onnx/onnx.proto (checked against onnx 1.12's copy).
 */
import { byteSize, dataTypeName } from './dataTypes';
import { describeForeignFormat } from './lookalike';
import type { Dim, ExternalData, ExternalTensor, Initializer, OnnxModel, OnnxType, OnnxValue, OpsetImport } from './model';
import { isTrainingOperator } from './training';
import { Cursor, LEN, VARINT, WireError, type Tag } from './wire';

/** Why a file could not be read as a model. */
export type OnnxFailureKind = 'empty' | 'not-onnx' | 'truncated' | 'malformed' | 'no-graph';

/** A Result (see ../result.ts) whose failures also say which kind of failure they are. */
export type OnnxInspection =
  | { readonly ok: true; readonly value: OnnxModel }
  | { readonly ok: false; readonly kind: OnnxFailureKind; readonly reason: string };

/** Subgraphs (If/Loop/Scan bodies) and nested types deeper than this are refused: no real model comes close. */
const MAX_DEPTH = 32;

const hexBytes = (bytes: Uint8Array, count: number): string =>
  Array.from(bytes.subarray(0, count), (b) => b.toString(16).padStart(2, '0')).join(' ');

/** The empty domain and 'ai.onnx' both mean the standard operator set; show one name for it. */
const normaliseDomain = (domain: string): string => (domain === '' ? 'ai.onnx' : domain);

const fail = (kind: OnnxFailureKind, reason: string): OnnxInspection => ({ ok: false, kind, reason });

/**
 * True when the bytes start the way every exporter writes a model: field 1 (ir_version) as a small
 * varint. Protobuf encoders write fields in number order, so ir_version comes first.
 */
function startsLikeOnnx(bytes: Uint8Array): boolean {
  return bytes[0] === 0x08 && (bytes.length === 1 || (bytes[1]! >= 1 && bytes[1]! < 0x80));
}

/**
 * Cheap check for the drop zone: does this file look like an ONNX model? Walks only the top-level
 * fields (skipping the graph by its length). A truncated or damaged model still counts, so that
 * `inspectOnnx` can say what is wrong with it.
 */
export function looksLikeOnnx(bytes: Uint8Array): boolean {
  if (startsLikeOnnx(bytes)) return true;
  try {
    const c = Cursor.file(bytes, 'ModelProto');
    let graph = false;
    while (!c.done()) {
      const tag = c.tag();
      const expected = MODEL_FIELD_WIRE[tag.field];
      if (expected !== undefined) c.expect(tag, expected, `field ${tag.field}`);
      if (tag.field === 7) graph = true;
      c.skip(tag);
    }
    return graph;
  } catch (e) {
    if (e instanceof WireError) return false;
    throw e;
  }
}

/** Wire types of ModelProto's fields, for telling an ONNX model from other protobuf files. */
const MODEL_FIELD_WIRE: Readonly<Record<number, number>> = {
  1: VARINT, 2: LEN, 3: LEN, 4: LEN, 5: VARINT, 6: LEN, 7: LEN, 8: LEN, 14: LEN, 20: LEN, 25: LEN,
};

/**
 * Describes an ONNX model. Never throws on bad bytes: empty files, other formats (with what they look
 * like), truncated or damaged files and models without a graph each get their own message.
 */
export function inspectOnnx(bytes: Uint8Array): OnnxInspection {
  if (bytes.length === 0) return fail('empty', 'The file is empty (0 bytes): it holds no model.');
  const foreign = describeForeignFormat(bytes);
  if (foreign !== null) return fail('not-onnx', `Not an ONNX model: this is ${foreign.what}.${foreign.advice ? ` ${foreign.advice}` : ''}`);
  let parsed: ParsedModel;
  try {
    parsed = parseModel(bytes);
  } catch (e) {
    if (!(e instanceof WireError)) throw e;
    if (!startsLikeOnnx(bytes)) return notProtobufModel(bytes);
    return fail(e.kind, e.message);
  }
  return finish(parsed, bytes);
}

function notProtobufModel(bytes: Uint8Array): OnnxInspection {
  return fail(
    'not-onnx',
    `Not an ONNX model: an ONNX file is a protobuf ModelProto, which starts with its IR version (bytes 08 0x), but this file starts with ` +
      `${hexBytes(bytes, 8)} and is no format this app recognises. Choose the .onnx file your framework exported.`,
  );
}

function finish(parsed: ParsedModel, bytes: Uint8Array): OnnxInspection {
  const { graph } = parsed;
  const looksOnnx = parsed.irVersion !== null || parsed.opsets.length > 0 || graph !== null;
  if (!looksOnnx) {
    // Valid protobuf (or a few bytes that happen to parse as it) without any ModelProto field we need.
    return startsLikeOnnx(bytes) ? noGraph(parsed) : notProtobufModel(bytes);
  }
  if (graph === null) return noGraph(parsed);
  if (parsed.opsets.length === 0) {
    return fail(
      'malformed',
      'The model imports no operator set (opset_import is empty), which every ONNX model since IR version 3 declares; onnxruntime cannot load it. ' +
        'If the file was cut short, download or copy it again; otherwise re-export the model.',
    );
  }
  const weightNames = new Set(graph.initializers.map((t) => t.name));
  const parameters = graph.initializers.reduce((sum, t) => (isSetting(t.dataTypeCode) ? sum : sum + t.elements), 0);
  const operators = [...parsed.collector.operators.values()];
  return {
    ok: true,
    value: {
      byteLength: bytes.length,
      irVersion: parsed.irVersion,
      producerName: parsed.producerName,
      producerVersion: parsed.producerVersion,
      domain: parsed.domain,
      modelVersion: parsed.modelVersion,
      docString: parsed.docString,
      opsets: parsed.opsets,
      metadata: parsed.metadata,
      graphName: graph.name,
      inputs: graph.inputs.filter((v) => !weightNames.has(v.name)),
      weightInputs: graph.inputs.filter((v) => weightNames.has(v.name)),
      outputs: graph.outputs,
      initializers: graph.initializers,
      parameters,
      initializerElements: graph.initializers.reduce((sum, t) => sum + t.elements, 0),
      nodeCount: parsed.collector.nodeCount,
      operators,
      functions: parsed.functions,
      externalTensors: parsed.collector.external,
      trainingInfo: parsed.trainingInfo,
      trainingOperators: operators.filter((op) => isTrainingOperator(op.domain, op.opType)),
    },
  };
}

/** int64, bool and string tensors hold shapes, axes, indices and flags: settings, not learned parameters. */
const isSetting = (code: number): boolean => code === 7 || code === 8 || code === 9 || code === 0;

function noGraph(parsed: ParsedModel): OnnxInspection {
  const facts = [
    parsed.irVersion === null ? null : `IR version ${parsed.irVersion}`,
    parsed.producerName === '' ? null : `from ${[parsed.producerName, parsed.producerVersion].filter(Boolean).join(' ')}`,
  ].filter((f) => f !== null);
  return fail(
    'no-graph',
    `The file starts like an ONNX model${facts.length > 0 ? ` (${facts.join(', ')})` : ''} but has no graph, so there is nothing to evaluate. ` +
      'If it was cut short, download or copy it again; otherwise re-export the model.',
  );
}

/** The version of the standard operator set (or of `domain`) the model imports, or null. */
export function opsetVersion(model: OnnxModel, domain = 'ai.onnx'): number | null {
  const found = model.opsets.find((o) => o.domain === domain);
  return found === undefined ? null : found.version;
}

// ---------------------------------------------------------------------------------------------
// The parser proper. Each function reads one message type from a cursor positioned on its bytes.

interface Collector {
  readonly operators: Map<string, { domain: string; opType: string; count: number }>;
  nodeCount: number;
  readonly external: ExternalTensor[];
}

interface ParsedGraph {
  name: string;
  readonly inputs: OnnxValue[];
  readonly outputs: OnnxValue[];
  readonly initializers: Initializer[];
}

interface ParsedModel {
  irVersion: number | null;
  producerName: string;
  producerVersion: string;
  domain: string;
  modelVersion: number | null;
  docString: string;
  readonly opsets: OpsetImport[];
  readonly metadata: { key: string; value: string }[];
  graph: ParsedGraph | null;
  readonly functions: { domain: string; name: string }[];
  trainingInfo: number;
  readonly collector: Collector;
}

function parseModel(bytes: Uint8Array): ParsedModel {
  const c = Cursor.file(bytes, 'ModelProto');
  const model: ParsedModel = {
    irVersion: null,
    producerName: '',
    producerVersion: '',
    domain: '',
    modelVersion: null,
    docString: '',
    opsets: [],
    metadata: [],
    graph: null,
    functions: [],
    trainingInfo: 0,
    collector: { operators: new Map(), nodeCount: 0, external: [] },
  };
  while (!c.done()) {
    const tag = c.tag();
    switch (tag.field) {
      case 1:
        model.irVersion = c.int(tag, 'ir_version');
        break;
      case 2:
        model.producerName = c.string(tag, 'producer_name');
        break;
      case 3:
        model.producerVersion = c.string(tag, 'producer_version');
        break;
      case 4:
        model.domain = c.string(tag, 'domain');
        break;
      case 5:
        model.modelVersion = c.int(tag, 'model_version');
        break;
      case 6:
        model.docString = c.string(tag, 'doc_string');
        break;
      case 7:
        // A repeated singular message merges in protobuf; merging into the same graph does that.
        model.graph = parseGraph(c.message(tag, 'graph'), model.collector, 0, model.graph ?? undefined);
        break;
      case 8:
        model.opsets.push(parseOpset(c.message(tag, `opset_import[${model.opsets.length}]`)));
        break;
      case 14:
        model.metadata.push(parseEntry(c.message(tag, `metadata_props[${model.metadata.length}]`)));
        break;
      case 20:
        c.message(tag, 'training_info'); // counted, not read: only the inference graph is evaluated
        model.trainingInfo++;
        break;
      case 25:
        model.functions.push(parseFunction(c.message(tag, `functions[${model.functions.length}]`)));
        break;
      default:
        c.skip(tag); // fields of later ONNX versions: protobuf's forward compatibility
    }
  }
  return model;
}

function parseOpset(c: Cursor): OpsetImport {
  let domain = '';
  let version = 0;
  while (!c.done()) {
    const tag = c.tag();
    if (tag.field === 1) domain = c.string(tag, 'domain');
    else if (tag.field === 2) version = c.int(tag, 'version');
    else c.skip(tag);
  }
  return { domain: normaliseDomain(domain), version };
}

function parseEntry(c: Cursor): { key: string; value: string } {
  let key = '';
  let value = '';
  while (!c.done()) {
    const tag = c.tag();
    if (tag.field === 1) key = c.string(tag, 'key');
    else if (tag.field === 2) value = c.string(tag, 'value');
    else c.skip(tag);
  }
  return { key, value };
}

function parseFunction(c: Cursor): { domain: string; name: string } {
  let name = '';
  let domain = '';
  while (!c.done()) {
    const tag = c.tag();
    if (tag.field === 1) name = c.string(tag, 'name');
    else if (tag.field === 10) domain = c.string(tag, 'domain');
    else c.skip(tag);
  }
  return { domain: normaliseDomain(domain), name };
}

function parseGraph(c: Cursor, collector: Collector, depth: number, into?: ParsedGraph): ParsedGraph {
  if (depth > MAX_DEPTH) {
    throw new WireError('malformed', `The model file is damaged or hostile: subgraphs are nested more than ${MAX_DEPTH} deep (at ${c.path}).`);
  }
  const graph: ParsedGraph = into ?? { name: '', inputs: [], outputs: [], initializers: [] };
  let nodes = 0;
  while (!c.done()) {
    const tag = c.tag();
    switch (tag.field) {
      case 1:
        parseNode(c.message(tag, `node[${nodes++}]`), collector, depth);
        break;
      case 2:
        graph.name = c.string(tag, 'name');
        break;
      case 5: {
        const tensor = parseTensor(c.message(tag, `initializer[${graph.initializers.length}]`), collector);
        graph.initializers.push(initializer(tensor, tensor.elements, false));
        break;
      }
      case 11:
        graph.inputs.push(parseValueInfo(c.message(tag, `input[${graph.inputs.length}]`)));
        break;
      case 12:
        graph.outputs.push(parseValueInfo(c.message(tag, `output[${graph.outputs.length}]`)));
        break;
      case 15:
        graph.initializers.push(parseSparseTensor(c.message(tag, `sparse_initializer[${graph.initializers.length}]`), collector));
        break;
      default:
        c.skip(tag); // doc_string, value_info, quantization_annotation...
    }
  }
  return graph;
}

function parseNode(c: Cursor, collector: Collector, depth: number): void {
  let opType = '';
  let domain = '';
  let attributes = 0;
  while (!c.done()) {
    const tag = c.tag();
    if (tag.field === 4) opType = c.string(tag, 'op_type');
    else if (tag.field === 7) domain = c.string(tag, 'domain');
    else if (tag.field === 5) parseAttribute(c.message(tag, `attribute[${attributes++}]`), collector, depth);
    else c.skip(tag);
  }
  domain = normaliseDomain(domain);
  const key = `${domain}\u0000${opType}`;
  const use = collector.operators.get(key);
  if (use === undefined) collector.operators.set(key, { domain, opType, count: 1 });
  else use.count++;
  collector.nodeCount++;
}

/** Only attributes that hold tensors (which may be external) or subgraphs (which hold nodes) matter here. */
function parseAttribute(c: Cursor, collector: Collector, depth: number): void {
  let graphs = 0;
  let tensors = 0;
  while (!c.done()) {
    const tag = c.tag();
    switch (tag.field) {
      case 5: // t
      case 10: // tensors
        parseTensor(c.message(tag, `tensor[${tensors++}]`), collector);
        break;
      case 22: // sparse_tensor
        parseSparseTensor(c.message(tag, `sparse_tensor[${tensors++}]`), collector);
        break;
      case 6: // g
      case 11: // graphs
        parseGraph(c.message(tag, `graph[${graphs++}]`), collector, depth + 1);
        break;
      default:
        c.skip(tag);
    }
  }
}

interface ParsedTensor {
  readonly name: string;
  readonly dataTypeCode: number;
  readonly dims: number[];
  readonly elements: number;
  readonly external: ExternalData | null;
}

function parseTensor(c: Cursor, collector: Collector): ParsedTensor {
  let name = '';
  let dataTypeCode = 0;
  let location = 0;
  const dims: number[] = [];
  const entries: { key: string; value: string }[] = [];
  while (!c.done()) {
    const tag = c.tag();
    switch (tag.field) {
      case 1:
        c.packedInts(tag, 'dims', dims);
        break;
      case 2:
        dataTypeCode = c.int(tag, 'data_type');
        break;
      case 8:
        name = c.string(tag, 'name');
        break;
      case 13:
        entries.push(parseEntry(c.message(tag, `external_data[${entries.length}]`)));
        break;
      case 14:
        location = c.int(tag, 'data_location');
        break;
      default:
        c.skip(tag); // raw_data and the typed data arrays: the weights themselves, never decoded
    }
  }
  const label = name === '' ? c.path : `tensor '${name}'`;
  const negative = dims.find((d) => d < 0);
  if (negative !== undefined) {
    throw new WireError('malformed', `The model file is damaged: ${label} has a negative dimension (${negative}) in its shape [${dims.join(',')}].`);
  }
  const elements = dims.reduce((a, b) => a * b, 1);
  const external = location === 1 ? externalData(entries, label) : null;
  if (external !== null) {
    collector.external.push({ tensor: name, ...external, bytes: external.length ?? byteSize(dataTypeCode, elements) });
  }
  return { name, dataTypeCode, dims, elements, external };
}

/** SparseTensorProto: values (a 1-D TensorProto named like the sparse tensor), indices, dense dims. */
function parseSparseTensor(c: Cursor, collector: Collector): Initializer {
  let values: ParsedTensor | null = null;
  const dims: number[] = [];
  while (!c.done()) {
    const tag = c.tag();
    if (tag.field === 1) values = parseTensor(c.message(tag, 'values'), collector);
    else if (tag.field === 2) parseTensor(c.message(tag, 'indices'), collector);
    else if (tag.field === 3) c.packedInts(tag, 'dims', dims);
    else c.skip(tag);
  }
  if (values === null) throw new WireError('malformed', `The model file is damaged: ${c.path} has no values.`);
  return initializer({ ...values, dims }, values.elements, true);
}

const initializer = (t: ParsedTensor, elements: number, sparse: boolean): Initializer => ({
  name: t.name,
  dataType: dataTypeName(t.dataTypeCode),
  dataTypeCode: t.dataTypeCode,
  dims: t.dims,
  elements,
  sparse,
  external: t.external,
});

function externalData(entries: readonly { key: string; value: string }[], label: string): ExternalData {
  const get = (key: string): string | undefined => entries.find((e) => e.key === key)?.value;
  const location = get('location');
  if (location === undefined || location === '') {
    throw new WireError(
      'malformed',
      `The model file is damaged: ${label} keeps its data in an external file but does not name it (no 'location' in its external_data).`,
    );
  }
  const integer = (key: string): number | null => {
    const text = get(key);
    if (text === undefined) return null;
    const value = /^\d{1,15}$/.test(text) ? Number(text) : NaN;
    if (Number.isNaN(value)) {
      throw new WireError('malformed', `The model file is damaged: ${label} has an invalid external data ${key} '${text}' (expected a byte count).`);
    }
    return value;
  };
  return { location, offset: integer('offset') ?? 0, length: integer('length') };
}

function parseValueInfo(c: Cursor): OnnxValue {
  let name = '';
  let type: OnnxType = { kind: 'unknown' };
  while (!c.done()) {
    const tag = c.tag();
    if (tag.field === 1) name = c.string(tag, 'name');
    else if (tag.field === 2) type = parseType(c.message(tag, 'type'), 0);
    else c.skip(tag);
  }
  return { name, type };
}

function parseType(c: Cursor, depth: number): OnnxType {
  if (depth > MAX_DEPTH) throw new WireError('malformed', `The model file is damaged or hostile: types are nested more than ${MAX_DEPTH} deep (at ${c.path}).`);
  let type: OnnxType = { kind: 'unknown' };
  while (!c.done()) {
    const tag = c.tag();
    switch (tag.field) {
      case 1:
        type = { kind: 'tensor', ...parseTensorType(c.message(tag, 'tensor_type')) };
        break;
      case 8:
        type = { kind: 'sparse-tensor', ...parseTensorType(c.message(tag, 'sparse_tensor_type')) };
        break;
      case 4:
        type = { kind: 'sequence', elem: parseInnerType(c.message(tag, 'sequence_type'), 1, depth) };
        break;
      case 9:
        type = { kind: 'optional', elem: parseInnerType(c.message(tag, 'optional_type'), 1, depth) };
        break;
      case 5:
        type = parseMapType(c.message(tag, 'map_type'), depth);
        break;
      default:
        c.skip(tag);
    }
  }
  return type;
}

/** Sequence and Optional hold one TypeProto in field `field`. */
function parseInnerType(c: Cursor, field: number, depth: number): OnnxType {
  let elem: OnnxType = { kind: 'unknown' };
  while (!c.done()) {
    const tag = c.tag();
    if (tag.field === field) elem = parseType(c.message(tag, 'elem_type'), depth + 1);
    else c.skip(tag);
  }
  return elem;
}

function parseMapType(c: Cursor, depth: number): OnnxType {
  let keyType = 0;
  let value: OnnxType = { kind: 'unknown' };
  while (!c.done()) {
    const tag = c.tag();
    if (tag.field === 1) keyType = c.int(tag, 'key_type');
    else if (tag.field === 2) value = parseType(c.message(tag, 'value_type'), depth + 1);
    else c.skip(tag);
  }
  return { kind: 'map', keyType: dataTypeName(keyType), value };
}

function parseTensorType(c: Cursor): { elemType: string; elemTypeCode: number; shape: Dim[] | null } {
  let elemTypeCode = 0;
  let shape: Dim[] | null = null;
  while (!c.done()) {
    const tag = c.tag();
    if (tag.field === 1) elemTypeCode = c.int(tag, 'elem_type');
    else if (tag.field === 2) shape = parseShape(c.message(tag, 'shape'), shape ?? []);
    else c.skip(tag);
  }
  return { elemType: dataTypeName(elemTypeCode), elemTypeCode, shape };
}

function parseShape(c: Cursor, dims: Dim[]): Dim[] {
  while (!c.done()) {
    const tag = c.tag();
    if (tag.field === 1) dims.push(parseDimension(c.message(tag, `dim[${dims.length}]`)));
    else c.skip(tag);
  }
  return dims;
}

function parseDimension(c: Cursor): Dim {
  let dim: Dim = null;
  while (!c.done()) {
    const tag: Tag = c.tag();
    if (tag.field === 1) dim = c.int(tag, 'dim_value');
    else if (tag.field === 2) dim = c.string(tag, 'dim_param') || null; // an empty name is no name
    else c.skip(tag);
  }
  return dim;
}
