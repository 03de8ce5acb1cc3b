/**
 * What the inspector learns about an ONNX model: everything the model panel shows and everything
 * needed to decide how to feed it, without the weights themselves.
 */

/** One dimension of a declared shape: a size, a symbolic name such as 'N' or 'batch', or unknown (null). */
export type Dim = number | string | null;

/** The declared type of a graph input or output (TypeProto). */
export type OnnxType =
  | { readonly kind: 'tensor'; readonly elemType: string; readonly elemTypeCode: number; readonly shape: readonly Dim[] | null }
  | { readonly kind: 'sparse-tensor'; readonly elemType: string; readonly elemTypeCode: number; readonly shape: readonly Dim[] | null }
  | { readonly kind: 'sequence'; readonly elem: OnnxType }
  | { readonly kind: 'map'; readonly keyType: string; readonly value: OnnxType }
  | { readonly kind: 'optional'; readonly elem: OnnxType }
  /** No type given, or a kind this reader does not know. */
  | { readonly kind: 'unknown' };

/** A graph input or output (ValueInfoProto). */
export interface OnnxValue {
  readonly name: string;
  readonly type: OnnxType;
}

/** Where a tensor's bytes live when the model keeps them outside the .onnx file. */
export interface ExternalData {
  /** File path relative to the model, exactly as written in the model (e.g. 'model.onnx.data'). */
  readonly location: string;
  readonly offset: number;
  /** Null when the model leaves it to be computed from the tensor's type and shape. */
  readonly length: number | null;
}

/** A constant tensor of the graph (a weight, a bias, a shape...). */
export interface Initializer {
  readonly name: string;
  readonly dataType: string;
  readonly dataTypeCode: number;
  readonly dims: readonly number[];
  /** Product of the dims (for a sparse initializer: the number of stored values). */
  readonly elements: number;
  readonly sparse: boolean;
  readonly external: ExternalData | null;
}

/**
 * A tensor anywhere in the model (main graph, subgraph, Constant node attribute) whose data is in an
 * external file. `bytes` is how many bytes it needs there, null when that cannot be known.
 */
export interface ExternalTensor extends ExternalData {
  readonly tensor: string;
  readonly bytes: number | null;
}

/** How often an operator is used. `domain` is 'ai.onnx' for the standard operators (the empty domain). */
export interface OperatorUse {
  readonly domain: string;
  readonly opType: string;
  readonly count: number;
}

export interface OpsetImport {
  /** 'ai.onnx' for the standard operator set (written as the empty domain in the file). */
  readonly domain: string;
  readonly version: number;
}

/** An inspected ONNX model. */
export interface OnnxModel {
  readonly byteLength: number;
  readonly irVersion: number | null;
  readonly producerName: string;
  readonly producerVersion: string;
  readonly domain: string;
  readonly modelVersion: number | null;
  readonly docString: string;
  readonly opsets: readonly OpsetImport[];
  readonly metadata: readonly { readonly key: string; readonly value: string }[];
  readonly graphName: string;
  /** The inputs a caller must feed. */
  readonly inputs: readonly OnnxValue[];
  /**
   * Graph inputs that are also initializers: older exporters (IR version < 4, e.g. CNTK) list every
   * weight as an input. They have a value already and need not be fed.
   */
  readonly weightInputs: readonly OnnxValue[];
  readonly outputs: readonly OnnxValue[];
  /** The main graph's initializers and sparse initializers. */
  readonly initializers: readonly Initializer[];
  /**
   * Learned values: elements of all initializers except int64, bool and string ones, which ONNX
   * operators use for shapes, axes, indices and flags rather than weights.
   */
  readonly parameters: number;
  /** Elements of all initializers, settings included. */
  readonly initializerElements: number;
  /** Nodes of the main graph and of every subgraph (If, Loop, Scan bodies): all that a runtime must run. */
  readonly nodeCount: number;
  /** Operators in order of first use, over the main graph and subgraphs. */
  readonly operators: readonly OperatorUse[];
  /** Model-local functions (FunctionProto): operators the model defines itself. */
  readonly functions: readonly { readonly domain: string; readonly name: string }[];
  /** Every tensor whose data is in an external file. */
  readonly externalTensors: readonly ExternalTensor[];
  /** Number of TrainingInfoProto entries: training steps carried beside the inference graph. */
  readonly trainingInfo: number;
  /** Operators that only occur in training graphs (gradients, optimizers, losses). */
  readonly trainingOperators: readonly OperatorUse[];
}
